/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One file's transfer: resume, validators, retries, verification,
   commit.  Driven by the engine's multi loop; knows nothing of
   providers.  The only place that changes a transfer's phase. */
#ifndef SIGFETCH_TRANSFER_H
#define SIGFETCH_TRANSFER_H

#include "commitq.h"
#include "download.h"

#include <curl/curl.h>

enum sf_phase {
  SF_PHASE_READY,     /* prepared: the next tick starts it */
  SF_PHASE_RUNNING,   /* at least one request is in the multi */
  SF_PHASE_WAITING,   /* no request in flight: backing off until wake */
  SF_PHASE_COMMIT,    /* verified, waiting for a batched commit */
  SF_PHASE_DONE       /* result final */
};

struct sf_transfer;
struct sf_hashq;

/* A transfer for DL (not owned), hashing through HQ; BOOT_ID is the
   running boot's id (state_boot_id(), read once per run).  NULL when
   out of memory. */
struct sf_transfer *transfer_new(const struct sf_options *opts,
                                 struct sf_download *dl,
                                 struct sf_hashq *hq, const char *boot_id);

/* Decide the output, skip or refuse an existing one, lock and load the
   partial.  Leaves the phase READY or DONE. */
void transfer_prepare(struct sf_transfer *t);

/* At NOW: give up requests that moved no byte for --stall-timeout (a
   retry like a dropped connection) and start the requests that are due
   on MULTI. */
void transfer_tick(struct sf_transfer *t, CURLM *multi, double now);

/* The request on EASY (one of T's) ended with RC: act on it. */
void transfer_done(struct sf_transfer *t, CURL *easy, CURLcode rc);

/* Stop now (signal): keep partial and state; the result fails with WHY. */
void transfer_abort(struct sf_transfer *t, enum sf_err why);

/* Commit N verified transfers (phase COMMIT) together: one durable sync
   for all, then the renames.  Each ends DONE. */
void transfer_commit_batch(struct sf_transfer **ts, size_t n);

/* The same in two steps, for a commit on another thread: hand over T's
   descriptor (the commit closes it), names and record (valid until
   transfer_commit_end), then take the commit's outcome ERR: T ends
   DONE. */
void transfer_commit_take(struct sf_transfer *t, struct sf_commit_item *it);
void transfer_commit_end(struct sf_transfer *t, const struct sf_error *err);

enum sf_phase transfer_phase(const struct sf_transfer *t);

/* When T wants the loop back (monotonic seconds): its earliest back-off
   end while WAITING, when it became verified while COMMIT. */
double transfer_wake(const struct sf_transfer *t);

const struct sf_result *transfer_result(const struct sf_transfer *t);
struct sf_download *transfer_download(const struct sf_transfer *t);

/* Bytes received and total (-1 unknown), and the name, for progress. */
void transfer_progress(const struct sf_transfer *t, const char **name,
                       int64_t *done, int64_t *total);

void transfer_free(struct sf_transfer *t);

struct sf_ratelimit;

/* --limit-rate: T's connections take their bytes from RL (the engine's,
   shared by every transfer; NULL: no limit). */
void transfer_set_ratelimit(struct sf_transfer *t, struct sf_ratelimit *rl);

/* Resume T's connections that RL paused (tokens are back), beginning
   with connection TURN modulo their number: the first one resumed gets
   the tokens, so the caller changes TURN to take turns. */
void transfer_unpause(struct sf_transfer *t, unsigned turn);

#endif /* SIGFETCH_TRANSFER_H */
