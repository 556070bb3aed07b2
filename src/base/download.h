/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What flows between the resolvers, the transfer engine and the report:
   a resolved download, the job built around it, and its result. */
#ifndef SIGFETCH_DOWNLOAD_H
#define SIGFETCH_DOWNLOAD_H

#include "system.h"

#include <time.h>

#include "error.h"
#include "options.h"

/* A locator turned into something the engine can fetch.  url, headers and
   header values are secrets: never print them unredacted. */
struct sf_resolved {
  char *url;
  char **headers;            /* "Name: value", sent to url's origin only */
  size_t n_headers;
  struct sf_expect expect;   /* what the provider states about the file */
  char *name;                /* provider's file name, not yet sanitised */
  time_t expires_at;         /* 0 when unknown */
  const char *provider;      /* "direct", "kdocs-personal", ... */
};

/* Resolve again (a signature expired): fills OUT afresh. */
typedef enum sf_err (*sf_refresh_fn)(void *ctx, struct sf_resolved *out,
                                     struct sf_error *err);

/* One file to download, as handed to the engine. */
struct sf_download {
  size_t index;                    /* input order, for the exit status */
  size_t number;                   /* --json "index": the -i line, or the
                                      position among the arguments; 1-based */
  const char *locator;             /* as given; may hold secrets */
  char *locator_shown;             /* redacted, for messages and JSON */
  const char *output;              /* -o / input "output", or NULL */
  const struct sf_expect *user;    /* user's expectations, never NULL */
  const char *const *headers;      /* user's -H */
  size_t n_headers;
  struct sf_resolved resolved;
  sf_refresh_fn refresh;           /* NULL: cannot re-resolve */
  void *refresh_ctx;
  /* What an earlier run verified about an existing OUTPUT (--archive's
     staging), or NULL. */
  bool (*prior)(void *ctx, const char *output, struct sf_expect *out);
  void *prior_ctx;
};

enum sf_status {
  SF_STATUS_OK,
  SF_STATUS_SKIPPED,
  SF_STATUS_FAILED
};

/* How one download ended (CLI.md "--json result line"). */
struct sf_result {
  enum sf_status status;
  const char *output;              /* NULL when not known yet */
  int64_t size;                    /* -1 when unknown */
  char sha1[41];
  int64_t resumed_from;
  int64_t bytes_transferred;
  long retries;
  double elapsed_s;
  long http_status;                /* last status the storage answered,
                                      0 when none */
  struct sf_error err;
};

/* How far one active file has come, for a progress display. */
struct sf_progress_item {
  const void *id;     /* the same for one file across updates */
  const char *name;
  int64_t done;
  int64_t total;      /* -1 when unknown */
};

/* Release what R owns and reset it. */
void resolved_free(struct sf_resolved *r);

/* Append "Name: value" to R's headers (copied). */
enum sf_err resolved_add_header(struct sf_resolved *r, const char *line);

/* A fresh result: failed with no error yet, sizes unknown. */
void result_init(struct sf_result *res);

#endif /* SIGFETCH_DOWNLOAD_H */
