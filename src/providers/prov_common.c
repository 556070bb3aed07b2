/* SPDX-License-Identifier: GPL-3.0-or-later */
/* prov_common.c holds what the TCB, Ekuaibao and Fxiaoke resolvers share:
   building a provider URL with a token in its query, POSTing JSON, a call
   that renews a refused token once, fetching a token from app
   credentials, and making provider text safe to quote in a one-line
   message. */
#include "prov_common.h"

#include "log.h"
#include "redact.h"

char *
prov_url(const char *endpoint, const char *path, const char *qname,
         const char *qvalue)
{
  size_t elen = strlen(endpoint);
  char *esc = NULL;
  char *out;
  size_t n;

  while(elen && endpoint[elen - 1] == '/')
    elen--;
  if(qname) {
    esc = api_escape(qvalue ? qvalue : "");
    if(!esc)
      return NULL;
  }
  n = elen + strlen(path) + (qname ? strlen(qname) + strlen(esc) + 2 : 0) + 1;
  out = malloc(n);
  if(out && qname)
    snprintf(out, n, "%.*s%s?%s=%s", (int)elen, endpoint, path, qname, esc);
  else if(out)
    snprintf(out, n, "%.*s%s", (int)elen, endpoint, path);
  free(esc);
  return out;
}

/* POST BODY as application/json to URL through api_call, with the
   prepare hook PREPARE (or NULL) and CTX.  PROVIDER names the provider in
   messages.  The body may hold secrets: it is sent, never shown. */
static enum sf_err
post_json(const struct sf_options *opts, const char *url, const cJSON *body,
          const char *provider, sf_api_prepare_fn prepare, void *ctx,
          struct sf_api_resp *resp, struct sf_error *err)
{
  static const char *const headers[] = { "Content-Type: application/json",
                                         "Accept: application/json" };
  struct sf_api_req req;
  char *text = cJSON_PrintUnformatted(body);
  enum sf_err rc;

  memset(resp, 0, sizeof(*resp));
  if(!text)
    return error_set(err, SF_E_NOMEM, "%s", error_text(SF_E_NOMEM));
  memset(&req, 0, sizeof(req));
  req.method = "POST";
  req.url = url;
  req.headers = headers;
  req.n_headers = countof(headers);
  req.body = text;
  req.provider = provider;
  req.prepare = prepare;
  req.prepare_ctx = ctx;
  rc = api_call(opts, &req, resp, err);
  /* the body may carry a secret: do not leave it in freed memory */
  memset(text, 0, strlen(text));
  free(text);
  return rc;
}

/* post_json to ENDPOINT + PATH (no query), without a prepare hook. */
static enum sf_err
post_path(const struct sf_options *opts, const char *endpoint,
          const char *path, const cJSON *body, const char *provider,
          struct sf_api_resp *resp, struct sf_error *err)
{
  char *url = prov_url(endpoint, path, NULL, NULL);
  enum sf_err rc;

  memset(resp, 0, sizeof(*resp));
  if(!url)
    return prov_nomem(err);
  rc = post_json(opts, url, body, provider, NULL, NULL, resp, err);
  free(url);
  return rc;
}

enum sf_err
prov_call_start(struct sf_prov_call *call, const char *configured,
                const char *missing, struct sf_error *err)
{
  if(configured) {
    call->token = strdup(configured);
    return call->token ? SF_OK : prov_nomem(err);
  }
  if(!call->renewable)
    return error_set(err, SF_E_CREDENTIALS, "%s", missing);
  return call->renew(call->ctx, NULL, err);
}

/* One HTTP attempt's URL, made by prov_call's url hook. */
struct attempt_url {
  struct sf_prov_call *call;
  char *url;
};

/* sf_api_prepare_fn: a new URL (a new trace id) for every attempt. */
static enum sf_err
prepare_url(void *ud, struct sf_api_req *req, struct sf_error *err)
{
  struct attempt_url *a = ud;
  char *url = a->call->url(a->call->ctx);

  if(!url)
    return prov_nomem(err);
  free(a->url);
  a->url = url;
  req->url = url;
  return SF_OK;
}

/* One call of prov_call_renewing with the current token. */
static enum sf_err
call_once(struct sf_prov_call *call, const cJSON *body,
          struct sf_api_resp *resp, struct sf_error *err)
{
  cJSON *own = call->body ? call->body(call->ctx) : NULL;
  struct attempt_url a = { call, NULL };
  enum sf_err rc;

  memset(resp, 0, sizeof(*resp));
  if(!own && call->body)
    rc = prov_nomem(err);
  else
    rc = post_json(call->opts, NULL, own ? own : body, call->provider,
                   prepare_url, &a, resp, err);
  if(!rc)
    rc = call->envelope(resp, err);
  free(a.url);
  cJSON_Delete(own);
  return rc;
}

/* call_once, again while the provider answers that it is busy (at most
   --retries more times, waiting as api_call does but at least the
   provider's own minimum). */
static enum sf_err
call_patient(struct sf_prov_call *call, const cJSON *body,
             struct sf_api_resp *resp, struct sf_error *err)
{
  const struct sf_options *opts = call->opts;
  enum sf_err rc;
  long tries = 0;
  double unit;

  for(;;) {
    rc = call_once(call, body, resp, err);
    unit = rc == SF_E_PROVIDER && call->busy ? call->busy(resp) : 0;
    if(unit <= 0 || tries >= opts->retries)
      return rc;
    tries++;
    log_msg(opts, SF_LOG_WARN,
            _("sigfetch: %s: the provider is busy (code %s); retrying (%ld "
              "of %ld)"), call->provider, err->provider_code, tries,
            opts->retries);
    api_resp_free(resp);
    error_clear(err);
    api_backoff(opts, tries, unit * opts->retry_delay);
  }
}

/* Was the token that CALL just had refused issued moments ago? */
static bool
fresh_refusal(const struct sf_prov_call *call)
{
  return call->fresh_retry && call->token_at &&
         time(NULL) - call->token_at < PROV_FRESH_S;
}

enum sf_err
prov_call_renewing(struct sf_prov_call *call, const cJSON *body,
                   struct sf_api_resp *resp, struct sf_error *err)
{
  enum sf_err rc = call_patient(call, body, resp, err);

  if(rc == SF_E_CREDENTIALS && fresh_refusal(call)) {
    log_msg(call->opts, SF_LOG_WARN,
            _("sigfetch: %s: a token issued moments ago was refused; "
              "trying it once more"), call->provider);
    api_resp_free(resp);
    error_clear(err);
    api_backoff(call->opts, 1, PROV_FRESH_PAUSE * call->opts->retry_delay);
    rc = call_patient(call, body, resp, err);
  }
  if(rc != SF_E_CREDENTIALS || !call->renewable)
    return rc;
  api_resp_free(resp);
  error_clear(err);
  rc = call->renew(call->ctx, call->token, err);
  return rc ? rc : call_patient(call, body, resp, err);
}

enum sf_err
prov_fetch_token(const struct sf_prov_call *call, const char *path,
                 const cJSON *body, sf_prov_token_reply_fn reply,
                 struct sf_token *out, struct sf_error *err)
{
  struct sf_api_resp resp;
  enum sf_err rc;

  if(!body)
    return prov_nomem(err);
  rc = post_path(call->opts, call->endpoint, path, body, call->provider,
                      &resp, err);
  if(!rc)
    rc = reply(&resp, out, err);
  /* an issued token is as secret as a configured one: mask it from the
     moment it is read, before any message could echo it */
  if(!rc && !redact_add_secret(out->value)) {
    token_free(out);
    rc = prov_nomem(err);
  }
  api_resp_free(&resp);
  return rc;
}

void
prov_call_free(struct sf_prov_call *call)
{
  token_wipe(call->token);
  call->token = NULL;
}

const char *
prov_text(const char *s, char *buf, size_t len)
{
  size_t i = 0;

  if(!len)
    return buf;
  if(!s)
    s = "?";
  for(; *s && i + 1 < len; s++) {
    unsigned char c = (unsigned char)*s;
    buf[i++] = (c < 0x20 || c == 0x7f) ? ' ' : (char)c;
  }
  /* a cut inside a UTF-8 sequence: drop its leading bytes */
  if(((unsigned char)*s & 0xc0) == 0x80) {
    while(i > 0 && ((unsigned char)buf[i - 1] & 0xc0) == 0x80)
      i--;
    if(i > 0 && ((unsigned char)buf[i - 1] & 0xc0) == 0xc0)
      i--;
  }
  buf[i] = '\0';
  return buf;
}

enum sf_err
prov_nomem(struct sf_error *err)
{
  return error_set(err, SF_E_NOMEM, "%s", error_text(SF_E_NOMEM));
}

void
prov_set_code(struct sf_error *err, long long code)
{
  snprintf(err->provider_code, sizeof(err->provider_code), "%lld", code);
}

void
prov_fail_all(struct sf_error *errs, size_t n, const struct sf_error *err)
{
  size_t i;

  for(i = 0; i < n; i++)
    errs[i] = *err;
}
