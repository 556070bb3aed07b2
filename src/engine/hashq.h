/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One worker thread that hashes received buffers while the event loop
   goes on receiving and writing: verification without a second read and
   without slowing the transfer down. */
#ifndef SIGFETCH_HASHQ_H
#define SIGFETCH_HASHQ_H

#include "digest.h"

#define SF_HBUF_SIZE (256 * 1024)

/* A buffer from the queue's pool; fill data[0..len). */
struct sf_hbuf {
  char *data;
  size_t len;
  struct sf_digests *dig;   /* private */
  struct sf_hbuf *next;     /* private */
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

/* Hash B's bytes into D after everything queued before, then recycle B. */
void hashq_put(struct sf_hashq *q, struct sf_hbuf *b, struct sf_digests *d);

/* Recycle B without hashing it. */
void hashq_release(struct sf_hashq *q, struct sf_hbuf *b);

/* Wait until every buffer queued for D is hashed; SF_E_INTERNAL if a
   digest update failed. */
enum sf_err hashq_drain(struct sf_hashq *q, struct sf_digests *d);

#endif /* SIGFETCH_HASHQ_H */
