/* SPDX-License-Identifier: GPL-3.0-or-later */
/* xfer_seg.c owns segmented downloads (-x N): once the main request shows
   the size and that ranges work, the rest of the file is split among
   extra connections on the same multi handle, each writing its own range
   of the partial file with pwrite.  Bytes are hashed in order as long as
   they arrive in order; what arrived out of order is hashed from disk
   when the gap before it closes (counted in x->readback).  Every segment's
   progress is in the state file, so a killed run resumes each one. */
#include "xfer_int.h"

#include <unistd.h>

#include "log.h"
#include "hdr.h"
#include "net.h"

int64_t
seg_bytes_done(const struct sf_xfer *x)
{
  int64_t n = x->offset;
  int i;

  for(i = 0; i < x->n_segs; i++)
    n += x->segs[i].pos - x->segs[i].start;
  return n;
}

/* Bytes of G that are on disk (pos minus what its buffer still holds). */
static int64_t
seg_written(const struct seg *g)
{
  return g->pos - (g->hb ? (int64_t)g->hb->len : 0);
}

void
seg_save_state(struct sf_xfer *x)
{
  int i;

  x->st.n_segs = x->n_segs + 1;
  x->st.segs[0].start = 0;
  x->st.segs[0].pos = x->offset - (x->hb ? (int64_t)x->hb->len : 0);
  x->st.segs[0].end = x->cap;
  for(i = 0; i < x->n_segs; i++) {
    x->st.segs[i + 1].start = x->segs[i].start;
    x->st.segs[i + 1].pos = seg_written(&x->segs[i]);
    x->st.segs[i + 1].end = x->segs[i].end;
  }
  x->st.bytes_done = seg_bytes_done(x);
  state_rewrite(x->state_path, &x->state_fd, &x->state_len, &x->st);
}

static bool
alloc_segs(struct sf_xfer *x, int n)
{
  int i;

  x->segs = calloc((size_t)n, sizeof(*x->segs));
  if(!x->segs)
    return false;
  x->n_segs = n;
  for(i = 0; i < n; i++)
    x->segs[i].x = x;
  return true;
}

void
seg_maybe_split(struct sf_xfer *x, int64_t total)
{
  int64_t rest = total - x->offset;
  int64_t n = x->opts->connections;
  int64_t size;
  int i;

  if(n < 2 || x->to_stdout || x->n_segs || x->cap >= 0 || total < 0 ||
     x->no_split)
    return;
  if(n > rest / SEG_MIN)
    n = rest / SEG_MIN;
  if(n > SF_MAX_SEGS)
    n = SF_MAX_SEGS;
  if(n < 2 || !alloc_segs(x, (int)n - 1))
    return;
  size = rest / n;
  x->cap = x->offset + size;
  for(i = 0; i < x->n_segs; i++) {
    struct seg *g = &x->segs[i];
    g->start = g->pos = x->cap + size * i;
    g->end = i == x->n_segs - 1 ? total : g->start + size;
    g->gen = x->url_gen;
  }
  log_msg(x->opts, SF_LOG_DEBUG, _("sigfetch: %s: %d connections of %lld "
                                   "bytes each"),
          x->dl->locator_shown, x->n_segs + 1, (long long)size);
  seg_save_state(x);
}

bool
seg_restore(struct sf_xfer *x, const struct sf_state *old)
{
  int i;

  if(old->n_segs < 2 || !alloc_segs(x, old->n_segs - 1))
    return old->n_segs < 2;
  x->cap = old->segs[0].end;
  x->main_done = old->segs[0].pos == old->segs[0].end;
  for(i = 0; i < x->n_segs; i++) {
    struct seg *g = &x->segs[i];
    g->start = old->segs[i + 1].start;
    g->pos = old->segs[i + 1].pos;
    g->end = old->segs[i + 1].end;
    g->done = g->pos == g->end;
  }
  return true;
}

/* Hash from disk what the in-order stream could not: bytes that arrived
   in a later segment before the gap in front of them closed. */
static enum sf_err
catch_up(struct sf_xfer *x)
{
  bool moved = true;
  int i;

  if(!x->main_done)
    return SF_OK;
  while(moved) {
    moved = false;
    for(i = 0; i < x->n_segs; i++) {
      struct seg *g = &x->segs[i];
      int64_t upto = seg_written(g);
      if(g->start <= x->hashed && x->hashed < upto) {
        enum sf_err rc = hashq_drain(x->hq, x->dig);
        if(!rc)
          rc = digests_update_fd_at(x->dig, x->fd, x->hashed,
                                    upto - x->hashed);
        if(rc)
          return rc;
        x->readback += upto - x->hashed;
        x->hashed = upto;
        moved = true;
      }
    }
  }
  return SF_OK;
}

static bool
seg_flush(struct seg *g)
{
  struct sf_xfer *x = g->x;
  struct sf_hbuf *b = g->hb;
  int64_t at;

  if(!b)
    return true;
  g->hb = NULL;
  at = g->pos - (int64_t)b->len;
  if(b->len && !xfer_write_at(x, b->data, b->len, at)) {
    hashq_release(x->hq, b);
    return false;
  }
  if(b->len && at == x->hashed && x->main_done) {
    x->hashed += (int64_t)b->len; /* b belongs to the worker after put */
    hashq_put(x->hq, b, x->dig); /* in order: no read-back needed */
  }
  else
    hashq_release(x->hq, b);
  if(g->synced < g->start)
    g->synced = g->start;
  xfer_writeback(x, &g->synced, g->pos);
  seg_save_state(x);
  return true;
}

/* The first bytes of a response: only the exact range asked for. */
static bool
seg_check_response(struct seg *g)
{
  struct curl_header *h = NULL;
  long status = 0;
  int64_t s = -1;
  int64_t e = -1;
  int64_t t = -1;

  g->started = true;
  curl_easy_getinfo(g->easy, CURLINFO_RESPONSE_CODE, &status);
  if(status == 206 &&
     curl_easy_header(g->easy, "Content-Range", 0, CURLH_HEADER, -1, &h) ==
     CURLHE_OK && hdr_content_range(h->value, &s, &e, &t) && s == g->pos &&
     (g->x->st.size < 0 || t == g->x->st.size))
    return true;
  g->bad = true;
  return false;
}

static size_t
seg_on_body(char *data, size_t size, size_t nmemb, void *ud)
{
  struct seg *g = ud;
  struct sf_xfer *x = g->x;
  size_t len = size * nmemb;
  size_t left = len;

  if(!g->started && !seg_check_response(g))
    return 0;
  x->res.bytes_transferred += (int64_t)len;
  g->last_byte = xfer_now();
  x->refused_in_row = 0;
  if((int64_t)left > g->end - g->pos)
    left = (size_t)(g->end - g->pos); /* never past the range */
  while(left) {
    size_t n;
    if(!g->hb && !(g->hb = hashq_get(x->hq)))
      return 0;
    n = SEG_FLUSH - g->hb->len;
    if(n > left)
      n = left;
    memcpy(g->hb->data + g->hb->len, data, n);
    g->hb->len += n;
    g->pos += (int64_t)n;
    data += n;
    left -= n;
    if(g->hb->len >= SEG_FLUSH && !seg_flush(g))
      return 0;
  }
  return len;
}

static bool
seg_start(struct seg *g, CURLM *multi)
{
  struct sf_xfer *x = g->x;
  char range[64];
  bool ok;

  if(!g->easy)
    g->easy = curl_easy_init();
  else
    curl_easy_reset(g->easy);
  curl_slist_free_all(g->hdrs);
  g->hdrs = NULL;
  if(!g->easy || !xfer_build_headers(x, true, &g->hdrs))
    return false;
  snprintf(range, sizeof(range), "%lld-%lld", (long long)g->pos,
           (long long)g->end - 1);
  ok = net_common_options(g->easy, x->opts) &&
       !curl_easy_setopt(g->easy, CURLOPT_URL, x->cur_url) &&
       !curl_easy_setopt(g->easy, CURLOPT_RANGE, range) &&
       !curl_easy_setopt(g->easy, CURLOPT_HTTPHEADER, g->hdrs) &&
       !curl_easy_setopt(g->easy, CURLOPT_WRITEFUNCTION, seg_on_body) &&
       !curl_easy_setopt(g->easy, CURLOPT_WRITEDATA, g) &&
       !curl_easy_setopt(g->easy, CURLOPT_PRIVATE, x) &&
       curl_multi_add_handle(multi, g->easy) == CURLM_OK;
  g->running = ok;
  g->started = g->bad = false;
  g->gen = x->url_gen;
  g->last_byte = xfer_now();
  return ok;
}

void
seg_tick(struct sf_xfer *x, double now)
{
  double limit = x->opts->stall_timeout;
  int i;

  for(i = 0; x->multi && i < x->n_segs; i++) {
    struct seg *g = &x->segs[i];
    if(g->done)
      continue;
    if(g->running && limit > 0 && now - g->last_byte >= limit) {
      /* stalled: drop the connection, retry from what is on disk */
      curl_multi_remove_handle(x->multi, g->easy);
      g->running = false;
      seg_flush(g);
      g->wake = now + x->opts->retry_delay;
      g->retries++;
      x->res.retries++;
    }
    if(!g->running && now >= g->wake && x->phase != SF_XFER_DONE &&
       !seg_start(g, x->multi)) {
      struct sf_error e;
      error_clear(&e);
      error_set(&e, SF_E_INTERNAL, _("cannot set up the transfer"));
      xfer_finish_failed(x, &e);
      return;
    }
  }
}

void
seg_try_finish(struct sf_xfer *x)
{
  struct sf_error e;
  int i;

  if(catch_up(x)) {
    error_clear(&e);
    error_set(&e, SF_E_IO, _("cannot read partial file '%s': %s"), x->part,
              strerror(errno));
    xfer_finish_failed(x, &e);
    return;
  }
  if(!x->main_done)
    return;
  for(i = 0; i < x->n_segs; i++)
    if(!x->segs[i].done)
      return;
  log_msg(x->opts, SF_LOG_DEBUG, _("sigfetch: %s: %lld bytes hashed from "
                                   "disk after arriving out of order"),
          x->dl->locator_shown, (long long)x->readback);
  x->offset = x->st.size >= 0 ? x->st.size : x->segs[x->n_segs - 1].end;
  xfer_finish_ok(x);
}

/* A segment's request failed: retry it later, or fail the file. */
static void
seg_retry(struct seg *g, const char *why)
{
  struct sf_xfer *x = g->x;
  struct sf_error e;

  if(g->retries >= x->opts->retries) {
    error_clear(&e);
    error_set(&e, SF_E_NETWORK, _("%s (gave up after %ld retries)"), why,
              g->retries);
    xfer_finish_failed(x, &e);
    return;
  }
  g->retries++;
  x->res.retries++;
  g->wake = xfer_now() + x->opts->retry_delay *
            (double)(1L << (g->retries < 7 ? g->retries - 1 : 6));
  log_msg(x->opts, SF_LOG_WARN,
          _("sigfetch: %s: %s; retrying bytes %lld-%lld"),
          x->dl->locator_shown, why, (long long)g->pos, (long long)g->end - 1);
}

static struct seg *
find_seg(struct sf_xfer *x, CURL *easy)
{
  int i;

  for(i = 0; i < x->n_segs; i++)
    if(x->segs[i].easy == easy)
      return &x->segs[i];
  return NULL;
}

/* A segment was answered with the whole file: the server ignores Range
   after all.  Give up segments and let one connection fetch the file. */
static void
seg_abandon(struct sf_xfer *x)
{
  log_msg(x->opts, SF_LOG_WARN,
          _("sigfetch: %s: the server ignores Range; using one connection"),
          x->dl->locator_shown);
  seg_cancel_all(x);
  seg_free_all(x);
  x->cap = -1;
  x->no_split = true;
  x->st.n_segs = 0;
  x->state_saved = false; /* the next flush records the plain state */
  if(x->main_done) {
    /* the first part is complete: ask for the rest, the answer decides */
    x->main_done = false;
    x->phase = SF_XFER_READY;
  }
}

bool
seg_done(struct sf_xfer *x, CURL *easy, CURLcode rc)
{
  struct seg *g = find_seg(x, easy);
  long status = 0;

  if(!g)
    return false;
  curl_multi_remove_handle(x->multi, easy);
  g->running = false;
  curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
  if(g->bad && status == 200) {
    seg_abandon(x);
    return true;
  }
  if(!seg_flush(g)) {
    xfer_finish_failed(x, &x->local_err);
    return true;
  }
  if(g->pos == g->end) {
    g->done = true;
    seg_try_finish(x);
  }
  else if(status == 401 || status == 403 || status == 410) {
    if(xfer_refused_again(x, status, g->gen))
      g->wake = 0;
  }
  else if(rc != CURLE_OK)
    seg_retry(g, curl_easy_strerror(rc));
  else {
    char why[64];
    snprintf(why, sizeof(why), _("HTTP %ld from the server"), status);
    seg_retry(g, why);
  }
  return true;
}

void
seg_cancel_all(struct sf_xfer *x)
{
  int i;

  for(i = 0; i < x->n_segs; i++) {
    struct seg *g = &x->segs[i];
    if(g->running && x->multi)
      curl_multi_remove_handle(x->multi, g->easy);
    g->running = false;
    if(g->hb && x->fd >= 0)
      seg_flush(g); /* keep every received byte */
  }
}

void
seg_free_all(struct sf_xfer *x)
{
  int i;

  for(i = 0; i < x->n_segs; i++) {
    struct seg *g = &x->segs[i];
    if(g->hb)
      hashq_release(x->hq, g->hb);
    if(g->easy)
      curl_easy_cleanup(g->easy);
    curl_slist_free_all(g->hdrs);
  }
  free(x->segs);
  x->segs = NULL;
  x->n_segs = 0;
}
