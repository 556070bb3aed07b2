/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Where a transfer's body bytes go: gathered per connection into large
   writes at their file offset, hashed in file order (by the hashing
   worker while they arrive in order, read back from disk when a gap
   closes), written back early so the commit's fsync finds little to do.
   Knows nothing of state files, segments or HTTP. */
#ifndef SIGFETCH_SINK_H
#define SIGFETCH_SINK_H

#include "error.h"
#include "hashq.h"
#include "segplan.h"

struct sf_sink;

/* A sink writing to FD (the partial file, or standard output when
   TO_STDOUT: sequential writes only), hashing into DIG through HQ.  PATH
   names the file in messages.  FLUSH_AT: bytes gathered per stream before
   they are written (at most SF_HBUF_SIZE).  NULL when out of memory. */
struct sf_sink *sink_new(struct sf_hashq *hq, struct sf_digests *dig,
                         int fd, bool to_stdout, const char *path,
                         size_t flush_at);

/* Write what every stream holds, then release the sink (NULL is fine).
   The fd stays open: it belongs to the caller. */
void sink_free(struct sf_sink *s);

/* Bytes gathered per stream before a write. */
void sink_set_flush(struct sf_sink *s, size_t flush_at);

/* LEN bytes of stream I that belong at file offset AT.  *WROTE (may be
   NULL) becomes true when bytes went to disk. */
enum sf_err sink_put(struct sf_sink *s, int i, int64_t at, const char *data,
                     size_t len, bool *wrote, struct sf_error *err);

/* Write what stream I holds. */
enum sf_err sink_flush(struct sf_sink *s, int i, struct sf_error *err);

/* Write what every stream holds. */
enum sf_err sink_flush_all(struct sf_sink *s, struct sf_error *err);

/* The file is complete: write back all of it on the writeback thread
   while the caller hashes what is left, so that the commit's fsync
   finds it written. */
void sink_writeback(struct sf_sink *s);

/* Bytes stream I holds that are not on disk yet. */
int64_t sink_pending(const struct sf_sink *s, int i);

/* Drop what stream I holds without writing it. */
void sink_discard(struct sf_sink *s, int i);

/* Start computing KIND too.  False (and nothing changes) once a byte
   has been hashed: the new digest would miss it. */
bool sink_add_digest(struct sf_sink *s, enum sf_digest_kind kind);

/* Bytes [0, hashed) are in the digests. */
int64_t sink_hashed(const struct sf_sink *s);

/* Bytes hashed from disk because they arrived out of order. */
int64_t sink_readback(const struct sf_sink *s);

/* Hash from disk [hashed, UPTO), which must be on disk: on the hashing
   worker (a read that fails shows at sink_final), or, with PRIOR (the
   bytes are an earlier run's, not counted as read back), here. */
enum sf_err sink_catch_up(struct sf_sink *s, int64_t upto, bool prior,
                          struct sf_error *err);

/* Empty the file and the digests: start again from byte 0. */
enum sf_err sink_reset(struct sf_sink *s, struct sf_error *err);

/* Wait for the hashing of everything queued and give the hex digests. */
enum sf_err sink_final(struct sf_sink *s,
                       char hex[SF_DIGEST_COUNT][SF_HEX_MAX],
                       struct sf_error *err);

#endif /* SIGFETCH_SINK_H */
