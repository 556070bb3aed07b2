/* SPDX-License-Identifier: GPL-3.0-or-later */
/* api.c makes the provider calls resolvers need: a blocking libcurl easy
   request (same TLS and trace settings as downloads), a bounded body,
   retries for transient failures, and the JSON parse.  It reports the
   endpoint without its query, so a token in a URL never reaches a
   message.  A call and its back-off end within a second of a stop
   signal (opts->stop), and a call that moves no byte for --stall-timeout
   seconds is given up like a download. */
#include "api.h"

#include <math.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "config.h"
#include "log.h"
#include "net.h"
#include "redact.h"

#define API_MAX_BODY (8 << 20)
#define API_NAP_S 0.05           /* back-off sleeps in slices this long */

struct body {
  char *buf;
  size_t len;
  long connect_code;             /* a proxy's answer to CONNECT, 0: none */
};

static size_t
on_data(char *data, size_t size, size_t nmemb, void *ud)
{
  struct body *b = ud;
  size_t n = size * nmemb;
  char *grown;

  if(b->len + n > API_MAX_BODY)
    return 0;
  grown = realloc(b->buf, b->len + n + 1);
  if(!grown)
    return 0;
  memcpy(grown + b->len, data, n);
  b->buf = grown;
  b->len += n;
  b->buf[b->len] = '\0';
  return n;
}

/* The stop request pending for OPTS: SF_OK, SF_E_INTERRUPTED or
   SF_E_TERMINATED. */
static enum sf_err
stop_requested(const struct sf_options *opts)
{
  return opts->stop ? error_for_signal((int)*opts->stop) : SF_OK;
}

/* libcurl's progress callback, called at least once a second in every
   phase (resolving, connecting, waiting): nonzero aborts the call. */
static int
on_progress(void *ud, curl_off_t dltotal, curl_off_t dlnow,
            curl_off_t ultotal, curl_off_t ulnow)
{
  (void)dltotal;
  (void)dlnow;
  (void)ultotal;
  (void)ulnow;
  return stop_requested(ud) != SF_OK;
}

/* --stall-timeout for provider calls: less than a byte a second for that
   long ends the attempt (a transient failure, retried). */
static bool
set_interruptible(CURL *e, const struct sf_options *opts)
{
  if(curl_easy_setopt(e, CURLOPT_NOPROGRESS, 0L) ||
     curl_easy_setopt(e, CURLOPT_XFERINFOFUNCTION, on_progress) ||
     curl_easy_setopt(e, CURLOPT_XFERINFODATA, (void *)opts))
    return false;
  if(opts->stall_timeout <= 0)
    return true;
  return !curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, 1L) &&
         !curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME,
                           (long)ceil(opts->stall_timeout));
}

/* One request into B; libcurl's detail text of a failure into ERRBUF
   (CURL_ERROR_SIZE bytes, empty when it has none). */
static CURLcode
perform_once(const struct sf_options *opts, const struct sf_api_req *req,
             struct body *b, long *status, char *errbuf)
{
  CURL *e = curl_easy_init();
  struct curl_slist *hl = NULL;
  long timeout = 60;
  CURLcode rc = CURLE_OUT_OF_MEMORY;
  size_t i;

  errbuf[0] = '\0';
  if(!e)
    return rc;
  for(i = 0; i < req->n_headers; i++) {
    struct curl_slist *n = curl_slist_append(hl, req->headers[i]);
    if(!n)
      goto out;
    hl = n;
  }
  if(opts->config)
    config_get_long(opts->config, "net.api_timeout", 1, 3600, &timeout,
                    NULL);
  if(!net_common_options(e, opts) || !set_interruptible(e, opts) ||
     curl_easy_setopt(e, CURLOPT_ERRORBUFFER, errbuf) ||
     curl_easy_setopt(e, CURLOPT_URL, req->url) ||
     curl_easy_setopt(e, CURLOPT_HTTPHEADER, hl) ||
     curl_easy_setopt(e, CURLOPT_TIMEOUT, timeout) ||
     curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_data) ||
     curl_easy_setopt(e, CURLOPT_WRITEDATA, b))
    goto out;
  if(req->body &&
     (curl_easy_setopt(e, CURLOPT_POSTFIELDS, req->body) ||
      curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE, (long)strlen(req->body))))
    goto out;
  if(req->method && strcmp(req->method, req->body ? "POST" : "GET") &&
     curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, req->method))
    goto out;
  rc = curl_easy_perform(e);
  curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, status);
  curl_easy_getinfo(e, CURLINFO_HTTP_CONNECTCODE, &b->connect_code);
out:
  curl_slist_free_all(hl);
  curl_easy_cleanup(e);
  return rc;
}

/* Worth another try?  Not when a proxy refused the tunnel (4xx to
   CONNECT): it refuses it again. */
static bool
transient(CURLcode rc, long status, long connect_code)
{
  if(rc == CURLE_OK)
    return status == 429 || status >= 500;
  return !net_is_permanent(rc) && rc != CURLE_WRITE_ERROR &&
         rc != CURLE_ABORTED_BY_CALLBACK &&
         !(connect_code >= 400 && connect_code < 500);
}

/* Sleep S seconds, in short naps so that a stop signal ends it at once
   (a signal does not always interrupt nanosleep: it may arrive while we
   are between naps). */
static void
sleep_s(const struct sf_options *opts, double s)
{
  double end = clock_now() + s;
  double left = s;
  long naps = (long)(s / API_NAP_S) + 2;  /* bound: clock jumps */

  while(left > 0 && naps-- > 0 && !stop_requested(opts)) {
    double nap = left < API_NAP_S ? left : API_NAP_S;
    struct timespec ts;
    ts.tv_sec = 0;
    ts.tv_nsec = (long)(nap * 1e9);
    nanosleep(&ts, NULL);
    left = end - clock_now();
  }
}

/* What went wrong, as precisely as libcurl can say: its detail text
   ("SSL certificate problem: self-signed certificate") or else the
   generic text of RC. */
static const char *
failure_text(CURLcode rc, const char *errbuf)
{
  return errbuf[0] ? errbuf : curl_easy_strerror(rc);
}

void
api_backoff(const struct sf_options *opts, long retry, double min_s)
{
  unsigned seed = (unsigned)(clock_now() * 1e6) ^ (unsigned)getpid();
  double u = (double)rand_r(&seed) / ((double)RAND_MAX + 1.0);

  sleep_s(opts, net_backoff(opts->retry_delay, retry, min_s, u));
}

/* One attempt of api_call: CUR made afresh by its prepare hook, then
   performed into B (libcurl's failure detail into ERRBUF).  SHOWN gets
   the endpoint without its query the first time.  False when the hook
   failed (ERR says why). */
static bool
attempt(const struct sf_options *opts, struct sf_api_req *cur,
        struct body *b, long *status, char **shown, CURLcode *rc,
        char *errbuf, struct sf_error *err)
{
  free(b->buf);
  b->buf = NULL;
  b->len = 0;
  b->connect_code = 0;
  *status = 0;
  if(cur->prepare && cur->prepare(cur->prepare_ctx, cur, err))
    return false;
  if(!*shown)
    *shown = redact_strip_query(cur->url);
  *rc = perform_once(opts, cur, b, status, errbuf);
  return true;
}

enum sf_err
api_call(const struct sf_options *opts, const struct sf_api_req *req,
         struct sf_api_resp *resp, struct sf_error *err)
{
  struct sf_api_req cur = *req;
  char *shown = NULL;
  struct body b = { NULL, 0, 0 };
  long tries = 0;
  CURLcode rc = CURLE_OK;
  char errbuf[CURL_ERROR_SIZE];
  enum sf_err ret = SF_OK;

  memset(resp, 0, sizeof(*resp));
  for(;;) {
    if(stop_requested(opts)) {
      ret = error_set(err, stop_requested(opts), "%s",
                      error_text(stop_requested(opts)));
      goto out;
    }
    if(!attempt(opts, &cur, &b, &resp->status, &shown, &rc, errbuf,
                err)) {
      ret = err->code;
      goto out;
    }
    if(rc == CURLE_ABORTED_BY_CALLBACK ||
       !transient(rc, resp->status, b.connect_code) ||
       tries >= opts->retries)
      break;
    tries++;
    if(rc) /* libcurl's English text, inside a translated sentence */
      log_msg(opts, SF_LOG_WARN,
              _("sigfetch: %s: network error: %s; retrying (%ld of %ld)"),
              shown ? shown : req->provider, failure_text(rc, errbuf),
              tries, opts->retries);
    else
      log_msg(opts, SF_LOG_WARN,
              _("sigfetch: %s: server busy; retrying (%ld of %ld)"),
              shown ? shown : req->provider, tries, opts->retries);
    api_backoff(opts, tries, 0);
  }
  if(rc == CURLE_ABORTED_BY_CALLBACK && stop_requested(opts))
    ret = error_set(err, stop_requested(opts), "%s",
                    error_text(stop_requested(opts)));
  else if(rc && b.connect_code >= 300)
    ret = error_set(err, SF_E_NETWORK,
                    _("%s API call to %s failed: the proxy answered %ld to "
                      "CONNECT (%s)"), req->provider, shown ? shown : "?",
                    b.connect_code, failure_text(rc, errbuf));
  else if(rc)
    ret = error_set(err, net_is_tls_failure(rc) ? SF_E_TLS : SF_E_NETWORK,
                    _("%s API call to %s failed: %s"), req->provider,
                    shown ? shown : "?", failure_text(rc, errbuf));
  else {
    resp->body = b.buf;
    resp->len = b.len;
    b.buf = NULL;
    resp->json = resp->body ? cJSON_ParseWithLength(resp->body, resp->len)
                            : NULL;
  }
out:
  free(b.buf);
  free(shown);
  return ret;
}

void
api_resp_free(struct sf_api_resp *resp)
{
  cJSON_Delete(resp->json);
  free(resp->body);
  memset(resp, 0, sizeof(*resp));
}

const char *
api_str(const cJSON *o, const char *name)
{
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

  return cJSON_IsString(v) ? v->valuestring : NULL;
}

bool
api_int(const cJSON *o, const char *name, long long *out)
{
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

  if(cJSON_IsNumber(v) && v->valuedouble == floor(v->valuedouble) &&
     fabs(v->valuedouble) < 9e15) {
    *out = (long long)v->valuedouble;
    return true;
  }
  if(cJSON_IsString(v) && v->valuestring[0]) {
    char *end = NULL;
    long long n;
    errno = 0;
    n = strtoll(v->valuestring, &end, 10);
    if(!errno && !*end) {
      *out = n;
      return true;
    }
  }
  return false;
}

const cJSON *
api_obj(const cJSON *o, const char *name)
{
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

  return cJSON_IsObject(v) ? v : NULL;
}

char *
api_member_names(const cJSON *o)
{
  const cJSON *c;
  size_t n = 1;
  char *out;

  cJSON_ArrayForEach(c, o)
    n += (c->string ? strlen(c->string) : 0) + 2;
  out = malloc(n);
  if(!out)
    return NULL;
  out[0] = '\0';
  cJSON_ArrayForEach(c, o) {
    if(!c->string)
      continue;
    if(out[0])
      strncat(out, ", ", n - strlen(out) - 1);
    strncat(out, c->string, n - strlen(out) - 1);
  }
  return out;
}

char *
api_escape(const char *s)
{
  char *e = curl_easy_escape(NULL, s, 0);
  char *out = e ? strdup(e) : NULL;

  curl_free(e);
  return out;
}
