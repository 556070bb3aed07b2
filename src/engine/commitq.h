/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One worker thread that commits batches of verified files (sync, rename,
   directory sync: atomic_commit_files) while the event loop goes on
   downloading: the durable sync of one batch overlaps the transfers of
   the next (group commit). */
#ifndef SIGFETCH_COMMITQ_H
#define SIGFETCH_COMMITQ_H

#include "error.h"

#include <curl/curl.h>

#define SF_COMMIT_MAX 64          /* files in one batch */

struct sf_commitq;

/* A committer; when a batch is done it wakes MULTI's poll (may be NULL).
   Without a thread (pthread_create failed) batches commit in
   commitq_start.  NULL when out of memory. */
struct sf_commitq *commitq_new(CURLM *multi);

/* Wait for the batch in flight, stop the worker, free (NULL is fine).
   The outcome of a batch not collected is lost: collect first. */
void commitq_free(struct sf_commitq *q);

/* Is a batch started and not yet collected? */
bool commitq_busy(const struct sf_commitq *q);

/* Commit N (<= SF_COMMIT_MAX) files as atomic_commit_files does; the
   arrays are copied, the strings must live until the batch is
   collected.  Only when not busy. */
void commitq_start(struct sf_commitq *q, const int *fds,
                   const char *const *parts, const char *const *outs,
                   size_t n);

/* Has the batch in flight ended?  With WAIT, block until it has.  True
   once: ERRS (N entries, as started) get each file's outcome and the
   queue is free for the next batch. */
bool commitq_collect(struct sf_commitq *q, bool wait, struct sf_error *errs);

#endif /* SIGFETCH_COMMITQ_H */
