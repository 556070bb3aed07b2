/* SPDX-License-Identifier: GPL-3.0-or-later */
/* prov_fxiaoke.c resolves fxiaoke:PATH through Fxiaoke's
   generateDownloadSignatureUrlByAuth (PROVIDERS.md §1) with the legacy
   body parameters (corpAccessToken, corpId, currentOpenUserId).  Fxiaoke
   answers HTTP 200 even on errors: errorCode decides, and traceId goes
   into every message.  The field holding the URL is undocumented, so
   fxiaoke_find_url accepts every plausible place. */
#include "prov_fxiaoke.h"

#include <strings.h>

#include "config.h"
#include "digest.h"
#include "prov_common.h"
#include "token.h"
#include "url.h"

#define FXK_LIFETIME_S 3600
#define FXK_SEARCH_DEPTH 8
#define FXK_RATE_LIMIT_UNITS 20.0

struct fxk_ctx {
  struct sf_prov_call call;      /* opts, endpoint, token (secret) */
  const char *app_id;
  const char *app_secret;
  const char *permanent_code;
  const char *user;              /* currentOpenUserId */
  const char *corp_id_set;       /* fxiaoke.corp_id, or NULL */
  char *corp_id;
  const char *path;              /* the file asked for */
};

static bool
fxk_match(const char *locator)
{
  return !strncmp(locator, "fxiaoke:", 8);
}

static enum sf_err
fxk_check(const char *locator, struct sf_error *err)
{
  if(fxk_match(locator) && locator[8])
    return SF_OK;
  return error_set(err, SF_E_BAD_LOCATOR,
                   _("not an Fxiaoke file (expected fxiaoke:PATH)"));
}

enum sf_err
fxiaoke_uuid4(char out[37])
{
  unsigned char b[16];
  char hex[33];

  if(digest_random_bytes(b, sizeof(b)))
    return SF_E_INTERNAL;
  b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
  b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
  digest_hex(b, sizeof(b), hex);
  snprintf(out, 37, "%.8s-%.4s-%.4s-%.4s-%.12s", hex, hex + 8, hex + 12,
           hex + 16, hex + 20);
  return SF_OK;
}

/* ------------------------------------------------------------- the URL */

/* V when it is an http(s) string, or its url-like member. */
static const char *
url_in(const cJSON *v)
{
  static const char *const fields[] = { "url", "signatureUrl", "signedUrl",
                                        "downloadUrl" };
  size_t i;

  if(cJSON_IsString(v))
    return url_is_http(v->valuestring) ? v->valuestring : NULL;
  for(i = 0; cJSON_IsObject(v) && i < countof(fields); i++) {
    const char *s = api_str(v, fields[i]);
    if(url_is_http(s))
      return s;
  }
  return NULL;
}

/* The first http(s) string under V, depth first. */
static const char *
first_url(const cJSON *v, int depth)
{
  const cJSON *c;

  if(cJSON_IsString(v))
    return url_is_http(v->valuestring) ? v->valuestring : NULL;
  if(depth > FXK_SEARCH_DEPTH || !(cJSON_IsObject(v) || cJSON_IsArray(v)))
    return NULL;
  cJSON_ArrayForEach(c, v) {
    const char *u = first_url(c, depth + 1);
    if(u)
      return u;
  }
  return NULL;
}

const char *
fxiaoke_find_url(const cJSON *reply, const char *path)
{
  const cJSON *d = cJSON_IsObject(reply)
                   ? cJSON_GetObjectItemCaseSensitive(reply, "data") : NULL;
  const char *u = url_in(d);

  if(!u && cJSON_IsObject(d) && path)
    u = url_in(cJSON_GetObjectItemCaseSensitive(d, path));
  if(!u)
    u = first_url(d, 0);
  return u;
}

/* ------------------------------------------------------------- tokens */

static enum sf_err
token_reply(const struct sf_api_resp *resp, struct sf_token *out,
            struct sf_error *err)
{
  const char *tok = api_str(resp->json, "corpAccessToken");
  const char *corp = api_str(resp->json, "corpId");
  long long code = 0;
  long long ttl = 7200;
  char msg[256];
  char trace[128];

  if(resp->status != 200 || !cJSON_IsObject(resp->json))
    return error_set(err, SF_E_PROVIDER_PARSE,
                     _("Fxiaoke's token service answered HTTP %ld without "
                       "JSON (check fxiaoke.endpoint)"), resp->status);
  prov_text(api_str(resp->json, "traceId"), trace, sizeof(trace));
  if(api_int(resp->json, "errorCode", &code) && code != 0) {
    error_set(err, SF_E_CREDENTIALS,
              _("Fxiaoke refused fxiaoke.app_id / fxiaoke.app_secret / "
                "fxiaoke.permanent_code: errorCode %lld, %s, traceId %s "
                "(check those settings)"), code,
              prov_text(api_str(resp->json, "errorMessage"), msg,
                        sizeof(msg)), trace);
    prov_set_code(err, code);
    return SF_E_CREDENTIALS;
  }
  if(!tok || !*tok)
    return error_set(err, SF_E_PROVIDER_PARSE,
                     _("Fxiaoke's token service answered without "
                       "corpAccessToken, traceId %s (check "
                       "fxiaoke.endpoint)"), trace);
  api_int(resp->json, "expiresIn", &ttl);
  out->value = strdup(tok);
  out->corp_id = corp ? strdup(corp) : NULL;
  out->expires_at = time(NULL) + (time_t)(ttl > 0 ? ttl : 7200);
  return out->value ? SF_OK : prov_nomem(err);
}

/* sf_token_fetch_fn: POST cgi/corpAccessToken/get/V2. */
static enum sf_err
fxk_fetch_token(void *ud, bool force, struct sf_token *out,
                struct sf_error *err)
{
  struct fxk_ctx *c = ud;
  cJSON *body = cJSON_CreateObject();
  bool ok = body && cJSON_AddStringToObject(body, "appId", c->app_id) &&
            cJSON_AddStringToObject(body, "appSecret", c->app_secret) &&
            cJSON_AddStringToObject(body, "permanentCode",
                                    c->permanent_code);
  enum sf_err rc;

  (void)force;
  rc = prov_fetch_token(&c->call, "/cgi/corpAccessToken/get/V2",
                        ok ? body : NULL, token_reply, out, err);
  cJSON_Delete(body);
  return rc;
}

/* prov_call renew: a token (and its corpId) from the cache or
   corpAccessToken/get/V2. */
static enum sf_err
fxk_renew(void *ud, const char *rejected, struct sf_error *err)
{
  struct fxk_ctx *c = ud;
  const char *scope[] = { c->call.endpoint, c->app_id, c->app_secret,
                          c->permanent_code };
  struct sf_token_src src = { "fxiaoke", c->app_id, NULL, fxk_fetch_token,
                              c };
  enum sf_err rc = token_renew(&src, scope, countof(scope), rejected,
                               &c->call.token, &c->corp_id,
                               &c->call.token_at, err);

  if(rc || c->corp_id_set || c->corp_id)
    return rc;
  return error_set(err, SF_E_CREDENTIALS,
                   _("Fxiaoke's token came without a corpId (set "
                     "fxiaoke.corp_id (SIGFETCH_FXIAOKE_CORP_ID))"));
}

static void
fxk_ctx_free(struct fxk_ctx *c)
{
  prov_call_free(&c->call);
  free(c->corp_id);
  c->corp_id = NULL;
}

/* ------------------------------------------------------------- the call */

/* The answer's envelope: HTTP status, JSON, errorCode. */
static enum sf_err
fxk_envelope(const struct sf_api_resp *resp, struct sf_error *err)
{
  long long code = 0;
  char msg[256];
  char trace[128];

  if(resp->status != 200)
    return error_set(err, SF_E_PROVIDER, _("Fxiaoke answered HTTP %ld "
                                           "(check fxiaoke.endpoint)"),
                     resp->status);
  if(!cJSON_IsObject(resp->json))
    return error_set(err, SF_E_PROVIDER_PARSE,
                     _("Fxiaoke answered something that is not JSON (check "
                       "fxiaoke.endpoint)"));
  if(!api_int(resp->json, "errorCode", &code) || code == 0)
    return SF_OK;
  prov_text(api_str(resp->json, "errorMessage"), msg, sizeof(msg));
  prov_text(api_str(resp->json, "traceId"), trace, sizeof(trace));
  if(code == 20016 || code == 20005)
    error_set(err, SF_E_CREDENTIALS,
              _("Fxiaoke refused the corp access token: errorCode %lld, %s, "
                "traceId %s (set a valid fxiaoke.corp_access_token "
                "(SIGFETCH_FXIAOKE_CORP_ACCESS_TOKEN), or fxiaoke.app_id, "
                "fxiaoke.app_secret and fxiaoke.permanent_code)"), code, msg,
              trace);
  else
    error_set(err, SF_E_PROVIDER,
              _("Fxiaoke refused the request: errorCode %lld, %s, traceId %s "
                "(check the path; quote the traceId to Fxiaoke)"), code, msg,
              trace);
  prov_set_code(err, code);
  return err->code;
}

/* prov_call busy (PROVIDERS.md §1): -1 busy and 50009 timeout back off
   as usual; 14001 and 30004 (call-frequency limit) wait at least 20 s
   (20 times --retry-delay, whose default is 1 s). */
static double
fxk_busy(const struct sf_api_resp *resp)
{
  long long code = 0;

  if(!api_int(resp->json, "errorCode", &code))
    return 0;
  if(code == 14001 || code == 30004)
    return FXK_RATE_LIMIT_UNITS;
  return code == -1 || code == 50009 ? 1 : 0;
}

/* prov_call body: the path, the current token and who asks. */
static cJSON *
fxk_body(void *ud)
{
  const struct fxk_ctx *c = ud;
  cJSON *body = cJSON_CreateObject();
  cJSON *data = body ? cJSON_AddObjectToObject(body, "data") : NULL;

  if(!data || !cJSON_AddStringToObject(data, "path", c->path) ||
     !cJSON_AddStringToObject(body, "corpAccessToken", c->call.token) ||
     !cJSON_AddStringToObject(body, "corpId", c->corp_id_set
                                              ? c->corp_id_set
                                              : c->corp_id) ||
     !cJSON_AddStringToObject(body, "currentOpenUserId", c->user)) {
    cJSON_Delete(body);
    return NULL;
  }
  return body;
}

/* prov_call url: every HTTP attempt with a new thirdTraceId. */
static char *
fxk_url(void *ud)
{
  const struct fxk_ctx *c = ud;
  char uuid[37];

  if(fxiaoke_uuid4(uuid))
    return NULL;
  return prov_url(c->call.endpoint, "/cgi/crm/v2/"
                  "generateDownloadSignatureUrlByAuth", "thirdTraceId", uuid);
}

static enum sf_err
fxk_setup(const struct sf_options *opts, struct fxk_ctx *c,
          struct sf_error *err)
{
  const struct sf_config *cfg = opts->config;
  const char *tok = config_get(cfg, "fxiaoke.corp_access_token");
  enum sf_err rc;

  memset(c, 0, sizeof(*c));
  c->call = (struct sf_prov_call){
    .opts = opts, .provider = "fxiaoke",
    .endpoint = config_get(cfg, "fxiaoke.endpoint"), .ctx = c,
    .url = fxk_url, .body = fxk_body, .envelope = fxk_envelope,
    .renew = fxk_renew, .busy = fxk_busy };
  c->app_id = config_get(cfg, "fxiaoke.app_id");
  c->app_secret = config_get(cfg, "fxiaoke.app_secret");
  c->permanent_code = config_get(cfg, "fxiaoke.permanent_code");
  c->call.renewable = c->app_id && c->app_secret && c->permanent_code;
  c->corp_id_set = config_get(cfg, "fxiaoke.corp_id");
  if(!c->call.endpoint)
    return error_set(err, SF_E_CONFIG, _("fxiaoke.endpoint is empty (set "
                                         "SIGFETCH_FXIAOKE_ENDPOINT)"));
  rc = config_require(cfg, "fxiaoke.current_open_user_id", "Fxiaoke",
                      &c->user, err);
  if(!rc && tok)
    rc = config_require(cfg, "fxiaoke.corp_id", "Fxiaoke", &c->corp_id_set,
                        err);
  if(rc)
    return rc;
  return prov_call_start(&c->call, tok,
                         _("Fxiaoke needs a corp access token (set "
                           "fxiaoke.corp_access_token "
                           "(SIGFETCH_FXIAOKE_CORP_ACCESS_TOKEN) and "
                           "fxiaoke.corp_id, or fxiaoke.app_id, "
                           "fxiaoke.app_secret and fxiaoke.permanent_code so "
                           "that sigfetch fetches one)"), err);
}

/* No URL where we looked: name the fields seen, never their values. */
static enum sf_err
no_url(const cJSON *json, struct sf_error *err)
{
  const cJSON *d = cJSON_GetObjectItemCaseSensitive(json, "data");
  char *top = api_member_names(json);
  char *sub = cJSON_IsObject(d) ? api_member_names(d) : NULL;
  char trace[128];
  char tbuf[200];
  char sbuf[200];

  prov_text(api_str(json, "traceId"), trace, sizeof(trace));
  error_set(err, SF_E_PROVIDER_PARSE,
            _("Fxiaoke's answer holds no download URL (fields: %s; fields "
              "of data: %s; traceId %s) (report this with the traceId)"),
            prov_text(top, tbuf, sizeof(tbuf)),
            prov_text(sub ? sub : "-", sbuf, sizeof(sbuf)), trace);
  free(top);
  free(sub);
  return SF_E_PROVIDER_PARSE;
}

static enum sf_err
fxk_resolve(const struct sf_options *opts, const char *locator,
            struct sf_resolved *out, struct sf_error *err)
{
  struct fxk_ctx c;
  struct sf_api_resp resp;
  const char *url;
  enum sf_err rc;

  error_clear(err);
  memset(&resp, 0, sizeof(resp));
  if(fxk_check(locator, err))
    return err->code;
  rc = fxk_setup(opts, &c, err);
  c.path = locator + 8;
  if(!rc)
    rc = prov_call_renewing(&c.call, NULL, &resp, err);
  url = rc ? NULL : fxiaoke_find_url(resp.json, locator + 8);
  if(!rc && !url)
    rc = no_url(resp.json, err);
  if(!rc) {
    out->url = strdup(url);
    out->provider = "fxiaoke";
    resolver_set_expiry(out, time(NULL), FXK_LIFETIME_S);
    if(!out->url)
      rc = prov_nomem(err);
  }
  api_resp_free(&resp);
  fxk_ctx_free(&c);
  return rc;
}

const struct sf_resolver prov_fxiaoke = {
  .name = "fxiaoke",
  .match = fxk_match,
  .check = fxk_check,
  .resolve = fxk_resolve,
  .batch_max = 1,
  .refreshable = true,
};
