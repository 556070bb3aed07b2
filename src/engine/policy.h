/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a response or a libcurl result means for a file: pure decisions,
   no I/O, so that every case is a unit test (curl's retrycheck()).  The
   transfer acts on the verdict; nothing here changes anything. */
#ifndef SIGFETCH_POLICY_H
#define SIGFETCH_POLICY_H

#include "error.h"

#include <curl/curl.h>

enum sf_action {
  SF_ACT_ACCEPT,     /* headers: the body goes to the file */
  SF_ACT_DISCARD,    /* headers: not a body for the file (3xx, 4xx, 5xx) */
  SF_ACT_COMPLETE,   /* done: this range (or the file) is complete */
  SF_ACT_REDIRECT,   /* done: follow Location */
  SF_ACT_REFRESH,    /* done: the signature may have expired: re-resolve */
  SF_ACT_RETRY,      /* done: transient: again from the bytes on disk */
  SF_ACT_RESTART,    /* the file changed: drop the partial, from zero */
  SF_ACT_NO_RANGES,  /* the server ignores Range: one connection */
  SF_ACT_FAIL        /* give up with code */
};

/* A response as far as the decisions need it. */
struct sf_resp {
  long status;
  int64_t ask_start;         /* Range asked: [ask_start, ask_end) */
  int64_t ask_end;           /* -1: open (or no Range when ask_start 0) */
  bool has_cr;               /* Content-Range parsed */
  int64_t cr_start;          /* -1: the unsatisfied form bytes * / N */
  int64_t cr_end;            /* inclusive */
  int64_t cr_total;          /* -1: unknown */
  int64_t content_length;    /* -1: unknown */
  const char *etag;          /* of the response, or NULL */
  const char *known_etag;    /* of the bytes on disk, or NULL */
  int64_t known_size;        /* -1: unknown */
  const char *content_encoding; /* of the response, or NULL */
  bool to_stdout;
};

/* How a request ended. */
struct sf_end {
  CURLcode rc;
  bool accepted;            /* its body went to the file */
  bool reached_end;         /* its range is complete */
  int64_t pos;              /* where its bytes ended */
  bool size_known;          /* the range had a known end */
  long connect_code;        /* a proxy's answer to CONNECT, 0: none */
};

struct sf_verdict {
  enum sf_action act;
  enum sf_err code;          /* SF_ACT_FAIL / RETRY: what it would be */
  char why[256];             /* untranslated parts filled via _() */
};

/* At the first body byte of a 2xx (or any status): take the body? */
void policy_on_headers(const struct sf_resp *r, struct sf_verdict *v);

/* When the request has ended: what next? ERRTEXT is libcurl's detail
   for R's result (may be empty). */
void policy_on_end(const struct sf_resp *r, const struct sf_end *e,
                   const char *errtext, struct sf_verdict *v);

/* The back-off before retry ATTEMPT: net_backoff(), the one rule that
   provider API calls follow too. */
double policy_backoff(double delay, long attempt, double retry_after,
                      double u);

/* The file's one retry budget (shared by all its connections): may
   attempt USED + 1 of MAX happen? */
bool policy_may_retry(long used, long max);

#endif /* SIGFETCH_POLICY_H */
