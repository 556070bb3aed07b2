/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sink.c owns the bytes between libcurl and the disk: one gather buffer
   per connection (libcurl hands out 16 KiB at a time), pwrite at the
   right offset, in-order hashing on the worker thread, the read-back of
   bytes that arrived before the gap in front of them closed, and early
   writeback. */
#include "sink.h"

#include <fcntl.h>
#include <unistd.h>

#define WRITEBACK_CHUNK (8 * 1024 * 1024)

struct stream {
  struct sf_hbuf *hb;
  int64_t at;           /* file offset of hb->data[0] */
};

struct sf_sink {
  struct sf_hashq *hq;
  struct sf_digests *dig;
  int fd;
  bool to_stdout;
  char *path;
  size_t flush_at;
  int64_t hashed;
  int64_t readback;
  int64_t unsynced;     /* bytes written since writeback last started */
  /* Segments write every 16 KiB: in-order bytes are gathered here into
     full buffers for the worker (one hand-off per SF_HBUF_SIZE, not per
     write) instead of being hashed on the loop. */
  struct sf_hbuf *stage;
  struct sf_hq_err rb_err;  /* a read-back on the worker failed */
  struct stream st[SF_MAX_SEGS];
};

struct sf_sink *
sink_new(struct sf_hashq *hq, struct sf_digests *dig, int fd, bool to_stdout,
         const char *path, size_t flush_at)
{
  struct sf_sink *s = calloc(1, sizeof(*s));

  if(!s)
    return NULL;
  s->path = strdup(path);
  if(!s->path) {
    free(s);
    return NULL;
  }
  s->hq = hq;
  s->dig = dig;
  s->fd = fd;
  s->to_stdout = to_stdout;
  sink_set_flush(s, flush_at);
  return s;
}

void
sink_set_flush(struct sf_sink *s, size_t flush_at)
{
  s->flush_at = flush_at && flush_at < SF_HBUF_SIZE ? flush_at
                                                    : SF_HBUF_SIZE;
}

void
sink_free(struct sf_sink *s)
{
  int i;

  if(!s)
    return;
  for(i = 0; i < SF_MAX_SEGS; i++)
    sink_discard(s, i);
  if(s->stage)
    hashq_release(s->hq, s->stage);
  hashq_drain(s->hq, s->dig); /* queued work points into S */
  free(s->path);
  free(s);
}

static enum sf_err
write_at(struct sf_sink *s, const char *buf, size_t len, int64_t at,
         struct sf_error *err)
{
  while(len) {
    ssize_t n = s->to_stdout ? write(s->fd, buf, len)
                             : pwrite(s->fd, buf, len, (off_t)at);
    if(n < 0 && errno == EINTR)
      continue;
    if(n <= 0) {
      int e = n < 0 ? errno : ENOSPC;
      return error_set(err, e == ENOSPC ? SF_E_DISK_FULL : SF_E_IO,
                       _("cannot write '%s': %s"),
                       s->to_stdout ? _("standard output") : s->path,
                       strerror(e));
    }
    buf += n;
    len -= (size_t)n;
    at += n;
  }
  return SF_OK;
}

/* Start writing back what is on disk every few MiB of the file (not of
   a stream: segments write pieces of 1 MiB here and there), so the fsync
   at commit finds little left to do (its cost then overlaps the
   transfer).  The writeback thread does it: it may block on a full disk
   queue. */
static void
writeback(struct sf_sink *s, size_t len)
{
  s->unsynced += (int64_t)len;
  if(s->to_stdout || s->unsynced < WRITEBACK_CHUNK)
    return;
  if(hashq_writeback(s->hq, s->fd, false))
    s->unsynced = 0;
}

void
sink_writeback(struct sf_sink *s)
{
  if(!s->to_stdout && hashq_writeback(s->hq, s->fd, true))
    s->unsynced = 0;
}

/* Queue what the stage holds for the worker. */
static void
stage_put(struct sf_sink *s)
{
  struct sf_hbuf *g = s->stage;

  s->stage = NULL;
  if(g && g->len)
    hashq_put(s->hq, g, s->dig);
  else if(g)
    hashq_release(s->hq, g);
}

/* Hash B (written at AT) if it continues the hashed prefix; B is given
   up either way. */
static enum sf_err
hash_in_order(struct sf_sink *s, struct sf_hbuf *b, int64_t at,
              struct sf_error *err)
{
  enum sf_err rc = SF_OK;

  if(at != s->hashed) {
    hashq_release(s->hq, b);
    return SF_OK;
  }
  s->hashed += (int64_t)b->len;
  if(!s->stage && s->flush_at < SF_HBUF_SIZE)
    s->stage = hashq_try_get(s->hq);
  if(s->stage) {
    /* segments: gather for the worker (a copy of 16 KiB costs far less
       than hashing it here, or than a hand-off per write) */
    size_t n = SF_HBUF_SIZE - s->stage->len;
    if(n > b->len)
      n = b->len;
    memcpy(s->stage->data + s->stage->len, b->data, n);
    s->stage->len += n;
    if(s->stage->len == SF_HBUF_SIZE) {
      stage_put(s);
      if(n < b->len) {
        memmove(b->data, b->data + n, b->len - n);
        b->len -= n;
        s->stage = b; /* the rest starts the next stage */
        return SF_OK;
      }
    }
    hashq_release(s->hq, b);
  }
  else if(b->len < SF_HBUF_SIZE) {
    /* a short buffer (the tail of a response, all of a small file):
       hashing it here costs less than waking the worker */
    stage_put(s);
    rc = hashq_drain(s->hq, s->dig);
    if(!rc)
      rc = digests_update(s->dig, b->data, b->len);
    hashq_release(s->hq, b);
  }
  else {
    stage_put(s);
    hashq_put(s->hq, b, s->dig); /* the worker hashes it, in order */
  }
  return rc ? error_set(err, SF_E_INTERNAL, "%s", error_text(SF_E_INTERNAL))
            : SF_OK;
}

/* Everything queued for the digests hashed; a failed read-back reported
   (read-backs run on the worker). */
static enum sf_err
drain(struct sf_sink *s, struct sf_error *err)
{
  enum sf_err rc;

  stage_put(s);
  rc = hashq_drain(s->hq, s->dig);
  if(rc)
    return error_set(err, rc, "%s", error_text(rc));
  if(s->rb_err.rc)
    return error_set(err, SF_E_IO, _("cannot read partial file '%s': %s"),
                     s->path, s->rb_err.err_no ? strerror(s->rb_err.err_no)
                                : _("it is shorter than recorded"));
  return SF_OK;
}

enum sf_err
sink_flush(struct sf_sink *s, int i, struct sf_error *err)
{
  struct stream *t = &s->st[i];
  struct sf_hbuf *b = t->hb;
  enum sf_err rc;

  if(!b)
    return SF_OK;
  t->hb = NULL;
  if(!b->len) {
    hashq_release(s->hq, b);
    return SF_OK;
  }
  rc = write_at(s, b->data, b->len, t->at, err);
  if(rc) {
    hashq_release(s->hq, b);
    return rc;
  }
  t->at += (int64_t)b->len;
  writeback(s, b->len);
  return hash_in_order(s, b, t->at - (int64_t)b->len, err);
}

enum sf_err
sink_flush_all(struct sf_sink *s, struct sf_error *err)
{
  enum sf_err rc = SF_OK;
  int i;

  for(i = 0; i < SF_MAX_SEGS; i++) {
    enum sf_err r = sink_flush(s, i, err);
    if(!rc)
      rc = r;
  }
  return rc;
}

enum sf_err
sink_put(struct sf_sink *s, int i, int64_t at, const char *data, size_t len,
         bool *wrote, struct sf_error *err)
{
  struct stream *t = &s->st[i];
  enum sf_err rc;

  if(t->hb && t->at + (int64_t)t->hb->len != at) {
    rc = sink_flush(s, i, err); /* not contiguous: write what it holds */
    if(rc)
      return rc;
  }
  while(len) {
    size_t n;
    if(!t->hb) {
      t->hb = hashq_get(s->hq);
      if(!t->hb)
        return error_set(err, SF_E_NOMEM, "%s", error_text(SF_E_NOMEM));
      t->at = at;
    }
    n = s->flush_at - t->hb->len;
    if(n > len)
      n = len;
    memcpy(t->hb->data + t->hb->len, data, n);
    t->hb->len += n;
    data += n;
    len -= n;
    at += (int64_t)n;
    if(t->hb->len >= s->flush_at) {
      rc = sink_flush(s, i, err);
      if(rc)
        return rc;
      if(wrote)
        *wrote = true;
    }
  }
  return SF_OK;
}

int64_t
sink_pending(const struct sf_sink *s, int i)
{
  return s->st[i].hb ? (int64_t)s->st[i].hb->len : 0;
}

void
sink_discard(struct sf_sink *s, int i)
{
  if(s->st[i].hb)
    hashq_release(s->hq, s->st[i].hb);
  s->st[i].hb = NULL;
}

bool
sink_add_digest(struct sf_sink *s, enum sf_digest_kind kind)
{
  if(s->hashed > 0 || hashq_drain(s->hq, s->dig))
    return false; /* (nothing hashed: nothing staged) */
  return digests_enable(s->dig, kind) == SF_OK;
}

int64_t
sink_hashed(const struct sf_sink *s)
{
  return s->hashed;
}

int64_t
sink_readback(const struct sf_sink *s)
{
  return s->readback;
}

enum sf_err
sink_catch_up(struct sf_sink *s, int64_t upto, bool prior,
              struct sf_error *err)
{
  struct sf_hbuf *b;
  enum sf_err rc;
  int e;

  if(upto <= s->hashed)
    return SF_OK;
  if(!prior) {
    /* on the worker, after what is queued: the loop goes on receiving */
    stage_put(s);
    b = hashq_try_get(s->hq);
    if(b && hashq_put_fd(s->hq, b, s->dig, s->fd, s->hashed,
                         upto - s->hashed, &s->rb_err)) {
      s->readback += upto - s->hashed;
      s->hashed = upto;
      return SF_OK; /* a failed read shows at the next drain */
    }
    s->readback += upto - s->hashed; /* no buffer (or fd) free: here */
  }
  rc = drain(s, err);
  if(rc)
    return rc;
  errno = 0;
  rc = digests_update_fd_at(s->dig, s->fd, s->hashed, upto - s->hashed);
  e = errno;
  if(rc == SF_E_IO)
    return error_set(err, SF_E_IO,
                     _("cannot read partial file '%s': %s"), s->path,
                     e ? strerror(e) : _("it is shorter than recorded"));
  if(rc)
    return error_set(err, rc, "%s", error_text(rc));
  s->hashed = upto;
  return SF_OK;
}

enum sf_err
sink_reset(struct sf_sink *s, struct sf_error *err)
{
  int i;

  for(i = 0; i < SF_MAX_SEGS; i++)
    sink_discard(s, i);
  if(s->stage)
    hashq_release(s->hq, s->stage);
  s->stage = NULL;
  s->hashed = 0;
  if(hashq_drain(s->hq, s->dig) || digests_reset(s->dig))
    return error_set(err, SF_E_INTERNAL, "%s", error_text(SF_E_INTERNAL));
  s->rb_err.rc = SF_OK; /* (after the drain: no read-back can set it) */
  if(s->to_stdout)
    return SF_OK;
  if(ftruncate(s->fd, 0))
    return error_set(err, SF_E_IO,
                     _("cannot truncate partial file '%s': %s"), s->path,
                     strerror(errno));
  return SF_OK;
}

enum sf_err
sink_final(struct sf_sink *s, char hex[SF_DIGEST_COUNT][SF_HEX_MAX],
           struct sf_error *err)
{
  enum sf_err rc = drain(s, err);

  if(rc)
    return rc;
  rc = digests_final(s->dig, hex);
  return rc ? error_set(err, rc, "%s", error_text(rc)) : SF_OK;
}
