/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One worker thread that hashes received buffers while the event loop
   goes on receiving and writing: verification without a second read and
   without slowing the transfer down. */
#ifndef SIGFETCH_HASHQ_H
#define SIGFETCH_HASHQ_H

#include "digest.h"

#define SF_HBUF_SIZE (256 * 1024)

/* Where the worker reports a read-back that failed (the first one). */
struct sf_hq_err {
  enum sf_err rc;
  int err_no;
};

/* A buffer from the queue's pool; fill data[0..len). */
struct sf_hbuf {
  char *data;
  size_t len;
  struct sf_digests *dig;   /* private */
  struct sf_hbuf *next;     /* private */
  int fd;                   /* private: >= 0 for a read-back */
  int64_t from;             /* private */
  int64_t rlen;             /* private */
  struct sf_hq_err *res;    /* private */
};

struct sf_hashq;

/* A queue with a pool of at most NBUF buffers (allocated as first used)
   and its worker thread (without a thread, hashing happens in
   hashq_put).  NULL when out of memory. */
struct sf_hashq *hashq_new(size_t nbuf);

/* Stop the worker and free every buffer. */
void hashq_free(struct sf_hashq *q);

/* A free buffer, waiting for the worker to release one if need be.  The
   pool must hold more buffers than callers keep at once. */
struct sf_hbuf *hashq_get(struct sf_hashq *q);

/* A free buffer, or NULL at once when none is (for what may also be
   done without one). */
struct sf_hbuf *hashq_try_get(struct sf_hashq *q);

/* Hash B's bytes into D after everything queued before, then recycle B. */
void hashq_put(struct sf_hashq *q, struct sf_hbuf *b, struct sf_digests *d);

/* Hash LEN bytes of FD from offset FROM into D after everything queued
   before, reading them into B (which is then recycled): bytes that
   arrived out of order, read back from disk on the worker (through a
   duplicate of FD) instead of the event loop.  A read that fails or comes
   up short sets *RES (if its rc is still SF_OK).  False (B recycled,
   nothing queued) when FD cannot be duplicated. */
bool hashq_put_fd(struct sf_hashq *q, struct sf_hbuf *b, struct sf_digests *d,
                  int fd, int64_t from, int64_t len, struct sf_hq_err *res);

/* Recycle B without hashing it. */
void hashq_release(struct sf_hashq *q, struct sf_hbuf *b);

/* Wait until every buffer queued for D is hashed; SF_E_INTERNAL if a
   digest update failed. */
enum sf_err hashq_drain(struct sf_hashq *q, struct sf_digests *d);

/* Start the writeback of FD's dirty pages on the writeback thread (on
   the caller's without one); with WAIT the thread also waits until they
   are written (the file is complete: its fsync then finds them clean,
   while the caller goes on hashing).  False when the thread is still
   busy with the previous request: nothing was done, ask again later. */
bool hashq_writeback(struct sf_hashq *q, int fd, bool wait);

#endif /* SIGFETCH_HASHQ_H */
