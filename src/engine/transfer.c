/* SPDX-License-Identifier: GPL-3.0-or-later */
/* transfer.c owns one file's way from a resolved URL to a committed,
   verified output (CLI.md "What a download does").  It is the only place
   that changes a transfer's phase (set_phase) and the only one that
   finishes or fails a file.  Below it, each owning its own struct and
   never calling up: request.c builds requests, sink.c stores and hashes
   bytes, segplan.c does the range arithmetic, policy.c says what a
   response means, resume.c and state.c keep the state file, verify.c
   checks expectations, output.c names the file.  Each connection is a
   stream; a stream's events come here and are decided here. */
#include "transfer_int.h"

#include <fcntl.h>
#include <stdarg.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "atomic.h"
#include "clock.h"
#include "log.h"
#include "output.h"
#include "policy.h"
#include "redact.h"
#include "request.h"
#include "segplan.h"
#include "sink.h"
#include "state.h"
#include "url.h"
#include "verify.h"

#define MAX_REDIRECTS 10
#define REFRESH_MARGIN_S 60
#define PROGRESS_MIN (64 * 1024)    /* a request that brought this much
                                       progressed: retries start afresh */
#define HASH_STEP (1024 * 1024)     /* hash from disk when the contiguous
                                       prefix grew this much */

static const char *const phase_names[] = {
  "READY", "RUNNING", "WAITING", "COMMIT", "DONE"
};

/* Every phase change goes through here, traced under -v (curl's
   mstate()). */
static void
set_phase(struct sf_transfer *t, enum sf_phase ph)
{
  if(t->phase == ph)
    return;
  log_msg(t->opts, SF_LOG_DEBUG, _("sigfetch: %s: phase %s -> %s"),
          t->dl->locator_shown, phase_names[t->phase], phase_names[ph]);
  t->phase = ph;
}

/* getpid() is a system call: one per run, not one per file */
static unsigned
own_pid(void)
{
  static unsigned pid;

  if(!pid)
    pid = (unsigned)getpid();
  return pid;
}

struct sf_transfer *
transfer_new(const struct sf_options *opts, struct sf_download *dl,
             struct sf_hashq *hq, const char *boot_id)
{
  struct sf_transfer *t = calloc(1, sizeof(*t));
  int i;

  if(!t)
    return NULL;
  t->opts = opts;
  t->dl = dl;
  t->hq = hq;
  snprintf(t->boot_id, sizeof(t->boot_id), "%s", boot_id);
  t->fd = -1;
  t->state_fd = -1;
  t->server.size = -1;
  t->seed = (unsigned)time(NULL) ^ own_pid() ^ (unsigned)dl->index;
  for(i = 0; i < SF_MAX_SEGS; i++) {
    t->s[i].t = t;
    t->s[i].slot = i;
    t->s[i].idx = -1;
    t->s[i].send_headers = true;
  }
  segplan_init(&t->plan, -1);
  state_init(&t->st);
  result_init(&t->res);
  return t;
}

/* Take stream G's handle out of the multi. */
void
transfer_stream_stop(struct stream *g)
{
  if(g->running && g->t->multi)
    curl_multi_remove_handle(g->t->multi, g->rq.easy);
  g->running = false;
}

void
transfer_free(struct sf_transfer *t)
{
  int i;

  if(!t)
    return;
  for(i = 0; i < SF_MAX_SEGS; i++) {
    transfer_stream_stop(&t->s[i]);
    request_cleanup(&t->s[i].rq);
    free(t->s[i].url);
  }
  checkpoint_free(t->ckpt); /* before the fd it syncs is closed */
  sink_free(t->sink);
  if(t->fd >= 0 && !t->to_stdout)
    close(t->fd);
  if(t->state_fd >= 0)
    close(t->state_fd);
  digests_free(t->dig);
  state_free(&t->st);
  free(t->output);
  free(t->server_name);
  free(t->part);
  free(t->state_path);
  free(t->origin);
  free(t);
}

enum sf_phase
transfer_phase(const struct sf_transfer *t)
{
  return t->phase;
}

double
transfer_wake(const struct sf_transfer *t)
{
  return t->wake;
}

const struct sf_result *
transfer_result(const struct sf_transfer *t)
{
  return &t->res;
}

struct sf_download *
transfer_download(const struct sf_transfer *t)
{
  return t->dl;
}

void
transfer_progress(const struct sf_transfer *t, const char **name,
                  int64_t *done, int64_t *total)
{
  *name = t->output ? t->output : t->dl->locator_shown;
  *done = segplan_done(&t->plan);
  *total = t->plan.size >= 0 ? t->plan.size : t->st.size;
}

/* ------------------------------------------------------------ endings */

/* Stop every stream; keep (write) or drop what they hold.  Every
   stream is free afterwards. */
static void
stop_all(struct sf_transfer *t, bool keep)
{
  struct sf_error e;
  int i;

  error_clear(&e);
  for(i = 0; i < SF_MAX_SEGS; i++) {
    transfer_stream_stop(&t->s[i]);
    if(t->sink && keep)
      sink_flush(t->sink, i, &e);
    else if(t->sink)
      sink_discard(t->sink, i);
  }
  /* after the flush: a written state counts what the sink held */
  for(i = 0; i < SF_MAX_SEGS; i++)
    t->s[i].idx = -1;
}

/* End the transfer with E: the partial and its state are kept for the
   next run (none when nothing was received). */
static void
fail(struct sf_transfer *t, const struct sf_error *e)
{
  stop_all(t, true);
  transfer_settle_checkpoint(t, true);
  t->res.status = SF_STATUS_FAILED;
  t->res.err = *e;
  if(!t->res.err.message[0])
    snprintf(t->res.err.message, sizeof(t->res.err.message), "%s",
             error_text(e->code));
  t->res.elapsed_s = clock_now() - t->t_start;
  if(t->fd >= 0 && !t->to_stdout) {
    if(segplan_done(&t->plan) == 0) {
      unlink(t->part); /* nothing worth resuming: leave no litter */
      unlink(t->state_path);
    }
    else
      transfer_save_state(t, true);
    close(t->fd);
    t->fd = -1;
  }
  set_phase(t, SF_PHASE_DONE);
}

static void
fail_code(struct sf_transfer *t, enum sf_err code, const char *fmt, ...)
  SF_PRINTF(3, 4);

static void
fail_code(struct sf_transfer *t, enum sf_err code, const char *fmt, ...)
{
  struct sf_error e;
  va_list ap;

  error_clear(&e);
  e.code = code;
  va_start(ap, fmt);
  vsnprintf(e.message, sizeof(e.message), fmt, ap);
  va_end(ap);
  fail(t, &e);
}

/* Every byte is there: hash what is not yet hashed, verify every
   expectation, then wait for the batched commit. */
static void
finish_ok(struct sf_transfer *t)
{
  char hex[SF_DIGEST_COUNT][SF_HEX_MAX];
  struct sf_error e;
  int64_t size = t->plan.size;
  enum sf_err rc;

  error_clear(&e);
  stop_all(t, true);
  rc = sink_flush_all(t->sink, &e);
  if(!rc)
    sink_writeback(t->sink); /* the commit's fsync overlaps the hashing */
  if(!rc && !transfer_settle_checkpoint(t, true))
    rc = error_set(&e, t->err.code, "%s", t->err.message);
  if(!rc) {
    log_msg(t->opts, SF_LOG_DEBUG, _("sigfetch: %s: %lld bytes left to "
                                     "hash after the last one arrived"),
            t->dl->locator_shown,
            (long long)(segplan_frontier(&t->plan) - sink_hashed(t->sink)));
    rc = sink_catch_up(t->sink, segplan_frontier(&t->plan), false, &e);
  }
  if(!rc && (segplan_frontier(&t->plan) != size ||
             sink_hashed(t->sink) != size))
    /* never commit what was not all hashed */
    rc = error_set(&e, SF_E_INTERNAL, "%s", error_text(SF_E_INTERNAL));
  if(!rc)
    rc = sink_final(t->sink, hex, &e);
  log_msg(t->opts, SF_LOG_DEBUG, _("sigfetch: %s: %lld bytes hashed from "
                                   "disk after arriving out of order"),
          t->dl->locator_shown, (long long)sink_readback(t->sink));
  t->server.size = t->st.size;
  if(!rc)
    rc = verify_check(t->srcs, t->n_srcs, size, hex, &e);
  if(rc && !t->to_stdout && error_exit_code(rc) == 6) {
    /* integrity failure: the bytes are wrong, keeping them helps no one */
    segplan_init(&t->plan, -1);
  }
  if(!rc && !t->to_stdout)
    rc = output_adopt_server_name(t->opts, t->dl, t->server_name,
                                  &t->output, &e);
  if(rc) {
    t->res.output = t->to_stdout ? "-" : t->output;
    fail(t, &e);
    return;
  }
  t->res.output = t->to_stdout ? "-" : t->output;
  t->res.size = size;
  memcpy(t->res.sha1, hex[SF_DIGEST_SHA1], sizeof(t->res.sha1));
  if(t->to_stdout) {
    t->res.status = SF_STATUS_OK;
    t->res.elapsed_s = clock_now() - t->t_start;
    set_phase(t, SF_PHASE_DONE);
    return;
  }
  /* the date and the record are written by the commit, off the loop */
  t->wake = clock_now();
  set_phase(t, SF_PHASE_COMMIT);
}

void
transfer_commit_take(struct sf_transfer *t, struct sf_commit_item *it)
{
  it->fd = t->fd;
  it->part = t->part;
  it->out = t->output;
  it->state = t->state_path;
  it->locator = t->st.locator;
  it->sha1 = t->res.sha1;
  it->last_modified = t->st.last_modified;
  t->fd = -1; /* the commit closes it */
}

void
transfer_commit_end(struct sf_transfer *t, const struct sf_error *err)
{
  if(err->code) {
    fail(t, err);
    return;
  }
  /* the committer removed the state file */
  t->res.status = SF_STATUS_OK;
  t->res.elapsed_s = clock_now() - t->t_start;
  set_phase(t, SF_PHASE_DONE);
}

void
transfer_commit_batch(struct sf_transfer **ts, size_t n)
{
  struct sf_commit_item items[SF_COMMIT_MAX];
  struct sf_error errs[SF_COMMIT_MAX];
  size_t i;

  while(n > countof(items)) {
    transfer_commit_batch(ts, countof(items));
    ts += countof(items);
    n -= countof(items);
  }
  for(i = 0; i < n; i++)
    transfer_commit_take(ts[i], &items[i]);
  if(n)
    commitq_run(items, n, errs);
  for(i = 0; i < n; i++)
    transfer_commit_end(ts[i], &errs[i]);
}

void
transfer_abort(struct sf_transfer *t, enum sf_err why)
{
  struct sf_error e;

  if(t->phase == SF_PHASE_DONE)
    return;
  error_clear(&e);
  error_set(&e, why, "%s", error_text(why));
  fail(t, &e); /* keeps every received byte */
}

/* ------------------------------------------------------------ prepare */

void
transfer_prepare(struct sf_transfer *t)
{
  enum sf_err rc;

  t->t_start = clock_now();
  tprep_sources(t);
  t->dig = digests_new(verify_digest_mask(t->srcs, t->n_srcs));
  t->origin = url_origin(t->dl->resolved.url);
  t->st.locator = redact_strip_query(t->dl->locator);
  t->st.url = redact_strip_query(t->dl->resolved.url);
  t->st.size = tprep_expected_size(t);
  snprintf(t->st.sha1, sizeof(t->st.sha1), "%s", tprep_expected_sha1(t));
  rc = t->dig && t->st.locator && t->st.url
       ? output_choose(t->opts, t->dl, &t->output, &t->to_stdout, &t->err)
       : SF_E_NOMEM;
  if(!rc && !t->origin)
    rc = error_set(&t->err,
                   strcmp(t->dl->resolved.provider, "direct")
                   ? SF_E_PROVIDER_PARSE : SF_E_BAD_LOCATOR,
                   _("not a valid URL"));
  t->res.output = t->to_stdout ? "-" : t->output;
  if(!rc && t->to_stdout) {
    t->fd = STDOUT_FILENO;
    rc = tprep_sink(t);
  }
  else if(!rc)
    rc = tprep_file(t);
  if(rc) {
    if(!t->err.code)
      error_set(&t->err, rc, "%s", error_text(rc));
    fail(t, &t->err);
    return;
  }
  if(t->res.status != SF_STATUS_SKIPPED)
    tseg_split_early(t);
  set_phase(t, t->res.status == SF_STATUS_SKIPPED ? SF_PHASE_DONE
                                                  : SF_PHASE_READY);
}

/* ------------------------------------------------------------ restarts */

/* The server named an existing output that matches: nothing to do. */
static void
end_skipped(struct sf_transfer *t)
{
  stop_all(t, false);
  if(t->fd >= 0) {
    if(segplan_done(&t->plan) == 0) {
      unlink(t->part);
      unlink(t->state_path);
    }
    close(t->fd);
    t->fd = -1;
  }
  t->res.elapsed_s = clock_now() - t->t_start;
  set_phase(t, SF_PHASE_DONE);
}

/* Drop the partial and fetch the file again with one request. */
static void
restart_from_zero(struct sf_transfer *t, const char *why)
{
  struct sf_error e;
  int i;

  error_clear(&e);
  stop_all(t, false);
  if(!transfer_drop_partial(t, why, &e)) {
    fail(t, &e);
    return;
  }
  for(i = 0; i < SF_MAX_SEGS; i++)
    t->s[i].wake = 0;
  t->unproven = 0;
}

/* The server ignores Range: one connection from what is contiguous. */
static void
give_up_segments(struct sf_transfer *t)
{
  int64_t dur0;
  int i;

  log_msg(t->opts, SF_LOG_WARN,
          _("sigfetch: %s: the server ignores Range; using one connection"),
          t->dl->locator_shown);
  stop_all(t, true);
  transfer_settle_checkpoint(t, true);
  dur0 = transfer_durable_frontier(t);
  segplan_collapse(&t->plan);
  t->plan_gen++;
  /* one stream trusts the file's length: the other segments' bytes go */
  if(ftruncate(t->fd, (off_t)t->plan.seg[0].pos)) {
    fail_code(t, SF_E_IO, _("cannot truncate partial file '%s': %s"),
              t->part, strerror(errno));
    return;
  }
  t->dur[0] = dur0 < t->plan.seg[0].pos ? dur0 : t->plan.seg[0].pos;
  t->no_split = true;
  transfer_save_state(t, false);
  for(i = 0; i < SF_MAX_SEGS; i++)
    t->s[i].wake = 0;
  t->unproven = 0;
}

/* ------------------------------------------------------------ requests */

/* Resolve again: the signed URL expired or was refused. */
static enum sf_err
refresh(struct sf_transfer *t, struct sf_error *e)
{
  struct sf_resolved fresh;
  enum sf_err rc;
  int i;

  memset(&fresh, 0, sizeof(fresh));
  fresh.expect.size = -1;
  rc = t->dl->refresh(t->dl->refresh_ctx, &fresh, e);
  if(rc) {
    resolved_free(&fresh);
    return rc;
  }
  resolved_free(&t->dl->resolved);
  t->dl->resolved = fresh;
  free(t->origin);
  t->origin = url_origin(fresh.url);
  t->url_gen++;
  for(i = 0; i < SF_MAX_SEGS; i++) {
    free(t->s[i].url);
    t->s[i].url = NULL;
    t->s[i].send_headers = true;
  }
  return t->origin ? SF_OK : SF_E_NOMEM;
}

static bool
start_stream(struct sf_transfer *t, struct stream *g)
{
  const struct sf_seg *seg = &t->plan.seg[g->idx];
  struct sf_request_spec spec;
  struct sf_error e;

  error_clear(&e);
  memset(&spec, 0, sizeof(spec));
  g->ask_start = seg->pos;
  g->ask_end = t->plan.n > 1 ? seg->end : -1;
  spec.url = g->url ? g->url : t->dl->resolved.url;
  spec.start = g->ask_start;
  spec.end = g->ask_end;
  spec.validator = request_validator(t->st.etag, t->st.last_modified);
  spec.headers[0] = t->dl->headers;
  spec.n_headers[0] = t->dl->n_headers;
  spec.headers[1] = (const char *const *)t->dl->resolved.headers;
  spec.n_headers[1] = t->dl->resolved.n_headers;
  spec.send_headers = g->send_headers;
  spec.on_body = transfer_on_body;
  spec.body_ud = g;
  spec.priv = t;
  if(request_setup(&g->rq, t->opts, &spec, &e) ||
     curl_multi_add_handle(t->multi, g->rq.easy) != CURLM_OK) {
    if(!e.code)
      error_set(&e, SF_E_INTERNAL, _("cannot set up the transfer"));
    fail(t, &e);
    return false;
  }
  if(g->idx == 0)
    t->res.resumed_from = segplan_done(&t->plan);
  if(!t->t_first_request)
    t->t_first_request = clock_now();
  g->running = true;
  g->paused = false;
  g->checked = g->accepted = false;
  g->skip = 0;
  g->got = 0;
  g->gen = t->url_gen;
  g->last_byte = clock_now();
  return true;
}

void
transfer_log_steal(const struct sf_transfer *t, int j)
{
  log_msg(t->opts, SF_LOG_DEBUG, _("sigfetch: %s: bytes %lld-%lld go to "
                                   "another connection"),
          t->dl->locator_shown, (long long)t->plan.seg[j].start,
          (long long)t->plan.seg[j].end - 1);
}

/* RUNNING while a request is in flight, else WAITING until the earliest
   stream may start again (at once when a segment waits for a free
   connection). */
static void
settle(struct sf_transfer *t)
{
  double wake = 0;
  bool first = true;
  int i;

  if(t->phase == SF_PHASE_DONE || t->phase == SF_PHASE_COMMIT)
    return;
  for(i = 0; i < SF_MAX_SEGS; i++) {
    const struct stream *g = &t->s[i];
    const struct sf_seg *seg;
    if(g->running) {
      set_phase(t, SF_PHASE_RUNNING);
      return;
    }
    if(g->idx < 0)
      continue;
    seg = &t->plan.seg[g->idx];
    if(seg->end >= 0 && seg->pos >= seg->end)
      continue;
    if(first || g->wake < wake)
      wake = g->wake;
    first = false;
  }
  t->wake = wake; /* 0 when no stream waits: a free one starts at once */
  set_phase(t, SF_PHASE_WAITING);
}

/* Re-resolve ahead of a signature's stated expiry. */
static bool
refresh_if_expiring(struct sf_transfer *t)
{
  time_t exp = t->dl->resolved.expires_at;
  struct sf_error e;

  error_clear(&e);
  if(!t->dl->refresh || !exp || exp - time(NULL) >= REFRESH_MARGIN_S)
    return true;
  if(!refresh(t, &e))
    return true;
  fail(t, &e);
  return false;
}

/* Start every stream that is due. */
static void
start_due(struct sf_transfer *t, double now)
{
  bool checked_expiry = false;
  int i;

  if(segplan_complete(&t->plan)) {
    for(i = 0; i < SF_MAX_SEGS; i++)
      if(t->s[i].running)
        return;
    finish_ok(t); /* an earlier run received every byte */
    return;
  }
  tseg_assign_free(t);
  for(i = 0; i < SF_MAX_SEGS && t->phase != SF_PHASE_DONE; i++) {
    struct stream *g = &t->s[i];
    const struct sf_seg *seg;
    if(g->idx < 0 || g->running || now < g->wake)
      continue;
    seg = &t->plan.seg[g->idx];
    if(seg->end >= 0 && seg->pos >= seg->end)
      continue;
    if(!checked_expiry && !refresh_if_expiring(t))
      return;
    checked_expiry = true;
    if(!start_stream(t, g))
      return;
  }
}

/* ------------------------------------------------------------ endings */

/* A transient failure of stream G: again from its bytes on disk after a
   back-off, or give up when the file's retry budget is spent.  The budget
   is for failures without progress (PROVIDERS.md 6.1: a URL that lives
   for one megabyte still completes): a request that brought at least
   PROGRESS_MIN bytes starts it afresh (a trickle of a few bytes before
   each stall does not).
   It counts rounds: connections failing while a back-off is pending (one
   503 seen by every segment) join it instead of spending another. */
static void
retry_or_fail(struct sf_transfer *t, struct stream *g, enum sf_err code,
              const char *why)
{
  double delay;
  double now = clock_now();
  double u = (double)rand_r(&t->seed) / ((double)RAND_MAX + 1.0);

  free(g->url); /* a redirect target may be as short-lived as the URL */
  g->url = NULL;
  g->send_headers = true;
  g->redirects = 0;
  if(now < t->retry_wake) {
    log_msg(t->opts, SF_LOG_DEBUG, _("sigfetch: %s: %s; retrying bytes "
                                     "from %lld with the others"),
            t->dl->locator_shown, why, (long long)t->plan.seg[g->idx].pos);
    g->wake = t->retry_wake;
    transfer_save_state(t, false);
    return;
  }
  if(g->got >= PROGRESS_MIN)
    t->fails_in_row = 0;
  if(!policy_may_retry(t->fails_in_row, t->opts->retries)) {
    if(t->opts->retries > 0)
      fail_code(t, code, _("%s (gave up after %ld retries without "
                           "progress)"), why, t->fails_in_row);
    else
      fail_code(t, code, "%s", why);
    return;
  }
  t->res.retries++;
  t->fails_in_row++;
  delay = policy_backoff(t->opts->retry_delay, t->fails_in_row,
                         request_retry_after(&g->rq), u);
  log_msg(t->opts, SF_LOG_WARN,
          _("sigfetch: %s: %s; retry %ld of %ld in %.1f s from byte %lld"),
          t->dl->locator_shown, why, t->fails_in_row, t->opts->retries,
          delay, (long long)t->plan.seg[g->idx].pos);
  g->wake = t->retry_wake = now + delay;
  transfer_save_state(t, false);
}

static void
follow_redirect(struct sf_transfer *t, struct stream *g, long status)
{
  char *loc = NULL;
  char *origin;

  curl_easy_getinfo(g->rq.easy, CURLINFO_REDIRECT_URL, &loc);
  if(!loc) {
    fail_code(t, SF_E_HTTP, _("HTTP %ld without a Location"), status);
    return;
  }
  if(!url_is_http(loc)) {
    fail_code(t, SF_E_REDIRECT,
              _("refused a redirect to a non-HTTP(S) URL"));
    return;
  }
  if(++g->redirects > MAX_REDIRECTS) {
    fail_code(t, SF_E_REDIRECT, _("more than %d redirects"), MAX_REDIRECTS);
    return;
  }
  origin = url_origin(loc);
  /* headers were meant for the first origin only */
  g->send_headers = g->send_headers && origin && t->origin &&
                    !strcmp(origin, t->origin);
  free(origin);
  free(g->url);
  g->url = strdup(loc);
  if(!g->url)
    fail_code(t, SF_E_NOMEM, "%s", error_text(SF_E_NOMEM));
  g->wake = 0;
}

/* 401/403/410 from storage: the signature may have expired. */
static void
refused(struct sf_transfer *t, struct stream *g, long status)
{
  struct sf_error e;

  g->wake = 0;
  if(g->gen < t->url_gen)
    return; /* another connection already resolved it again */
  if(!t->dl->refresh) {
    fail_code(t, SF_E_HTTP, _("HTTP %ld from the server"), status);
    return;
  }
  if(t->refused_in_row >= 1) {
    fail_code(t, SF_E_EXPIRED,
              _("HTTP %ld again right after resolving a fresh URL"), status);
    return;
  }
  t->refused_in_row++;
  error_clear(&e);
  log_msg(t->opts, SF_LOG_INFO,
          _("sigfetch: %s: HTTP %ld: the signed URL expired; resolving it "
            "again"), t->dl->locator_shown, status);
  if(refresh(t, &e))
    fail(t, &e);
}

/* A segment completed: hash what is now contiguous from byte 0 while
   the others still run, instead of all of it after the last byte. */
static void
hash_frontier(struct sf_transfer *t)
{
  int64_t f = transfer_disk_frontier(t);
  struct sf_error e;

  error_clear(&e);
  if(t->to_stdout || f - sink_hashed(t->sink) < HASH_STEP)
    return;
  if(sink_catch_up(t->sink, f, false, &e))
    fail(t, &e);
}

/* Act on what policy says of stream G's ended request. */
static void
act(struct sf_transfer *t, struct stream *g, const struct sf_resp *r,
    const struct sf_verdict *v)
{
  struct sf_seg *seg = &t->plan.seg[g->idx];

  switch(v->act) {
  case SF_ACT_COMPLETE:
    if(seg->end < 0) {
      /* the end of an open range: now the size is known */
      t->plan.size = seg->pos;
      seg->end = seg->pos;
    }
    g->idx = -1; /* free for another segment (its bytes were flushed) */
    if(segplan_complete(&t->plan))
      finish_ok(t);
    else
      hash_frontier(t);
    break;
  case SF_ACT_REDIRECT:
    follow_redirect(t, g, r->status);
    break;
  case SF_ACT_REFRESH:
    refused(t, g, r->status);
    break;
  case SF_ACT_RETRY:
    retry_or_fail(t, g, v->code, v->why);
    break;
  case SF_ACT_RESTART:
    restart_from_zero(t, v->why);
    break;
  case SF_ACT_NO_RANGES:
    give_up_segments(t);
    break;
  default:
    fail_code(t, v->code, "%s", v->why);
    break;
  }
}

void
transfer_done(struct sf_transfer *t, CURL *easy, CURLcode rc)
{
  struct stream *g = NULL;
  struct sf_resp r;
  struct sf_end e;
  struct sf_verdict v;
  int i;

  for(i = 0; i < SF_MAX_SEGS && !g; i++)
    if(t->s[i].running && t->s[i].rq.easy == easy)
      g = &t->s[i];
  if(!g)
    return;
  transfer_stream_stop(g);
  if(!g->checked && rc == CURLE_OK && request_status(&g->rq) >= 200 &&
     request_status(&g->rq) < 300)
    transfer_judge_headers(t, g); /* a body-less 2xx: an empty file */
  if(t->res.status == SF_STATUS_SKIPPED) {
    end_skipped(t);
    return;
  }
  if(t->err.code || sink_flush(t->sink, g->slot, &t->err)) {
    fail(t, &t->err); /* a local failure: disk full, no memory */
    return;
  }
  transfer_describe(t, g, &r);
  if(r.status)
    t->res.http_status = r.status;
  if(g->checked && !g->accepted && g->head.act != SF_ACT_DISCARD)
    v = g->head; /* the headers already decided */
  else {
    memset(&e, 0, sizeof(e));
    e.rc = rc;
    e.accepted = g->accepted;
    e.pos = t->plan.seg[g->idx].pos;
    e.size_known = t->plan.seg[g->idx].end >= 0;
    e.reached_end = e.size_known && e.pos >= t->plan.seg[g->idx].end;
    e.connect_code = request_connect_code(&g->rq);
    policy_on_end(&r, &e, request_error_text(&g->rq), &v);
  }
  if(v.act == SF_ACT_COMPLETE && r.status == 416)
    t->plan.seg[0].end = t->plan.size = t->plan.seg[0].pos;
  act(t, g, &r, &v);
  settle(t);
}

/* --max-time: the file's time is up, counted in wall-clock time from its
   first request, back-offs and re-resolutions included (what an operator
   bounds is the file's time).  The partial and state are kept, so a rerun
   resumes. */
static bool
out_of_time(struct sf_transfer *t, double now)
{
  double limit = t->opts->max_time;

  if(limit <= 0 || !t->t_first_request ||
     now - t->t_first_request < limit)
    return false;
  fail_code(t, SF_E_NETWORK, _("not finished %g s after its first request "
                               "(--max-time); the partial file is kept"),
            limit);
  return true;
}

void
transfer_tick(struct sf_transfer *t, CURLM *multi, double now)
{
  double limit = t->opts->stall_timeout;
  char why[128];
  int i;

  if(t->phase == SF_PHASE_DONE || t->phase == SF_PHASE_COMMIT)
    return;
  t->multi = multi;
  if(!transfer_settle_checkpoint(t, false)) {
    fail(t, &t->err);
    return;
  }
  if(out_of_time(t, now))
    return;
  for(i = 0; i < SF_MAX_SEGS && limit > 0; i++) {
    struct stream *g = &t->s[i];
    if(!g->running || now - g->last_byte < limit)
      continue;
    /* our own clock: libcurl's low-speed check averages over ~5 s */
    transfer_stream_stop(g);
    if(sink_flush(t->sink, i, &t->err)) {
      fail(t, &t->err);
      return;
    }
    snprintf(why, sizeof(why), _("no data received for %.1f s"), limit);
    retry_or_fail(t, g, SF_E_NETWORK, why);
    if(t->phase == SF_PHASE_DONE)
      return;
  }
  start_due(t, now);
  settle(t);
}
