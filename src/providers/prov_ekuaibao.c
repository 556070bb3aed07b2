/* SPDX-License-Identifier: GPL-3.0-or-later */
/* prov_ekuaibao.c resolves ekuaibao:ID:KEY through Ekuaibao's
   attachment/downloadurls (PROVIDERS.md §3): a bare JSON array of at most
   100 {id, key, expiration}, answers matched by id and key, absent items
   not found.  DingTalk-drive keys (DP:{json}) come with headers that must
   go with the download; their name, type and size come from the key. */
#include "prov_ekuaibao.h"

#include <ctype.h>
#include <curl/curl.h>
#include <strings.h>

#include "config.h"
#include "prov_common.h"
#include "token.h"
#include "url.h"

#define EKB_BATCH_MAX 100
#define EKB_MAX_EXPIRATION 1800L
#define DP_LIFETIME_S 900        /* OSS V1 header signatures: 15 min */

struct ekb_ctx {
  struct sf_prov_call call;      /* opts, endpoint, token (secret) */
  const char *app_key;
  const char *app_security;
  long expiration;
};

static bool
ekb_match(const char *locator)
{
  return !strncmp(locator, "ekuaibao:", 9);
}

enum sf_err
ekuaibao_split(const char *locator, char **id, const char **key)
{
  const char *p;
  const char *colon;

  *id = NULL;
  *key = NULL;
  if(!ekb_match(locator))       /* match first: only then is p in bounds */
    return SF_E_BAD_LOCATOR;
  p = locator + 9;
  colon = strchr(p, ':');
  if(!colon || colon == p || !colon[1])
    return SF_E_BAD_LOCATOR;
  *id = strndup(p, (size_t)(colon - p));
  *key = colon + 1;
  return *id ? SF_OK : SF_E_NOMEM;
}

static enum sf_err
ekb_check(const char *locator, struct sf_error *err)
{
  char *id;
  const char *key;
  enum sf_err rc = ekuaibao_split(locator, &id, &key);

  free(id);
  if(rc == SF_E_BAD_LOCATOR)
    return error_set(err, rc, _("not an Ekuaibao attachment (expected "
                                "ekuaibao:ID:KEY)"));
  return rc;
}

/* ------------------------------------------------------------- names */

static bool
is_uuid(const char *s)
{
  int i;

  for(i = 0; i < 36; i++) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if(dash ? s[i] != '-' : !isxdigit((unsigned char)s[i]))
      return false;
  }
  return true;
}

/* NAME + "." + TYPE unless NAME already ends so (any case). */
static char *
with_type(const char *name, const char *type)
{
  size_t nl = strlen(name);
  size_t tl = type ? strlen(type) : 0;
  char *out;

  if(!tl || (nl > tl && name[nl - tl - 1] == '.' &&
             !strcasecmp(name + nl - tl, type)))
    return strdup(name);
  out = malloc(nl + tl + 2);
  if(out)
    snprintf(out, nl + tl + 2, "%s.%s", name, type);
  return out;
}

static char *
dp_name(const char *json, int64_t *size)
{
  cJSON *o = cJSON_Parse(json);
  const char *name = api_str(o, "fileName");
  const char *type = api_str(o, "fileType");
  long long n;
  char *out = NULL;

  if(api_int(o, "fileSize", &n) && n >= 0)
    *size = n;
  if(!name || !*name)
    name = api_str(o, "fileId");
  if(name && *name)
    out = with_type(name, type);
  cJSON_Delete(o);
  return out;
}

char *
ekuaibao_name(const char *key, int64_t *size)
{
  const char *slash;

  *size = -1;
  if(!strncmp(key, "DP:", 3))
    return dp_name(key + 3, size);
  if(!strncmp(key, "openapi", 7) && strlen(key) > 44 && is_uuid(key + 7) &&
     key[43] == '-')
    return strdup(key + 44);
  slash = strrchr(key, '/');
  key = slash ? slash + 1 : key;
  return *key ? strdup(key) : NULL;
}

/* ------------------------------------------------------------- reply */

const cJSON *
ekuaibao_find(const cJSON *reply, const char *id, const char *key)
{
  const cJSON *it;

  cJSON_ArrayForEach(it, reply) {
    const char *iid = api_str(it, "id");
    const char *ikey = api_str(it, "key");
    if(iid && !strcmp(iid, id) && (!ikey || !strcmp(ikey, key)))
      return it;
  }
  return NULL;
}

static bool
header_name_ok(const char *s)
{
  if(!s || !*s)
    return false;
  for(; *s; s++)
    if(!isalnum((unsigned char)*s) && !strchr("!#$%&'*+-.^_`|~", *s))
      return false;
  return true;
}

/* The provider's headers, trimmed, into OUT; *DATE = x-oss-date. */
static enum sf_err
add_headers(const cJSON *h, struct sf_resolved *out, const char **date,
            struct sf_error *err)
{
  const cJSON *c;

  cJSON_ArrayForEach(c, h) {
    const char *v = cJSON_IsString(c) ? c->valuestring : NULL;
    size_t len;
    char *line;
    enum sf_err rc;
    if(!header_name_ok(c->string) || !v || strpbrk(v, "\r\n"))
      return error_set(err, SF_E_PROVIDER_PARSE,
                       _("Ekuaibao's answer holds a malformed download "
                         "header (report this to Ekuaibao)"));
    v += strspn(v, " \t");
    for(len = strlen(v); len && (v[len - 1] == ' ' || v[len - 1] == '\t');)
      len--;
    line = malloc(strlen(c->string) + len + 3);
    if(!line)
      return prov_nomem(err);
    snprintf(line, strlen(c->string) + len + 3, "%s: %.*s", c->string,
             (int)len, v);
    rc = resolved_add_header(out, line);
    free(line);
    if(rc)
      return error_set(err, rc, "%s", error_text(rc));
    if(!strcasecmp(c->string, "x-oss-date"))
      *date = v;
  }
  return SF_OK;
}

enum sf_err
ekuaibao_entry(const cJSON *item, const char *key, long expiration,
               time_t now, struct sf_resolved *out, struct sf_error *err)
{
  const char *url = api_str(item, "url");
  const cJSON *h = api_obj(item, "headers");
  const char *date = NULL;
  time_t t;

  if(!url_is_http(url))
    return error_set(err, SF_E_PROVIDER_PARSE,
                     _("Ekuaibao's answer for this attachment has no url "
                       "(check ekuaibao.endpoint)"));
  out->url = strdup(url);
  out->name = ekuaibao_name(key, &out->expect.size);
  out->provider = "ekuaibao";
  if(!out->url)
    return prov_nomem(err);
  if(h && add_headers(h, out, &date, err))
    return err->code;
  t = date ? curl_getdate(date, NULL) : -1;
  if(t > 0)
    out->expires_at = t + DP_LIFETIME_S;
  else if(h || !strncmp(key, "DP:", 3))
    out->expires_at = now + DP_LIFETIME_S;
  else
    resolver_set_expiry(out, now, expiration);
  return SF_OK;
}

/* ------------------------------------------------------------- tokens */

static enum sf_err
token_reply(const struct sf_api_resp *resp, struct sf_token *out,
            struct sf_error *err)
{
  const cJSON *v = api_obj(resp->json, "value");
  const char *tok = api_str(v, "accessToken");
  long long ms = 0;

  if(resp->status == 401 || resp->status == 403)
    return error_set(err, SF_E_CREDENTIALS,
                     _("Ekuaibao refused ekuaibao.app_key / "
                       "ekuaibao.app_security (HTTP %ld) (check them, and "
                       "that ekuaibao.endpoint is your platform's address)"),
                     resp->status);
  if(resp->status != 200)
    return error_set(err, SF_E_PROVIDER,
                     _("Ekuaibao's token service answered HTTP %ld (check "
                       "ekuaibao.endpoint)"), resp->status);
  if(!tok || !*tok)
    return error_set(err, SF_E_PROVIDER_PARSE,
                     _("Ekuaibao's token service answered without "
                       "value.accessToken (check ekuaibao.endpoint)"));
  out->value = strdup(tok);
  /* expireTime is in milliseconds since the epoch */
  out->expires_at = api_int(v, "expireTime", &ms) && ms > 0
                    ? (time_t)(ms / 1000) : time(NULL) + 7200;
  return out->value ? SF_OK : prov_nomem(err);
}

/* sf_token_fetch_fn: POST v1/auth/getAccessToken. */
static enum sf_err
ekb_fetch_token(void *ud, bool force, struct sf_token *out,
                struct sf_error *err)
{
  struct ekb_ctx *c = ud;
  cJSON *body = cJSON_CreateObject();
  bool ok = body && cJSON_AddStringToObject(body, "appKey", c->app_key) &&
            cJSON_AddStringToObject(body, "appSecurity", c->app_security);
  enum sf_err rc;

  (void)force;
  rc = prov_fetch_token(&c->call, "/api/openapi/v1/auth/getAccessToken",
                        ok ? body : NULL, token_reply, out, err);
  cJSON_Delete(body);
  return rc;
}

/* prov_call renew: a token from the cache or getAccessToken. */
static enum sf_err
ekb_renew(void *ud, const char *rejected, struct sf_error *err)
{
  struct ekb_ctx *c = ud;
  const char *scope[] = { c->call.endpoint, c->app_key, c->app_security };
  struct sf_token_src src = { "ekuaibao", c->app_key, NULL, ekb_fetch_token,
                              c };

  return token_renew(&src, scope, countof(scope), rejected, &c->call.token,
                     NULL, &c->call.token_at, err);
}

/* ------------------------------------------------------------- the call */

/* Judge the HTTP status of a downloadurls answer. */
static enum sf_err
ekb_envelope(const struct sf_api_resp *resp, struct sf_error *err)
{
  const char *m = api_str(resp->json, "message");
  char msg[256];

  if(!m)
    m = api_str(resp->json, "errorMessage");
  prov_text(m ? m : "-", msg, sizeof(msg));
  if(resp->status == 403)
    error_set(err, SF_E_CREDENTIALS,
              _("Ekuaibao refused the access token (HTTP 403) (set a valid "
                "ekuaibao.access_token (SIGFETCH_EKUAIBAO_ACCESS_TOKEN) or "
                "ekuaibao.app_key and ekuaibao.app_security, and check that "
                "ekuaibao.endpoint is your platform's address)"));
  else if(resp->status == 400)
    error_set(err, SF_E_PROVIDER,
              _("Ekuaibao rejected the request: HTTP 400, %s (check the "
                "attachment ID and key)"), msg);
  else if(resp->status != 200)
    error_set(err, SF_E_PROVIDER, _("Ekuaibao answered HTTP %ld, %s (check "
                                    "ekuaibao.endpoint)"), resp->status,
              msg);
  else if(!cJSON_IsArray(resp->json))
    return error_set(err, SF_E_PROVIDER_PARSE,
                     _("Ekuaibao answered something that is not a JSON "
                       "array (check ekuaibao.endpoint)"));
  if(err->code)
    prov_set_code(err, resp->status);
  return err->code;
}

/* prov_call url: downloadurls with the current token. */
static char *
ekb_url(void *ud)
{
  const struct ekb_ctx *c = ud;

  return prov_url(c->call.endpoint, "/api/openapi/v2/attachment/"
                  "downloadurls", "accessToken", c->call.token);
}

static enum sf_err
ekb_setup(const struct sf_options *opts, struct ekb_ctx *c,
          struct sf_error *err)
{
  const struct sf_config *cfg = opts->config;
  const char *tok = config_get(cfg, "ekuaibao.access_token");
  enum sf_err rc;

  memset(c, 0, sizeof(*c));
  c->call = (struct sf_prov_call){
    .opts = opts, .provider = "ekuaibao",
    .endpoint = config_get(cfg, "ekuaibao.endpoint"), .ctx = c,
    .url = ekb_url, .envelope = ekb_envelope, .renew = ekb_renew };
  c->app_key = config_get(cfg, "ekuaibao.app_key");
  c->app_security = config_get(cfg, "ekuaibao.app_security");
  c->call.renewable = c->app_key && c->app_security;
  c->call.fresh_retry = true;
  rc = config_get_long(cfg, "ekuaibao.expiration", 1, 1L << 30,
                       &c->expiration, err);
  if(rc)
    return rc;
  if(c->expiration > EKB_MAX_EXPIRATION)
    return error_set(err, SF_E_CONFIG,
                     _("ekuaibao.expiration is %ld seconds, but Ekuaibao "
                       "allows at most %ld (set ekuaibao.expiration to %ld "
                       "or less)"), c->expiration, EKB_MAX_EXPIRATION,
                     EKB_MAX_EXPIRATION);
  if(!c->call.endpoint)
    return error_set(err, SF_E_CONFIG, _("ekuaibao.endpoint is empty (set "
                                         "SIGFETCH_EKUAIBAO_ENDPOINT)"));
  return prov_call_start(&c->call, tok,
                         _("Ekuaibao needs an access token (set "
                           "ekuaibao.access_token "
                           "(SIGFETCH_EKUAIBAO_ACCESS_TOKEN), or "
                           "ekuaibao.app_key and ekuaibao.app_security so "
                           "that sigfetch fetches one)"), err);
}

/* The request body; IDS[i] / KEYS[i] split from each locator. */
static cJSON *
ekb_body(char **ids, const char **keys, size_t n, long expiration)
{
  cJSON *arr = cJSON_CreateArray();
  size_t i;

  for(i = 0; arr && i < n; i++) {
    cJSON *o;
    if(!ids[i])
      continue;
    o = cJSON_CreateObject();
    if(!o || !cJSON_AddItemToArray(arr, o) ||
       !cJSON_AddStringToObject(o, "id", ids[i]) ||
       !cJSON_AddStringToObject(o, "key", keys[i]) ||
       !cJSON_AddNumberToObject(o, "expiration", (double)expiration)) {
      cJSON_Delete(arr);
      return NULL;
    }
  }
  return arr;
}

/* One call for LOCS[0..N), N <= EKB_BATCH_MAX. */
static void
ekb_chunk(struct ekb_ctx *c, const char *const *locs, size_t n,
          struct sf_resolved *outs, struct sf_error *errs)
{
  char *ids[EKB_BATCH_MAX];
  const char *keys[EKB_BATCH_MAX];
  struct sf_api_resp resp;
  struct sf_error e;
  cJSON *body;
  time_t now = time(NULL);
  size_t i;

  error_clear(&e);
  memset(&resp, 0, sizeof(resp));
  for(i = 0; i < n; i++)
    if(ekuaibao_split(locs[i], &ids[i], &keys[i]))
      ekb_check(locs[i], &errs[i]);
  body = ekb_body(ids, keys, n, c->expiration);
  if(!body)
    prov_nomem(&e);
  else if(cJSON_GetArraySize(body) &&
          !prov_call_renewing(&c->call, body, &resp, &e)) {
    for(i = 0; i < n; i++) {
      const cJSON *it = ids[i] ? ekuaibao_find(resp.json, ids[i], keys[i])
                               : NULL;
      if(it)
        ekuaibao_entry(it, keys[i], c->expiration, now, &outs[i], &errs[i]);
      else if(ids[i])
        error_set(&errs[i], SF_E_NOT_FOUND,
                  _("Ekuaibao does not know this attachment (check the ID "
                    "and key, and ekuaibao.endpoint)"));
    }
  }
  for(i = 0; i < n; i++) {
    if(e.code && ids[i])
      errs[i] = e;
    free(ids[i]);
  }
  api_resp_free(&resp);
  cJSON_Delete(body);
}

static void
ekb_batch(const struct sf_options *opts, const char *const *locs, size_t n,
          struct sf_resolved *outs, struct sf_error *errs)
{
  struct ekb_ctx c;
  struct sf_error e;
  size_t i;

  error_clear(&e);
  for(i = 0; i < n; i++)
    error_clear(&errs[i]);
  if(ekb_setup(opts, &c, &e))
    prov_fail_all(errs, n, &e);
  else
    for(i = 0; i < n; i += EKB_BATCH_MAX)
      ekb_chunk(&c, locs + i, n - i < EKB_BATCH_MAX ? n - i : EKB_BATCH_MAX,
                outs + i, errs + i);
  prov_call_free(&c.call);
}

const struct sf_resolver prov_ekuaibao = {
  .name = "ekuaibao",
  .match = ekb_match,
  .check = ekb_check,
  .resolve_batch = ekb_batch,
  .batch_max = EKB_BATCH_MAX,
  .refreshable = true,
};
