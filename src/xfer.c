/* SPDX-License-Identifier: GPL-3.0-or-later */
/* xfer.c owns one file's way from a resolved URL to a committed, verified
   output (CLI.md "What a download does", steps 2-7): the partial file and
   its state, Range + If-Range resume, the decisions on each response
   (accept, restart from zero, redirect, re-resolve, back off, give up),
   hashing while streaming, and the final verify + commit.  The engine's
   multi loop drives it; it never talks to a provider itself. */
#include "xfer_int.h"

#include <fcntl.h>
#include <math.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fname.h"
#include "hdr.h"
#include "log.h"
#include "redact.h"

double
xfer_now(void)
{
  struct timespec ts;

  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct sf_xfer *
xfer_new(const struct sf_options *opts, struct sf_download *dl,
         struct sf_hashq *hq)
{
  struct sf_xfer *x = calloc(1, sizeof(*x));

  if(!x)
    return NULL;
  x->opts = opts;
  x->dl = dl;
  x->hq = hq;
  x->fd = -1;
  x->state_fd = -1;
  x->cap = -1;
  x->send_headers = true;
  x->server.size = -1;
  x->seed = (unsigned)time(NULL) ^ (unsigned)getpid() ^ (unsigned)dl->index;
  state_init(&x->st);
  result_init(&x->res);
  return x;
}

void
xfer_free(struct sf_xfer *x)
{
  if(!x)
    return;
  if(x->fd >= 0 && !x->to_stdout)
    close(x->fd);
  seg_free_all(x);
  if(x->state_fd >= 0)
    close(x->state_fd);
  if(x->easy)
    curl_easy_cleanup(x->easy);
  curl_slist_free_all(x->req_headers);
  if(x->hb)
    hashq_release(x->hq, x->hb);
  if(x->dig)
    hashq_drain(x->hq, x->dig);
  digests_free(x->dig);
  state_free(&x->st);
  free(x->output);
  free(x->server_name);
  free(x->part);
  free(x->state_path);
  free(x->cur_url);
  free(x->origin);
  free(x);
}

enum sf_xfer_phase
xfer_phase(const struct sf_xfer *x)
{
  return x->phase;
}

double
xfer_wake(const struct sf_xfer *x)
{
  return x->wake;
}

const struct sf_result *
xfer_result(const struct sf_xfer *x)
{
  return &x->res;
}

struct sf_download *
xfer_download(const struct sf_xfer *x)
{
  return x->dl;
}

void
xfer_progress(const struct sf_xfer *x, const char **name, int64_t *done,
              int64_t *total)
{
  *name = x->output ? x->output : x->dl->locator_shown;
  *done = seg_bytes_done(x);
  *total = x->st.size;
}

/* scheme://host:port of URL, the unit headers are scoped to. */
char *
xfer_url_origin(const char *url)
{
  CURLU *u = curl_url();
  char *scheme = NULL;
  char *host = NULL;
  char *port = NULL;
  char *out = NULL;

  if(u && !curl_url_set(u, CURLUPART_URL, url, 0) &&
     !curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) &&
     !curl_url_get(u, CURLUPART_HOST, &host, 0) &&
     !curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT)) {
    size_t n = strlen(scheme) + strlen(host) + strlen(port) + 5;
    out = malloc(n);
    if(out)
      snprintf(out, n, "%s://%s:%s", scheme, host, port);
  }
  curl_free(scheme);
  curl_free(host);
  curl_free(port);
  curl_url_cleanup(u);
  return out;
}

/* End the transfer with CODE (message in E, or the generic text). */
void
xfer_finish_failed(struct sf_xfer *x, const struct sf_error *e)
{
  seg_cancel_all(x);
  x->res.status = SF_STATUS_FAILED;
  x->res.err = *e;
  if(!x->res.err.message[0])
    snprintf(x->res.err.message, sizeof(x->res.err.message), "%s",
             error_text(e->code));
  x->res.elapsed_s = xfer_now() - x->t_start;
  if(x->fd >= 0 && !x->to_stdout) {
    x->st.bytes_done = seg_bytes_done(x);
    if(x->st.bytes_done == 0) {
      /* nothing worth resuming: leave no litter */
      unlink(x->part);
      unlink(x->state_path);
    }
    else
      state_save(x->state_path, &x->st, NULL);
    close(x->fd);
    x->fd = -1;
  }
  x->phase = SF_XFER_DONE;
}

/* Discard everything on disk and start the file again from byte 0. */
enum sf_err
xfer_truncate_to_zero(struct sf_xfer *x)
{
  x->res.resumed_from = 0;
  if(x->to_stdout)
    return error_set(&x->local_err, SF_E_HTTP,
                     _("the server changed the content while it was being "
                       "written to standard output"));
  free(x->st.etag);
  free(x->st.last_modified);
  x->st.etag = x->st.last_modified = NULL;
  x->offset = 0;
  x->synced = 0;
  x->state_saved = false;
  if(x->hb) {
    hashq_release(x->hq, x->hb);
    x->hb = NULL;
  }
  if(ftruncate(x->fd, 0) || hashq_drain(x->hq, x->dig) ||
     digests_reset(x->dig))
    return error_set(&x->local_err, SF_E_IO,
                     _("cannot truncate partial file '%s': %s"), x->part,
                     strerror(errno));
  return SF_OK;
}

static void
setup_sources(struct sf_xfer *x)
{
  const struct sf_resolved *rv = &x->dl->resolved;

  x->n_srcs = 0;
  x->prior.size = -1;
  x->srcs[x->n_srcs].want = x->dl->user;
  x->srcs[x->n_srcs++].who = _("as requested");
  snprintf(x->provider_who, sizeof(x->provider_who), _("provider %s"),
           rv->provider);
  x->srcs[x->n_srcs].want = &rv->expect;
  x->srcs[x->n_srcs++].who = x->provider_who;
  x->srcs[x->n_srcs].want = &x->server;
  x->srcs[x->n_srcs++].who = _("server");
}

/* The size we expect from the user or the provider, or -1. */
static int64_t
expected_size(const struct sf_xfer *x)
{
  if(x->dl->user->size >= 0)
    return x->dl->user->size;
  return x->dl->resolved.expect.size;
}

static const char *
expected_sha1(const struct sf_xfer *x)
{
  return x->dl->user->sha1[0] ? x->dl->user->sha1
                              : x->dl->resolved.expect.sha1;
}

/* Create the directories an output path names (like -P, and the
   "output" of -i lines). */
static enum sf_err
make_parent(struct sf_xfer *x, const char *path)
{
  char *dir = strdup(path);
  char *slash = dir ? strrchr(dir, '/') : NULL;
  enum sf_err rc = dir ? SF_OK : SF_E_NOMEM;

  if(slash && slash != dir) {
    *slash = '\0';
    if(fname_mkdirs(dir))
      rc = error_set(&x->local_err, SF_E_IO,
                     _("cannot create directory '%s': %s"), dir,
                     strerror(errno));
  }
  free(dir);
  return rc;
}

static enum sf_err
choose_output(struct sf_xfer *x)
{
  const char *given = x->dl->output;
  char *name;

  if(given && !strcmp(given, "-")) {
    x->to_stdout = true;
    x->fd = STDOUT_FILENO;
    return SF_OK;
  }
  if(given) {
    x->output = strdup(given);
    return x->output ? make_parent(x, x->output) : SF_E_NOMEM;
  }
  name = x->dl->resolved.name ? fname_sanitize(x->dl->resolved.name) : NULL;
  if(!name)
    name = fname_from_url(x->dl->locator);
  if(!name)
    return SF_E_NOMEM;
  x->output = fname_join(x->opts->directory, name);
  free(name);
  if(!x->output)
    return SF_E_NOMEM;
  return make_parent(x, x->output);
}

/* Does the partial (HAVE bytes) described by OLD belong to this file? */
static bool
partial_matches(const struct sf_xfer *x, const struct sf_state *old,
                int64_t have)
{
  int64_t want = expected_size(x);
  const char *sha1 = expected_sha1(x);

  if(!old->locator || !x->st.locator || strcmp(old->locator, x->st.locator))
    return false;
  if(old->size >= 0 && have > old->size)
    return false;
  if(want >= 0 && (have > want || (old->size >= 0 && old->size != want)))
    return false;
  if(sha1[0] && old->sha1[0] && strcmp(sha1, old->sha1))
    return false;
  /* Something must vouch that the bytes on disk are this file's: a
     validator the server checks (If-Range) or a sha1 checked at the end. */
  return old->etag || old->last_modified || (sha1[0] && old->sha1[0]);
}

/* Decide how much of the partial to keep; hash what is kept. */
static enum sf_err
load_resume(struct sf_xfer *x)
{
  struct sf_state old;
  struct stat sb;
  bool found = false;
  int64_t have;
  enum sf_err rc = SF_OK;

  if(fstat(x->fd, &sb))
    return error_set(&x->local_err, SF_E_IO, _("cannot stat '%s': %s"),
                     x->part, strerror(errno));
  have = (int64_t)sb.st_size;
  state_load(x->state_path, &old, &found);
  if(have > 0 && found && !x->opts->no_continue &&
     partial_matches(x, &old, have)) {
    /* segmented: only the first segment's part is contiguous */
    x->offset = old.n_segs ? old.segs[0].pos : have;
    if(old.n_segs && !seg_restore(x, &old)) {
      state_free(&old);
      return error_set(&x->local_err, SF_E_NOMEM, "%s",
                       error_text(SF_E_NOMEM));
    }
    x->st.size = old.size;
    x->st.etag = old.etag;
    x->st.last_modified = old.last_modified;
    old.etag = old.last_modified = NULL;
    log_msg(x->opts, SF_LOG_INFO, _("sigfetch: %s: resuming at byte %lld"),
            x->dl->locator_shown, (long long)seg_bytes_done(x));
    rc = digests_update_fd(x->dig, x->fd, x->offset);
    x->hashed = x->offset;
    if(rc)
      error_set(&x->local_err, rc, _("cannot read partial file '%s': %s"),
                x->part, strerror(errno));
  }
  else if(have > 0) {
    if(!x->opts->no_continue)
      log_msg(x->opts, SF_LOG_WARN,
              _("sigfetch: %s: partial file '%s' belongs to another "
                "download; starting over"), x->dl->locator_shown, x->part);
    rc = xfer_truncate_to_zero(x);
  }
  state_free(&old);
  return rc;
}

/* Fill the state that describes this download. */
static enum sf_err
init_state(struct sf_xfer *x)
{
  x->st.locator = redact_strip_query(x->dl->locator);
  x->st.url = redact_strip_query(x->dl->resolved.url);
  x->st.size = expected_size(x);
  snprintf(x->st.sha1, sizeof(x->st.sha1), "%s", expected_sha1(x));
  return x->st.locator && x->st.url ? SF_OK : SF_E_NOMEM;
}

static enum sf_err
prepare_file(struct sf_xfer *x)
{
  bool skip = false;
  enum sf_err rc;

  if(x->dl->prior && !access(x->output, F_OK) &&
     x->dl->prior(x->dl->prior_ctx, x->output, &x->prior)) {
    x->srcs[x->n_srcs].want = &x->prior;
    x->srcs[x->n_srcs++].who = _("an earlier run");
  }
  rc = commit_check_existing(x->output, x->srcs, x->n_srcs,
                             x->opts->overwrite, &skip, x->res.sha1,
                             &x->local_err);
  if(rc || skip) {
    if(skip) {
      struct stat sb;
      x->res.status = SF_STATUS_SKIPPED;
      x->res.size = stat(x->output, &sb) ? -1 : (int64_t)sb.st_size;
      x->phase = SF_XFER_DONE;
    }
    return rc;
  }
  x->part = state_sibling(x->output, SF_PART_SUFFIX);
  x->state_path = state_sibling(x->output, SF_STATE_SUFFIX);
  if(!x->part || !x->state_path || init_state(x))
    return SF_E_NOMEM;
  rc = state_open_partial(x->part, &x->fd, &x->local_err);
  if(!rc)
    rc = load_resume(x);
  /* the state is written with the first bytes on disk (xfer_flush): a
     small file that completes in one go never needs one */
  return rc;
}

void
xfer_prepare(struct sf_xfer *x)
{
  enum sf_err rc;

  x->t_start = xfer_now();
  x->res.output = NULL;
  setup_sources(x);
  x->dig = digests_new(commit_digest_mask(x->srcs, x->n_srcs));
  x->cur_url = strdup(x->dl->resolved.url);
  x->origin = xfer_url_origin(x->dl->resolved.url);
  rc = (x->dig && x->cur_url) ? choose_output(x) : SF_E_NOMEM;
  if(!rc && !x->origin)
    rc = error_set(&x->local_err,
                   strcmp(x->dl->resolved.provider, "direct")
                   ? SF_E_PROVIDER_PARSE : SF_E_BAD_LOCATOR,
                   _("not a valid URL"));
  x->res.output = x->to_stdout ? "-" : x->output;
  if(!rc && !x->to_stdout)
    rc = prepare_file(x);
  if(rc) {
    if(!x->local_err.code)
      error_set(&x->local_err, rc, "%s", error_text(rc));
    xfer_finish_failed(x, &x->local_err);
    return;
  }
  if(x->phase != SF_XFER_DONE)
    x->phase = SF_XFER_READY;
}
