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

/* A verified file to commit: its partial open on FD, the record it
   carries once committed (output_keep_mtime, output_record: written on
   the committer's thread, durable with the data).  The strings must
   live until the batch is collected. */
struct sf_commit_item {
  int fd;
  const char *part;
  const char *out;
  const char *state;           /* removed once committed */
  const char *locator;
  const char *sha1;
  const char *last_modified;   /* may be NULL */
};

/* Commit ITEMS (N, any number) now, in this thread: each file's record,
   atomic_commit_files, then each committed file's state file removed.
   ERRS[i] gets file i's outcome. */
void commitq_run(const struct sf_commit_item *items, size_t n,
                 struct sf_error *errs);

/* A committer; when a batch is done it wakes MULTI's poll (may be NULL).
   Without a thread (pthread_create failed) batches commit in
   commitq_start.  NULL when out of memory. */
struct sf_commitq *commitq_new(CURLM *multi);

/* Wait for the batch in flight, stop the worker, free (NULL is fine).
   The outcome of a batch not collected is lost: collect first. */
void commitq_free(struct sf_commitq *q);

/* Is a batch started and not yet collected? */
bool commitq_busy(const struct sf_commitq *q);

/* Commit N (<= SF_COMMIT_MAX) files as commitq_run does, on the
   worker; ITEMS are copied.  Only when not busy. */
void commitq_start(struct sf_commitq *q, const struct sf_commit_item *items,
                   size_t n);

/* Has the batch in flight ended?  With WAIT, block until it has.  True
   once: ERRS (N entries, as started) get each file's outcome and the
   queue is free for the next batch. */
bool commitq_collect(struct sf_commitq *q, bool wait, struct sf_error *errs);

#endif /* SIGFETCH_COMMITQ_H */
