/* SPDX-License-Identifier: GPL-3.0-or-later */
/* xfer_decide.c decides what an ended request means for its file: done
   (verify and commit), redirect, restart from zero, re-resolve an expired
   signature, back off and retry from the bytes on disk, or give up with
   the documented exit status.  Retries are predicates, not branches
   scattered through the loop (curl's retrycheck()). */
#include "xfer_int.h"

#include <math.h>
#include <stdarg.h>
#include <strings.h>
#include <unistd.h>

#include "hdr.h"
#include "log.h"

static void
fail_with(struct sf_xfer *x, enum sf_err code, const char *fmt, ...)
  SF_PRINTF(3, 4);

static void
fail_with(struct sf_xfer *x, enum sf_err code, const char *fmt, ...)
{
  struct sf_error e;
  va_list ap;

  error_clear(&e);
  e.code = code;
  va_start(ap, fmt);
  vsnprintf(e.message, sizeof(e.message), fmt, ap);
  va_end(ap);
  xfer_finish_failed(x, &e);
}

/* Start over from the resolved URL, now or after a delay. */
static void
schedule(struct sf_xfer *x, double delay)
{
  const char *url = x->dl->resolved.url;

  if(!x->cur_url || strcmp(x->cur_url, url)) {
    free(x->cur_url);
    free(x->origin);
    x->cur_url = strdup(url);
    x->origin = xfer_url_origin(url);
    x->send_headers = true;
  }
  x->redirects = 0;
  x->wake = xfer_now() + delay;
  x->phase = delay > 0 ? SF_XFER_WAITING : SF_XFER_READY;
  if(!x->to_stdout) {
    x->st.bytes_done = x->offset;
    state_save(x->state_path, &x->st, NULL);
  }
}

/* Exponential back-off with +-25% jitter, at least Retry-After. */
static double
backoff(struct sf_xfer *x)
{
  double d = x->opts->retry_delay * pow(2.0, (double)(x->res.retries - 1));
  double jitter = 0.75 + 0.5 * (double)rand_r(&x->seed) / (double)RAND_MAX;
  curl_off_t ra = -1;

  d *= jitter;
  if(d > MAX_BACKOFF_S)
    d = MAX_BACKOFF_S;
  if(curl_easy_getinfo(x->easy, CURLINFO_RETRY_AFTER, &ra) == CURLE_OK &&
     ra > 0 && (double)ra > d)
    d = (double)ra < MAX_RETRY_AFTER_S ? (double)ra : MAX_RETRY_AFTER_S;
  return d;
}

/* A transient failure: retry from the bytes on disk, or give up. */
static void
retry_or_fail(struct sf_xfer *x, enum sf_err code, const char *why)
{
  double delay;

  if(x->res.retries >= x->opts->retries) {
    if(x->opts->retries > 0)
      fail_with(x, code, _("%s (gave up after %ld retries)"), why,
                x->res.retries);
    else
      fail_with(x, code, "%s", why);
    return;
  }
  x->res.retries++;
  delay = backoff(x);
  log_msg(x->opts, SF_LOG_WARN,
          _("sigfetch: %s: %s; retry %ld of %ld in %.1f s from byte %lld"),
          x->dl->locator_shown, why, x->res.retries, x->opts->retries, delay,
          (long long)x->offset);
  schedule(x, delay);
}

static bool
is_tls_failure(CURLcode rc)
{
  return rc == CURLE_PEER_FAILED_VERIFICATION ||
         rc == CURLE_SSL_CACERT_BADFILE || rc == CURLE_SSL_CERTPROBLEM ||
         rc == CURLE_SSL_ISSUER_ERROR || rc == CURLE_SSL_PINNEDPUBKEYNOTMATCH
         || rc == CURLE_SSL_CIPHER || rc == CURLE_SSL_ENGINE_NOTFOUND;
}

static void
network_failure(struct sf_xfer *x, CURLcode rc)
{
  const char *why = curl_easy_strerror(rc);

  if(is_tls_failure(rc))
    fail_with(x, SF_E_TLS, _("TLS failure: %s (check --cacert)"), why);
  else if(rc == CURLE_UNSUPPORTED_PROTOCOL || rc == CURLE_URL_MALFORMAT)
    fail_with(x, SF_E_NETWORK, "%s", why);
  else
    retry_or_fail(x, SF_E_NETWORK, why);
}

static bool
scheme_is_http(const char *url)
{
  return !strncasecmp(url, "http://", 7) || !strncasecmp(url, "https://", 8);
}

static void
follow_redirect(struct sf_xfer *x, long status)
{
  char *loc = NULL;
  char *origin;

  curl_easy_getinfo(x->easy, CURLINFO_REDIRECT_URL, &loc);
  if(!loc) {
    fail_with(x, SF_E_HTTP, _("HTTP %ld without a Location"), status);
    return;
  }
  if(!scheme_is_http(loc)) {
    fail_with(x, SF_E_REDIRECT,
              _("refused a redirect to a non-HTTP(S) URL"));
    return;
  }
  if(++x->redirects > MAX_REDIRECTS) {
    fail_with(x, SF_E_REDIRECT, _("more than %d redirects"), MAX_REDIRECTS);
    return;
  }
  origin = xfer_url_origin(loc);
  /* headers were meant for the first origin only */
  x->send_headers = x->send_headers && origin && x->origin &&
                    !strcmp(origin, x->origin);
  free(origin);
  free(x->cur_url);
  x->cur_url = strdup(loc);
  x->phase = x->cur_url ? SF_XFER_READY : SF_XFER_DONE;
  if(!x->cur_url)
    fail_with(x, SF_E_NOMEM, "%s", error_text(SF_E_NOMEM));
}

static void
restart_from_zero(struct sf_xfer *x)
{
  if(++x->restarts > MAX_RESTARTS) {
    fail_with(x, SF_E_HTTP,
              _("the server keeps answering with different content"));
    return;
  }
  if(xfer_truncate_to_zero(x)) {
    xfer_finish_failed(x, &x->local_err);
    return;
  }
  schedule(x, 0);
}

/* 416: complete when the server's size equals what is on disk. */
static void
range_not_satisfiable(struct sf_xfer *x)
{
  const char *cr = xfer_resp_header(x, "Content-Range");
  int64_t start = -1;
  int64_t end = -1;
  int64_t total = -1;

  if(cr && hdr_content_range(cr, &start, &end, &total) && start < 0 &&
     total == x->offset && x->offset > 0 && !x->to_stdout) {
    x->st.size = total;
    xfer_finish_ok(x);
    return;
  }
  log_msg(x->opts, SF_LOG_WARN,
          _("sigfetch: %s: the server refused the range (HTTP 416); "
            "restarting from zero"), x->dl->locator_shown);
  restart_from_zero(x);
}

bool
xfer_refused_again(struct sf_xfer *x, long status, long gen)
{
  struct sf_error e;

  if(gen < x->url_gen)
    return true; /* another connection already resolved it again */
  if(!x->dl->refresh) {
    fail_with(x, SF_E_HTTP, _("HTTP %ld from the server"), status);
    return false;
  }
  if(x->refused_in_row >= 1) {
    fail_with(x, SF_E_EXPIRED,
              _("HTTP %ld again right after resolving a fresh URL"), status);
    return false;
  }
  x->refused_in_row++;
  error_clear(&e);
  log_msg(x->opts, SF_LOG_INFO,
          _("sigfetch: %s: HTTP %ld: the signed URL expired; resolving it "
            "again"), x->dl->locator_shown, status);
  if(xfer_refresh(x, &e)) {
    xfer_finish_failed(x, &e);
    return false;
  }
  return true;
}

/* 401/403/410 from storage: the signature may have expired. */
static void
refused(struct sf_xfer *x, long status)
{
  if(xfer_refused_again(x, status, x->url_gen))
    schedule(x, 0);
}

static void
http_done(struct sf_xfer *x, long status)
{
  char why[64];

  if(status >= 200 && status < 300) {
    if(!x->r.started && !xfer_decide_body(x)) {
      if(x->local_err.code)
        xfer_finish_failed(x, &x->local_err);
      else
        restart_from_zero(x);
    }
    else
      xfer_main_complete(x);
  }
  else if(status >= 300 && status < 400)
    follow_redirect(x, status);
  else if(status == 416)
    range_not_satisfiable(x);
  else if(status == 401 || status == 403 || status == 410)
    refused(x, status);
  else {
    snprintf(why, sizeof(why), _("HTTP %ld from the server"), status);
    if(status == 408 || status == 429 || status >= 500)
      retry_or_fail(x, SF_E_HTTP, why);
    else
      fail_with(x, SF_E_HTTP, "%s", why);
  }
}

void
xfer_main_complete(struct sf_xfer *x)
{
  if(!x->n_segs && x->st.size > x->offset && x->cap < 0 && x->no_split) {
    x->phase = SF_XFER_READY; /* segments were given up: fetch the rest */
    return;
  }
  if(!x->n_segs) {
    xfer_finish_ok(x);
    return;
  }
  x->main_done = true;
  seg_try_finish(x);
}

void
xfer_done(struct sf_xfer *x, CURLM *multi, CURL *easy, CURLcode rc)
{
  if(easy != x->easy) {
    seg_done(x, easy, rc);
    return;
  }
  curl_multi_remove_handle(multi, x->easy);
  if(!xfer_flush_quiet(x) || x->local_err.code)
    xfer_finish_failed(x, &x->local_err);
  else if(x->main_capped)
    xfer_main_complete(x);
  else if(x->r.restart)
    restart_from_zero(x);
  else if(rc != CURLE_OK)
    network_failure(x, rc);
  else
    http_done(x, xfer_resp_status(x));
}

void
xfer_abort(struct sf_xfer *x, CURLM *multi, enum sf_err why)
{
  struct sf_error e;

  if(x->phase == SF_XFER_RUNNING)
    curl_multi_remove_handle(multi, x->easy);
  xfer_flush(x); /* keep every received byte */
  error_clear(&e);
  error_set(&e, why, "%s", error_text(why));
  xfer_finish_failed(x, &e);
}

void
xfer_tick(struct sf_xfer *x, CURLM *multi, double now)
{
  char why[128];
  double limit = x->opts->stall_timeout;

  if(x->phase == SF_XFER_DONE)
    return;
  seg_tick(x, now);
  if(limit <= 0 || x->phase != SF_XFER_RUNNING || x->main_done ||
     now - x->last_byte < limit)
    return;
  /* our own clock: libcurl's low-speed check averages over ~5 s */
  curl_multi_remove_handle(multi, x->easy);
  if(!xfer_flush(x)) {
    xfer_finish_failed(x, &x->local_err);
    return;
  }
  snprintf(why, sizeof(why), _("no data received for %.1f s"), limit);
  retry_or_fail(x, SF_E_NETWORK, why);
}
