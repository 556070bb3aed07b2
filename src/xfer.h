/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One file's transfer: resume, validators, retries, verification, commit.
   Driven by the engine's multi loop; knows nothing of providers. */
#ifndef SIGFETCH_XFER_H
#define SIGFETCH_XFER_H

#include <curl/curl.h>

#include "download.h"

enum sf_xfer_phase {
  SF_XFER_READY,     /* may start a request now */
  SF_XFER_RUNNING,   /* its easy handle is in the multi */
  SF_XFER_WAITING,   /* backing off until xfer_wake() */
  SF_XFER_COMMIT,    /* verified, waiting for a batched commit */
  SF_XFER_DONE       /* result final */
};

struct sf_xfer;

struct sf_hashq;

/* A transfer for DL (not owned), hashing through HQ.  NULL when out of
   memory. */
struct sf_xfer *xfer_new(const struct sf_options *opts,
                         struct sf_download *dl, struct sf_hashq *hq);

/* Decide the output, skip or refuse an existing one, lock and load the
   partial.  Leaves the phase READY or DONE. */
void xfer_prepare(struct sf_xfer *x);

/* Start the next request on MULTI (phase READY or WAITING). */
void xfer_start(struct sf_xfer *x, CURLM *multi);

/* The request on EASY (the main one or a segment's) ended with RC: retry, redirect, restart or finish. */
void xfer_done(struct sf_xfer *x, CURLM *multi, CURL *easy, CURLcode rc);

/* Housekeeping at NOW: give up a request that moved no byte for
   --stall-timeout seconds (retried like a dropped connection), start
   segments whose back-off is over. */
void xfer_tick(struct sf_xfer *x, CURLM *multi, double now);

/* Stop now (signal): keep partial and state, result fails with WHY. */
void xfer_abort(struct sf_xfer *x, CURLM *multi, enum sf_err why);

/* Commit N verified transfers (phase COMMIT) together: one durable sync
   for all, then the renames.  Each ends DONE. */
void xfer_commit_batch(struct sf_xfer **xs, size_t n);

/* The commit of X ended with E (code SF_OK: success). */
void xfer_committed(struct sf_xfer *x, const struct sf_error *e);

enum sf_xfer_phase xfer_phase(const struct sf_xfer *x);
double xfer_wake(const struct sf_xfer *x);      /* monotonic seconds */
const struct sf_result *xfer_result(const struct sf_xfer *x);
struct sf_download *xfer_download(const struct sf_xfer *x);

/* Bytes on disk and total (-1 unknown), and the name, for progress. */
void xfer_progress(const struct sf_xfer *x, const char **name, int64_t *done,
                   int64_t *total);

void xfer_free(struct sf_xfer *x);

/* Monotonic clock in seconds. */
double xfer_now(void);

#endif /* SIGFETCH_XFER_H */
