/* SPDX-License-Identifier: GPL-3.0-or-later */
/* transfer_body.c handles a response's bytes: at the first one, what the
   headers mean for the file (policy.c's verdict, the validators, the
   name, the storage's own checks, the split into segments); then every
   byte into the sink, never past its segment.  A body that must not go
   to the file stops the request; what follows is decided in transfer.c
   when the request has ended. */
#include "transfer_int.h"

#include "clock.h"
#include "fname.h"
#include "hdr.h"
#include "log.h"

#define STATE_EVERY (256 * 1024)    /* segments record their positions
                                       after this many new bytes: a kill
                                       costs no more again, and the state
                                       (JSON) is not rebuilt per write */
#define CHECKPOINT_S 1.0            /* data and state made durable */

/* Remember the validators and name of an accepted first response. */
static void
keep_validators(struct sf_transfer *t, struct stream *g, int64_t total)
{
  const char *v = request_header(&g->rq, "Content-Disposition");
  char *name = v ? hdr_disposition_filename(v) : NULL;

  if(name) {
    free(t->server_name);
    t->server_name = fname_sanitize(name);
    free(name);
  }
  v = request_header(&g->rq, "ETag");
  free(t->st.etag);
  t->st.etag = v ? strdup(v) : NULL;
  v = request_header(&g->rq, "Last-Modified");
  free(t->st.last_modified);
  t->st.last_modified = v ? strdup(v) : NULL;
  if(total >= 0)
    t->st.size = total;
}

void
transfer_describe(const struct sf_transfer *t, const struct stream *g,
         struct sf_resp *r)
{
  const char *cr = request_header(&g->rq, "Content-Range");

  memset(r, 0, sizeof(*r));
  r->status = request_status(&g->rq);
  r->ask_start = g->ask_start;
  r->ask_end = g->ask_end;
  r->cr_start = r->cr_end = r->cr_total = -1;
  r->has_cr = cr && hdr_content_range(cr, &r->cr_start, &r->cr_end,
                                      &r->cr_total);
  r->content_length = request_content_length(&g->rq);
  r->etag = request_header(&g->rq, "ETag");
  r->content_encoding = request_header(&g->rq, "Content-Encoding");
  r->known_etag = t->st.etag;
  r->known_size = t->plan.size >= 0 ? t->plan.size : t->st.size;
  r->to_stdout = t->to_stdout;
}

/* Split the rest among connections once the size is known and ranges
   work. */
static void
maybe_split(struct sf_transfer *t, struct stream *g, int64_t total)
{
  const char *ar = request_header(&g->rq, "Accept-Ranges");
  int n;

  if(t->opts->connections < 2 || t->to_stdout || t->no_split ||
     t->plan.n > 1 || total <= 0 ||
     (request_status(&g->rq) == 200 && !(ar && !strcmp(ar, "bytes"))))
    return;
  if(!transfer_settle_checkpoint(t, true))
    return;
  n = transfer_split(t, total);
  if(n < 2)
    return;
  log_msg(t->opts, SF_LOG_DEBUG, _("sigfetch: %s: %d segments of %lld "
                                   "bytes for %ld connections"),
          t->dl->locator_shown, n,
          (long long)(t->plan.seg[1].end - t->plan.seg[1].start),
          t->opts->connections);
  transfer_save_state(t, false);
  /* the other connections start at the loop's next turn, not after its
     poll has waited for more of this one's bytes */
  if(t->multi)
    curl_multi_wakeup(t->multi);
}

/* The storage's own checks of the whole object (PROVIDERS.md 6.3): the
   CRC-64 of OSS and COS (the whole object's, also on a ranged answer),
   Content-MD5 of a 200 (a 206's is the part's).  They join what the
   file is verified against when their digest can still see every byte;
   a resume knows the CRC-64 from the state file. */
static void
take_integrity(struct sf_transfer *t, struct stream *g, long status)
{
  const char *v = request_header(&g->rq, "x-oss-hash-crc64ecma");
  char hex[33];

  if(!v)
    v = request_header(&g->rq, "x-cos-hash-crc64ecma");
  if(v && digest_crc64_hex(v, hex) && !t->server.crc64[0] &&
     sink_add_digest(t->sink, SF_DIGEST_CRC64)) {
    memcpy(t->server.crc64, hex, sizeof(t->server.crc64));
    memcpy(t->st.crc64, hex, sizeof(t->st.crc64));
  }
  v = request_header(&g->rq, "Content-MD5");
  if(status == 200 && v && digest_md5_b64_hex(v, hex) &&
     sink_add_digest(t->sink, SF_DIGEST_MD5))
    memcpy(t->server.md5, hex, sizeof(t->server.md5));
}

/* After the first response was accepted: may its body be stored under
   the name the server gave?  False ends the request: T's result says
   skipped, or T's err says why not. */
static bool
server_name_ok(struct sf_transfer *t, const struct stream *g)
{
  bool skip = false;

  if(g->idx || t->to_stdout)
    return true;
  return !tprep_server_name(t, &skip) && !skip;
}

/* A first response accepted for the file. */
static void
accept_body(struct sf_transfer *t, struct stream *g, const struct sf_resp *r)
{
  int64_t total = r->status == 206 ? r->cr_total : r->content_length;

  if(r->status == 206 && total < 0)
    total = r->known_size; /* an unknown total: the size we knew */

  g->accepted = true;
  g->redirects = 0;
  if(g->idx == 0 && (t->plan.n == 1 || (t->presplit && !t->ranges_ok))) {
    /* the first response (an early split sends no other before it) */
    keep_validators(t, g, total);
    take_integrity(t, g, r->status);
  }
  if(r->status == 206 && !t->ranges_ok) {
    t->ranges_ok = true;
    if(t->presplit && t->multi)
      curl_multi_wakeup(t->multi); /* the others may start now */
  }
  if(t->plan.size < 0 && total >= 0) {
    t->plan.size = total;
    t->plan.seg[t->plan.n - 1].end = total;
  }
  if(g->idx == 0)
    maybe_split(t, g, total);
}

/* The first body byte of a response: does the body belong in the file?
   False aborts the request (its end says what next). */
bool
transfer_judge_headers(struct sf_transfer *t, struct stream *g)
{
  struct sf_resp r;

  g->checked = true;
  transfer_describe(t, g, &r);
  t->res.http_status = r.status;
  policy_on_headers(&r, &g->head);
  switch(g->head.act) {
  case SF_ACT_ACCEPT:
    accept_body(t, g, &r);
    return server_name_ok(t, g);
  case SF_ACT_DISCARD:
    return true; /* error and redirect bodies are read and dropped */
  case SF_ACT_RESTART:
  case SF_ACT_NO_RANGES:
    if(t->plan.n > 1 || r.status != 200)
      return false; /* decided when the request has ended */
    if(t->to_stdout) {
      /* the same file from byte 0: drop what was already written */
      g->skip = t->plan.seg[0].pos;
      log_msg(t->opts, SF_LOG_WARN, _("sigfetch: %s: %s; restarting from "
                                      "zero"), t->dl->locator_shown,
              g->head.why);
      accept_body(t, g, &r);
      return true;
    }
    if(g->head.act == SF_ACT_NO_RANGES) {
      t->no_split = true;
      t->restarts--; /* the same file again: not the server's change */
    }
    if(!transfer_drop_partial(t, g->head.why, &t->err))
      return false;
    /* this 200 is the whole file: take it from its first byte */
    g->ask_start = 0;
    g->ask_end = -1;
    transfer_describe(t, g, &r);
    accept_body(t, g, &r);
    return true;
  default:
    return false;
  }
}

/* Bytes for stream G: never past its segment's end. */
static size_t
take_body(struct sf_transfer *t, struct stream *g, const char *data,
          size_t len)
{
  struct sf_seg *seg = &t->plan.seg[g->idx];
  size_t avail = len;
  size_t keep;
  bool wrote = false;

  if(g->skip > 0) {
    size_t n = (size_t)(g->skip < (int64_t)len ? g->skip : (int64_t)len);
    g->skip -= (int64_t)n;
    data += n;
    avail -= n;
  }
  keep = avail;
  if(seg->end >= 0 && (int64_t)keep > seg->end - seg->pos)
    keep = (size_t)(seg->end - seg->pos);
  if(keep && sink_put(t->sink, g->slot, seg->pos, data, keep, &wrote,
                      &t->err))
    return 0;
  seg->pos += (int64_t)keep;
  g->got += (int64_t)keep;
  if(wrote && !t->to_stdout) {
    /* the validators at once, a durable checkpoint in the background
       now and then; in between, segments record what they wrote (one
       stream: its length says it) */
    if(!transfer_settle_checkpoint(t, false))
      return 0;
    if((!t->state_saved || (t->plan.n > 1 &&
                            segplan_done(&t->plan) - t->recorded >=
                            STATE_EVERY)) &&
       transfer_save_state(t, false) && t->err.code)
      return 0;
    if(t->state_saved && clock_now() - t->last_checkpoint >= CHECKPOINT_S)
      transfer_start_checkpoint(t);
  }
  /* past its end the bytes are another segment's: stop this request */
  return keep < avail ? 0 : len;
}

size_t
transfer_on_body(char *data, size_t size, size_t nmemb, void *ud)
{
  struct stream *g = ud;
  struct sf_transfer *t = g->t;
  size_t len = size * nmemb;
  struct sf_seg *seg;

  if(!g->checked && !transfer_judge_headers(t, g))
    return 0;
  if(!g->accepted)
    return len;
  seg = &t->plan.seg[g->idx];
  if(t->rl && len && !(seg->end >= 0 && seg->pos >= seg->end) &&
     !ratelimit_take(t->rl, len, clock_now())) {
    /* libcurl keeps this chunk and offers it again once unpaused; being
       held back by the cap is no stall */
    g->paused = true;
    g->last_byte = clock_now();
    return CURL_WRITEFUNC_PAUSE;
  }
  t->res.bytes_transferred += (int64_t)len;
  t->refused_in_row = 0;
  g->last_byte = clock_now();
  if(seg->end >= 0 && seg->pos >= seg->end)
    return 0; /* its part is complete: the rest is another's */
  return take_body(t, g, data, len);
}

void
transfer_set_ratelimit(struct sf_transfer *t, struct sf_ratelimit *rl)
{
  t->rl = rl;
}

void
transfer_unpause(struct sf_transfer *t, unsigned turn)
{
  int k;

  for(k = 0; k < t->plan.n; k++) {
    struct stream *g = &t->s[(turn + (unsigned)k) % (unsigned)t->plan.n];
    if(!g->running || !g->paused)
      continue;
    g->paused = false; /* first: the chunk it held may come at once */
    curl_easy_pause(g->rq.easy, CURLPAUSE_CONT);
  }
}
