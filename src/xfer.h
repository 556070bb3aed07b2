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

/* The running request ended with RC: retry, redirect, restart or finish. */
void xfer_done(struct sf_xfer *x, CURLM *multi, CURLcode rc);

/* Give up the running request when no byte arrived for --stall-timeout
   seconds by NOW; it is retried like a dropped connection. */
void xfer_check_stall(struct sf_xfer *x, CURLM *multi, double now);

/* Stop now (signal): keep partial and state, result fails with WHY. */
void xfer_abort(struct sf_xfer *x, CURLM *multi, enum sf_err why);

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
