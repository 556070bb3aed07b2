/* SPDX-License-Identifier: GPL-3.0-or-later */
/* run.c turns locators into downloads for the engine: it resolves them
   shortly before they start, in provider batches where the provider
   allows (a window of upcoming locators, grouped by provider; the next
   window's batches on a worker while this one downloads), reports every
   result, and keeps the first failure in input order for the exit status
   (not the lowest code, unlike Wget2). */
#include "run.h"

#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>

#include "clock.h"
#include "engine.h"
#include "fdlimit.h"
#include "fname.h"
#include "input.h"
#include "log.h"
#include "metrics.h"
#include "progress.h"
#include "redact.h"
#include "report.h"
#include "resolver.h"
#include "stage.h"
#include "thread.h"
#include "verify.h"

#define WINDOW 100

/* A download plus what re-resolving it needs; dl comes first so the
   engine's pointer converts back. */
struct run_item {
  struct sf_download dl;
  const struct sf_resolver *rv;
  const struct sf_options *opts;
  struct sf_input_item in;     /* owns locator, output, expectations */
  char *output;                /* in.output placed inside -P */
  const char **headers;        /* -H, then the line's own */
  bool resolved;
  char *skip_path;             /* --skip-existing: found before resolving */
  struct sf_error rerr;        /* resolution failure */
};

struct run {
  const struct sf_options *opts;
  struct sf_stage *stage;      /* --archive */
  struct sf_input *input;
  bool input_done;
  struct run_item *win[WINDOW];
  size_t win_pos;
  size_t win_len;
  /* the window after it, read while this one starts and its batches
     resolved on a worker meanwhile: the loop never waits for a
     provider's batch call while it has files to download */
  struct run_item *ahead[WINDOW];
  size_t ahead_len;
  bool ahead_busy;             /* the worker owns ahead[] until joined */
  pthread_t ahead_thread;
  size_t first_fail;           /* input index of the first failure */
  enum sf_err first_err;
  enum sf_err report_err;
  struct sf_progress *progress;  /* NULL: no display */
  struct sf_tally tally;         /* the end-of-run line, --metrics */
};

/* Resolver calls from the loop's thread and the worker never overlap
   (a token cache, a provider's own state). */
static pthread_mutex_t resolve_lock = PTHREAD_MUTEX_INITIALIZER;

static enum sf_err
item_refresh(void *ctx, struct sf_resolved *out, struct sf_error *err)
{
  struct run_item *it = ctx;
  enum sf_err rc;

  pthread_mutex_lock(&resolve_lock);
  rc = resolver_resolve(it->rv, it->opts, it->dl.locator, out, err);
  pthread_mutex_unlock(&resolve_lock);
  return rc;
}

static void
item_free(struct run_item *it)
{
  if(!it)
    return;
  resolved_free(&it->dl.resolved);
  free(it->dl.locator_shown);
  input_item_free(&it->in);
  free(it->output);
  free(it->headers);
  free(it->skip_path);
  free(it);
}

static void
note_status(struct run *r, size_t index, enum sf_err code)
{
  if(!r->first_err || index < r->first_fail) {
    r->first_err = code ? code : SF_E_INTERNAL;
    r->first_fail = index;
  }
}

static void
note_result(struct run *r, const struct sf_download *dl,
            const struct sf_result *res)
{
  if(r->stage && res->status != SF_STATUS_FAILED && res->output &&
     stage_record(r->stage, dl->index, res->output, res->sha1, res->size) &&
     !r->report_err)
    r->report_err = SF_E_IO;
  if(report_result(r->opts, dl, res) && !r->report_err)
    r->report_err = SF_E_IO;
  report_tally(&r->tally, res);
  progress_count(r->progress, r->tally.ok + r->tally.skipped +
                 r->tally.failed, input_count(r->input));
  if(res->status == SF_STATUS_FAILED)
    note_status(r, dl->index, res->err.code);
}

/* --skip-existing: the output of IT when its name is known before
   resolving (-o, the line's "output", a direct URL's last segment),
   else NULL. */
static char *
early_output(const struct run *r, const struct run_item *it)
{
  char *name;
  char *path;

  if(it->output)
    return strcmp(it->output, "-") ? strdup(it->output) : NULL;
  if(strcmp(it->rv->name, "direct"))
    return NULL;
  name = fname_from_url(it->dl.locator);
  path = name ? fname_join(r->opts->directory, name) : NULL;
  free(name);
  return path;
}

/* --skip-existing: IT's output exists already, so IT is skipped without
   being resolved (wget -nc). */
static void
check_early_skip(struct run *r, struct run_item *it)
{
  struct stat sb;

  if(!r->opts->skip_existing || r->opts->overwrite ||
     r->opts->resolve_only || r->stage)
    return;
  it->skip_path = early_output(r, it);
  if(it->skip_path && !lstat(it->skip_path, &sb)) {
    it->resolved = true;
    return;
  }
  free(it->skip_path);
  it->skip_path = NULL;
}

/* Report IT, whose output exists, as skipped; its sha1 is known when the
   file's verified record still holds. */
static void
report_early_skip(struct run *r, struct run_item *it)
{
  struct sf_result res;
  struct stat sb;
  bool same;

  result_init(&res);
  res.status = SF_STATUS_SKIPPED;
  res.output = it->skip_path;
  if(!stat(it->skip_path, &sb)) {
    res.size = (int64_t)sb.st_size;
    if(!S_ISREG(sb.st_mode) ||
       !verify_record(it->skip_path, &sb, NULL, res.sha1, &same))
      res.sha1[0] = '\0';
  }
  if(!it->dl.resolved.provider)
    it->dl.resolved.provider = it->rv->name;
  note_result(r, &it->dl, &res);
}

/* Headers for the item: every -H, then the line's own. */
static bool
merge_headers(struct run_item *it)
{
  const struct sf_options *o = it->opts;
  size_t n = o->n_headers + it->in.n_headers;
  size_t i;

  it->headers = calloc(n + 1, sizeof(*it->headers));
  if(!it->headers)
    return false;
  for(i = 0; i < o->n_headers; i++)
    it->headers[i] = o->headers[i];
  for(i = 0; i < it->in.n_headers; i++)
    it->headers[o->n_headers + i] = it->in.headers[i];
  it->dl.headers = it->headers;
  it->dl.n_headers = n;
  return true;
}

/* A run item taking over IN's contents. */
static struct run_item *
item_new(const struct sf_options *o, struct sf_input_item *in)
{
  struct run_item *it = calloc(1, sizeof(*it));

  if(!it) {
    input_item_free(in);
    return NULL;
  }
  it->opts = o;
  it->in = *in;
  memset(in, 0, sizeof(*in));
  it->dl.index = it->in.index;
  /* command-line locators come first, so their input order is their
     position among the arguments */
  it->dl.number = it->in.line ? it->in.line : it->in.index + 1;
  it->dl.locator = it->in.locator;
  it->dl.locator_shown = redact_url(it->in.locator);
  /* -o is taken as given; an output from a list line goes inside -P */
  if(it->in.output)
    it->output = it->in.line ? fname_join(o->directory, it->in.output)
                             : strdup(it->in.output);
  it->dl.output = it->output;
  it->dl.user = &it->in.expect;
  it->dl.resolved.expect.size = -1;
  it->rv = resolver_find(it->dl.locator, NULL);
  if(!it->dl.locator_shown || !it->rv || !merge_headers(it) ||
     (it->in.output && !it->output)) {
    item_free(it);
    return NULL;
  }
  if(it->rv->refreshable) {
    it->dl.refresh = item_refresh;
    it->dl.refresh_ctx = it;
  }
  return it;
}

/* The stop request pending (SF_OK, SF_E_INTERRUPTED, SF_E_TERMINATED). */
static enum sf_err
stop_requested(const struct run *r)
{
  return r->opts->stop ? error_for_signal((int)*r->opts->stop) : SF_OK;
}

/* --archive: downloads go to the staging directory, which is then
   written into the archive (committed even when some files failed).  An
   archive kept because this run verified fewer files than it holds is a
   warning when a file failed (that failure is the exit status), else
   exit 7. */
static enum sf_err
run_archived(struct run *r, volatile sig_atomic_t *stop,
             struct sf_engine_source *src, struct sf_error *err)
{
  const struct sf_options *given = r->opts;
  struct sf_options staged = *given;
  enum sf_err rc = stage_open(given->archive, given->overwrite, &r->stage,
                              err);

  if(rc)
    goto out;
  staged.directory = stage_dir(r->stage);
  r->opts = &staged;
  rc = engine_run(&staged, src, stop);
  r->opts = given;
  if(!rc)
    rc = stage_commit(r->stage, !r->first_err, stop, err);
out:
  if(rc && err->message[0] && !stop_requested(r)) {
    log_msg(&staged, SF_LOG_ERROR, "sigfetch: %s", err->message);
    err->message[0] = '\0'; /* reported */
  }
  if(rc == SF_E_EXISTS && r->first_err)
    rc = SF_OK;
  stage_free(r->stage);
  r->stage = NULL;
  return rc;
}

static void
resolve_one(struct run_item *it)
{
  error_clear(&it->rerr);
  pthread_mutex_lock(&resolve_lock);
  resolver_resolve(it->rv, it->opts, it->dl.locator, &it->dl.resolved,
                   &it->rerr);
  pthread_mutex_unlock(&resolve_lock);
  if(!it->dl.resolved.provider)
    it->dl.resolved.provider = it->rv->name;
  it->resolved = true;
}

/* Resolve ITEMS (all of one provider) in calls of batch_max. */
static void
resolve_group(struct run_item **items, size_t n)
{
  const struct sf_resolver *rv = items[0]->rv;
  const char *locs[WINDOW];
  struct sf_resolved outs[WINDOW];
  struct sf_error errs[WINDOW];
  size_t done = 0;
  size_t i;

  while(done < n) {
    size_t k = n - done < rv->batch_max ? n - done : rv->batch_max;
    for(i = 0; i < k; i++) {
      locs[i] = items[done + i]->dl.locator;
      memset(&outs[i], 0, sizeof(outs[i]));
      outs[i].expect.size = -1;
      error_clear(&errs[i]);
    }
    pthread_mutex_lock(&resolve_lock);
    rv->resolve_batch(items[0]->opts, locs, k, outs, errs);
    pthread_mutex_unlock(&resolve_lock);
    for(i = 0; i < k; i++) {
      struct run_item *it = items[done + i];
      it->dl.resolved = outs[i];
      if(!it->dl.resolved.provider)
        it->dl.resolved.provider = rv->name;
      it->rerr = errs[i];
      it->resolved = true;
    }
    done += k;
  }
}

/* Read the next window of locators (at most WINDOW) into WIN. */
static size_t
read_window(struct run *r, struct run_item **win)
{
  size_t len = 0;

  while(len < WINDOW && !r->input_done) {
    struct sf_input_item in;
    struct sf_error err;
    struct run_item *it;

    error_clear(&err);
    if(input_next(r->input, &in, &r->input_done, &err) || r->input_done) {
      if(err.code && !r->input_done) {
        log_msg(r->opts, SF_LOG_ERROR, "%s", err.message);
        note_status(r, (size_t)-1, err.code);
        r->input_done = true;
      }
      break;
    }
    it = item_new(r->opts, &in);
    if(!it)
      break;
    check_early_skip(r, it);
    win[len++] = it;
  }
  return len;
}

/* Does any of WIN's N items wait for a batch resolution? */
static bool
batchable(struct run_item *const *win, size_t n)
{
  size_t i;

  for(i = 0; i < n; i++)
    if(!win[i]->resolved && win[i]->rv->resolve_batch)
      return true;
  return false;
}

/* Resolve WIN's batchable items, grouped by provider. */
static void
resolve_window(struct run_item **win, size_t len)
{
  struct run_item *group[WINDOW];
  size_t i;
  size_t j;

  for(i = 0; i < len; i++) {
    size_t n = 0;
    const struct sf_resolver *rv = win[i]->rv;
    if(win[i]->resolved || !rv->resolve_batch)
      continue;
    for(j = i; j < len; j++)
      if(win[j]->rv == rv)
        group[n++] = win[j];
    resolve_group(group, n);
  }
}

static void *
ahead_main(void *arg)
{
  struct run *r = arg;

  resolve_window(r->ahead, r->ahead_len);
  return NULL;
}

/* Read the window after this one (when this one had batches to
   resolve), and resolve its batches on a worker (which takes no signals: they go
   to the event loop).  Without a thread they are resolved when due. */
static void
start_ahead(struct run *r)
{
  if(r->input_done || stop_requested(r))
    return;
  r->ahead_len = read_window(r, r->ahead);
  if(!batchable(r->ahead, r->ahead_len))
    return;
  r->ahead_busy = thread_start(&r->ahead_thread, ahead_main, r);
}

/* The worker's window, once it is done with it. */
static void
join_ahead(struct run *r)
{
  if(r->ahead_busy)
    pthread_join(r->ahead_thread, NULL);
  r->ahead_busy = false;
}

/* Make the next window current: the one read ahead, else a new one;
   then start on the one after. */
static void
fill_window(struct run *r)
{
  bool ahead;

  join_ahead(r);
  r->win_pos = 0;
  if(r->ahead_len) {
    memcpy(r->win, r->ahead, r->ahead_len * sizeof(*r->win));
    r->win_len = r->ahead_len;
    r->ahead_len = 0;
    ahead = true;
  }
  else {
    r->win_len = read_window(r, r->win);
    ahead = batchable(r->win, r->win_len);
  }
  resolve_window(r->win, r->win_len); /* what was not resolved ahead */
  if(ahead)
    start_ahead(r);
}

/* The next item of the input, resolved; NULL at the end. */
static struct run_item *
next_item(struct run *r)
{
  struct run_item *it;

  if(r->win_pos == r->win_len)
    fill_window(r);
  if(r->win_pos == r->win_len)
    return NULL;
  it = r->win[r->win_pos++];
  if(!it->resolved)
    resolve_one(it);
  return it;
}

/* engine source: the next resolved download; failures are reported.
   After a stop signal nothing more is resolved. */
static struct sf_download *
run_next(void *ud)
{
  struct run *r = ud;
  struct run_item *it;

  while(!stop_requested(r) && (it = next_item(r)) != NULL) {
    struct sf_result res;

    if(it->skip_path) {
      report_early_skip(r, it);
      item_free(it);
      continue;
    }
    if(!it->rerr.code) {
      if(r->stage) {
        it->dl.prior = stage_prior;
        it->dl.prior_ctx = r->stage;
      }
      return &it->dl;
    }
    result_init(&res);
    res.err = it->rerr;
    note_result(r, &it->dl, &res);
    item_free(it);
  }
  return NULL;
}

static void
run_done(void *ud, struct sf_download *dl, const struct sf_result *res)
{
  struct run *r = ud;

  if(res->status == SF_STATUS_OK && res->output)
    progress_done(r->progress, res->output, res->size,
                  res->bytes_transferred, res->elapsed_s);
  note_result(r, dl, res);
  item_free((struct run_item *)dl);
}

static void
run_progress(void *ud, const struct sf_progress_item *items, size_t n)
{
  struct run *r = ud;

  progress_update(r->progress, items, n);
}

/* --resolve-only: one line per locator, nothing downloaded. */
static enum sf_err
resolve_only(struct run *r)
{
  struct run_item *it;

  while(!stop_requested(r) && (it = next_item(r)) != NULL) {
    if(report_resolved(r->opts, &it->dl, &it->rerr) && !r->report_err)
      r->report_err = SF_E_IO;
    if(it->rerr.code)
      note_status(r, it->dl.index, it->rerr.code);
    item_free(it);
  }
  return SF_OK;
}

/* -j and -x lowered, with a warning, to what the descriptors allow. */
static void
fit_descriptors(const struct sf_options *given, struct sf_options *fitted)
{
  *fitted = *given;
  if(!fdlimit_fit(fdlimit_available(), &fitted->jobs, &fitted->connections))
    return;
  log_msg(given, SF_LOG_WARN,
          _("sigfetch: warning: too few file descriptors for -j %ld -x %ld "
            "(ulimit -n): using -j %ld -x %ld"), given->jobs,
          given->connections, fitted->jobs, fitted->connections);
}

/* --metrics: its directory must exist before anything starts (exit 7). */
static enum sf_err
check_metrics(const struct sf_options *opts, struct sf_error *err)
{
  if(!opts->metrics || metrics_dir_ok(opts->metrics))
    return SF_OK;
  return error_set(err, SF_E_IO,
                   _("sigfetch: --metrics: cannot write in the directory of "
                     "'%s': %s (create it first)"), opts->metrics,
                   strerror(errno));
}

/* --metrics: the figures of the run ending with RC, written to FILE. */
static enum sf_err
write_metrics(struct run *r, double t0, enum sf_err rc, struct sf_error *err)
{
  const struct sf_options *o = r->opts;
  struct sf_metrics m = {
    .ok = (long)r->tally.ok, .skipped = (long)r->tally.skipped,
    .failed = (long)r->tally.failed, .bytes = r->tally.bytes,
    .seconds = clock_now() - t0, .exit_code = error_exit_code(rc),
    .ended = time(NULL), .shard_k = o->shard_k, .shard_n = o->shard_n
  };

  rc = metrics_write(o->metrics, &m);
  if(rc == SF_E_NOMEM)
    return rc;
  if(rc)
    return error_set(err, rc, _("sigfetch: --metrics: cannot write '%s': "
                                "%s"), o->metrics, strerror(errno));
  return SF_OK;
}

/* The run's status: a stop signal, the engine's failure, the first
   failed file, a failed report, in that order. */
static enum sf_err
run_status(const struct run *r, enum sf_err rc)
{
  /* a signal during a resolution or the archive ends the run as one
     during a download does, whatever the engine made of it */
  if(stop_requested(r))
    return stop_requested(r);
  if(rc)
    return rc;
  if(r->first_err)
    return r->first_err;
  return r->report_err;
}

enum sf_err
run_all(const struct sf_options *given, volatile sig_atomic_t *stop,
        struct sf_error *err)
{
  struct sf_options fitted;
  const struct sf_options *opts = &fitted;
  struct run r;
  struct sf_engine_source src;
  double started = clock_now();
  enum sf_err rc;

  fit_descriptors(given, &fitted);
  memset(&r, 0, sizeof(r));
  r.opts = opts;
  rc = check_metrics(opts, err);
  if(!rc)
    rc = input_open(opts, &r.input, err);
  if(rc)
    return rc;
  if(opts->resolve_only)
    rc = resolve_only(&r);
  else {
    r.progress = progress_new(opts);
    progress_count(r.progress, 0, input_count(r.input));
    src.next = run_next;
    src.done = run_done;
    src.progress = r.progress ? run_progress : NULL;
    src.ud = &r;
    if(opts->archive)
      rc = run_archived(&r, stop, &src, err);
    else
      rc = engine_run(opts, &src, stop);
  }
  progress_free(r.progress);
  if(!opts->resolve_only)
    report_summary(opts, &r.tally, clock_now() - started);
  join_ahead(&r);
  while(r.win_pos < r.win_len)
    item_free(r.win[r.win_pos++]);
  while(r.ahead_len)
    item_free(r.ahead[--r.ahead_len]);
  input_close(r.input);
  rc = run_status(&r, rc);
  if(opts->metrics) {
    struct sf_error merr;
    enum sf_err mrc;
    error_clear(&merr);
    mrc = write_metrics(&r, started, rc, &merr);
    if(mrc && !rc) {
      *err = merr;
      rc = mrc;
    }
    else if(mrc && merr.message[0])
      log_msg(opts, SF_LOG_ERROR, "%s", merr.message);
  }
  return rc;
}
