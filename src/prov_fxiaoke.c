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

#define FXK_LIFETIME_S 3600
#define FXK_SEARCH_DEPTH 8

struct fxk_ctx {
  const struct sf_options *opts;
  const char *endpoint;
  const char *app_id;
  const char *app_secret;
  const char *permanent_code;
  const char *user;              /* currentOpenUserId */
  const char *corp_id_set;       /* fxiaoke.corp_id, or NULL */
  char *token;                   /* secret */
  char *corp_id;
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
    return prov_is_http_url(v->valuestring) ? v->valuestring : NULL;
  for(i = 0; cJSON_IsObject(v) && i < countof(fields); i++) {
    const char *s = api_str(v, fields[i]);
    if(prov_is_http_url(s))
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
    return prov_is_http_url(v->valuestring) ? v->valuestring : NULL;
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

static bool
can_renew(const struct fxk_ctx *c)
{
  return c->app_id && c->app_secret && c->permanent_code;
}

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
  struct sf_api_resp resp;
  enum sf_err rc;

  (void)force;
  memset(&resp, 0, sizeof(resp));
  if(!body || !cJSON_AddStringToObject(body, "appId", c->app_id) ||
     !cJSON_AddStringToObject(body, "appSecret", c->app_secret) ||
     !cJSON_AddStringToObject(body, "permanentCode", c->permanent_code))
    rc = prov_nomem(err);
  else
    rc = prov_post_path(c->opts, c->endpoint, "/cgi/corpAccessToken/get/V2",
                        body, "fxiaoke", &resp, err);
  if(!rc)
    rc = token_reply(&resp, out, err);
  api_resp_free(&resp);
  cJSON_Delete(body);
  return rc;
}

static enum sf_err
fxk_renew(struct fxk_ctx *c, const char *rejected, struct sf_error *err)
{
  const char *scope[] = { c->endpoint, c->app_id, c->app_secret,
                          c->permanent_code };
  struct sf_token_src src = { "fxiaoke", c->app_id, NULL, fxk_fetch_token,
                              c };
  enum sf_err rc = token_renew(&src, scope, countof(scope), rejected,
                               &c->token, &c->corp_id, err);

  if(rc || c->corp_id_set || c->corp_id)
    return rc;
  return error_set(err, SF_E_CREDENTIALS,
                   _("Fxiaoke's token came without a corpId (set "
                     "fxiaoke.corp_id (SIGFETCH_FXIAOKE_CORP_ID))"));
}

static void
fxk_ctx_free(struct fxk_ctx *c)
{
  token_wipe(c->token);
  free(c->corp_id);
  c->token = NULL;
  c->corp_id = NULL;
}

static enum sf_err
fxk_setup(const struct sf_options *opts, struct fxk_ctx *c,
          struct sf_error *err)
{
  const struct sf_config *cfg = opts->config;
  const char *tok = config_get(cfg, "fxiaoke.corp_access_token");
  enum sf_err rc;

  memset(c, 0, sizeof(*c));
  c->opts = opts;
  c->endpoint = config_get(cfg, "fxiaoke.endpoint");
  c->app_id = config_get(cfg, "fxiaoke.app_id");
  c->app_secret = config_get(cfg, "fxiaoke.app_secret");
  c->permanent_code = config_get(cfg, "fxiaoke.permanent_code");
  c->corp_id_set = config_get(cfg, "fxiaoke.corp_id");
  if(!c->endpoint)
    return error_set(err, SF_E_CONFIG, _("fxiaoke.endpoint is empty (set "
                                         "SIGFETCH_FXIAOKE_ENDPOINT)"));
  rc = config_require(cfg, "fxiaoke.current_open_user_id", "Fxiaoke",
                      &c->user, err);
  if(!rc && tok)
    rc = config_require(cfg, "fxiaoke.corp_id", "Fxiaoke", &c->corp_id_set,
                        err);
  if(rc)
    return rc;
  if(tok) {
    c->token = strdup(tok);
    return c->token ? SF_OK : prov_nomem(err);
  }
  if(!can_renew(c))
    return error_set(err, SF_E_CREDENTIALS,
                     _("Fxiaoke needs a corp access token (set "
                       "fxiaoke.corp_access_token "
                       "(SIGFETCH_FXIAOKE_CORP_ACCESS_TOKEN) and "
                       "fxiaoke.corp_id, or fxiaoke.app_id, "
                       "fxiaoke.app_secret and fxiaoke.permanent_code so "
                       "that sigfetch fetches one)"));
  return fxk_renew(c, NULL, err);
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

static cJSON *
fxk_body(const struct fxk_ctx *c, const char *path)
{
  cJSON *body = cJSON_CreateObject();
  cJSON *data = body ? cJSON_AddObjectToObject(body, "data") : NULL;

  if(!data || !cJSON_AddStringToObject(data, "path", path) ||
     !cJSON_AddStringToObject(body, "corpAccessToken", c->token) ||
     !cJSON_AddStringToObject(body, "corpId", c->corp_id_set
                                              ? c->corp_id_set
                                              : c->corp_id) ||
     !cJSON_AddStringToObject(body, "currentOpenUserId", c->user)) {
    cJSON_Delete(body);
    return NULL;
  }
  return body;
}

/* One request with a new thirdTraceId. */
static enum sf_err
fxk_post(struct fxk_ctx *c, const char *path, struct sf_api_resp *resp,
         struct sf_error *err)
{
  cJSON *body = fxk_body(c, path);
  char uuid[37];
  char *url = NULL;
  enum sf_err rc;

  memset(resp, 0, sizeof(*resp));
  if(body && !fxiaoke_uuid4(uuid))
    url = prov_url(c->endpoint, "/cgi/crm/v2/"
                   "generateDownloadSignatureUrlByAuth", "thirdTraceId",
                   uuid);
  if(!url)
    rc = prov_nomem(err);
  else
    rc = prov_post_json(c->opts, url, body, "fxiaoke", resp, err);
  if(!rc)
    rc = fxk_envelope(resp, err);
  free(url);
  cJSON_Delete(body);
  return rc;
}

static enum sf_err
fxk_call(struct fxk_ctx *c, const char *path, struct sf_api_resp *resp,
         struct sf_error *err)
{
  enum sf_err rc = fxk_post(c, path, resp, err);

  if(rc != SF_E_CREDENTIALS || !can_renew(c))
    return rc;
  api_resp_free(resp);
  error_clear(err);
  rc = fxk_renew(c, c->token, err);
  return rc ? rc : fxk_post(c, path, resp, err);
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
  if(!rc)
    rc = fxk_call(&c, locator + 8, &resp, err);
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
