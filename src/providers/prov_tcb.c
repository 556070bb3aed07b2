/* SPDX-License-Identifier: GPL-3.0-or-later */
/* prov_tcb.c resolves cloud://ENV.BUCKET/PATH through WeChat Cloud Base's
   batchdownloadfile (PROVIDERS.md §2): at most 50 files per call, one call
   per env, every entry judged by its own status, and an access token that
   is either configured or fetched from tcb.appid + tcb.secret through the
   stable_token API (renewed once when WeChat refuses it). */
#include "prov_tcb.h"

#include <strings.h>

#include "config.h"
#include "prov_common.h"
#include "token.h"
#include "url.h"

#define TCB_BATCH_MAX 50
#define TCB_NOT_FOUND_STATUS (-503003)

struct tcb_ctx {
  struct sf_prov_call call; /* opts, endpoint, token (secret) */
  const char *env_set;      /* tcb.env, or NULL */
  const char *appid;
  const char *secret;
  long max_age;
};

static bool
tcb_match(const char *locator)
{
  return !strncasecmp(locator, "cloud://", 8);
}

char *
tcb_locator_env(const char *locator)
{
  const char *host;
  const char *slash;
  const char *dot;

  if(!tcb_match(locator))
    return NULL;
  host = locator + 8;
  slash = strchr(host, '/');
  dot = strchr(host, '.');
  if(!slash || !dot || dot > slash || dot == host || dot + 1 == slash ||
     !slash[1])
    return NULL;
  return strndup(host, (size_t)(dot - host));
}

static enum sf_err
tcb_check(const char *locator, struct sf_error *err)
{
  char *env = tcb_locator_env(locator);

  if(env) {
    free(env);
    return SF_OK;
  }
  return error_set(err, SF_E_BAD_LOCATOR,
                   _("not a WeChat Cloud Base file ID (expected "
                     "cloud://ENV.BUCKET/PATH)"));
}

/* The last path segment of FILEID, or NULL. */
static char *
tcb_name(const char *fileid)
{
  const char *slash = strrchr(fileid, '/');

  return slash && slash[1] ? strdup(slash + 1) : NULL;
}

static const char *
entry_id(const cJSON *e)
{
  const char *id = api_str(e, "fileid");

  return id ? id : api_str(e, "files");
}

void
tcb_match_reply(const cJSON *list, const char *const *fileids, size_t n,
                int *at)
{
  const cJSON *e;
  size_t i;
  int j = 0;

  for(i = 0; i < n; i++)
    at[i] = -1;
  /* each entry goes to the first request of its id not yet answered */
  cJSON_ArrayForEach(e, list) {
    const char *id = entry_id(e);
    for(i = 0; id && i < n; i++)
      if(at[i] < 0 && !strcmp(fileids[i], id)) {
        at[i] = j;
        break;
      }
    if(!id && (size_t)j < n && at[j] < 0)
      at[j] = j;
    j++;
  }
  /* a request repeated in the batch but answered once */
  for(i = 0; i < n; i++) {
    size_t k;
    for(k = 0; at[i] < 0 && k < n; k++)
      if(k != i && at[k] >= 0 && !strcmp(fileids[k], fileids[i]))
        at[i] = at[k];
  }
}

enum sf_err
tcb_entry(const cJSON *entry, const char *fileid, long max_age, time_t now,
          struct sf_resolved *out, struct sf_error *err)
{
  const char *url = api_str(entry, "download_url");
  long long status = 0;
  char msg[256];

  if(!cJSON_IsObject(entry))
    return error_set(err, SF_E_PROVIDER_PARSE,
                     _("WeChat Cloud Base's answer for this file is not an "
                       "object (check tcb.endpoint)"));
  if(api_int(entry, "status", &status) && status != 0) {
    const char *em = api_str(entry, "errmsg");
    enum sf_err code = (status == TCB_NOT_FOUND_STATUS ||
                        (em && strstr(em, "NONEXIST"))) ? SF_E_NOT_FOUND
                                                         : SF_E_PROVIDER;
    error_set(err, code,
              _("WeChat Cloud Base gave no link for this file: status "
                "%lld, %s (check the file ID and that the app may read "
                "it)"), status, prov_text(em, msg, sizeof(msg)));
    prov_set_code(err, status);
    return code;
  }
  if(!url_is_http(url))
    return error_set(err, SF_E_PROVIDER_PARSE,
                     _("WeChat Cloud Base's answer for this file has no "
                       "download_url (check tcb.endpoint)"));
  out->url = strdup(url);
  out->name = tcb_name(fileid);
  out->provider = "tcb";
  if(!out->url)
    return prov_nomem(err);
  resolver_set_expiry(out, now, max_age);
  return SF_OK;
}

/* ------------------------------------------------------------- tokens */

/* The stable_token answer into OUT. */
static enum sf_err
token_reply(const struct sf_api_resp *resp, struct sf_token *out,
            struct sf_error *err)
{
  const char *tok = api_str(resp->json, "access_token");
  long long code = 0;
  long long ttl = 7200;
  char msg[256];

  if(resp->status != 200)
    return error_set(err, SF_E_PROVIDER,
                     _("WeChat's token service answered HTTP %ld (check "
                       "tcb.endpoint)"), resp->status);
  if(!cJSON_IsObject(resp->json))
    return error_set(err, SF_E_PROVIDER_PARSE,
                     _("WeChat's token service answered something that is "
                       "not JSON (check tcb.endpoint)"));
  if(api_int(resp->json, "errcode", &code) && code != 0) {
    error_set(err, SF_E_CREDENTIALS,
              _("WeChat refused tcb.appid / tcb.secret: errcode %lld, %s "
                "(check tcb.appid and tcb.secret (SIGFETCH_TCB_SECRET))"),
              code, prov_text(api_str(resp->json, "errmsg"), msg,
                              sizeof(msg)));
    prov_set_code(err, code);
    return SF_E_CREDENTIALS;
  }
  if(!tok || !*tok)
    return error_set(err, SF_E_PROVIDER_PARSE,
                     _("WeChat's token service answered without an "
                       "access_token (check tcb.endpoint)"));
  api_int(resp->json, "expires_in", &ttl);
  out->value = strdup(tok);
  out->expires_at = time(NULL) + (time_t)(ttl > 0 ? ttl : 7200);
  return out->value ? SF_OK : prov_nomem(err);
}

/* sf_token_fetch_fn: POST cgi-bin/stable_token. */
static enum sf_err
tcb_fetch_token(void *ud, bool force, struct sf_token *out,
                struct sf_error *err)
{
  struct tcb_ctx *c = ud;
  cJSON *body = cJSON_CreateObject();
  bool ok = body &&
            cJSON_AddStringToObject(body, "grant_type",
                                    "client_credential") &&
            cJSON_AddStringToObject(body, "appid", c->appid) &&
            cJSON_AddStringToObject(body, "secret", c->secret) &&
            cJSON_AddBoolToObject(body, "force_refresh", force);
  enum sf_err rc;

  rc = prov_fetch_token(&c->call, "/cgi-bin/stable_token", ok ? body : NULL,
                        token_reply, out, err);
  cJSON_Delete(body);
  return rc;
}

/* prov_call renew: a token from the cache or stable_token. */
static enum sf_err
tcb_renew(void *ud, const char *rejected, struct sf_error *err)
{
  struct tcb_ctx *c = ud;
  const char *scope[] = { c->call.endpoint, c->appid, c->secret };
  struct sf_token_src src = { "tcb", c->appid, NULL, tcb_fetch_token, c };

  return token_renew(&src, scope, countof(scope), rejected, &c->call.token,
                     NULL, &c->call.token_at, err);
}

/* ------------------------------------------------------------- the call */

static bool
token_refused(long long code)
{
  return code == 40001 || code == 42001 || code == 40014 || code == 41001;
}

/* prov_call busy: -1 busy, -1000 system error, -501001/-501002 Cloud
   Base error or timeout, -501003/-501004 rate or concurrency limit
   (PROVIDERS.md §2): ordinary back-off. */
static double
tcb_busy(const struct sf_api_resp *resp)
{
  long long code = 0;

  if(!api_int(resp->json, "errcode", &code))
    return 0;
  return code == -1 || code == -1000 ||
         (code <= -501001 && code >= -501004) ? 1 : 0;
}

/* The reply's envelope: HTTP status, JSON, errcode, file_list. */
static enum sf_err
tcb_envelope(const struct sf_api_resp *resp, struct sf_error *err)
{
  long long code = 0;
  char msg[256];

  if(resp->status != 200)
    return error_set(err, SF_E_PROVIDER,
                     _("WeChat Cloud Base answered HTTP %ld (check "
                       "tcb.endpoint)"), resp->status);
  if(!cJSON_IsObject(resp->json))
    return error_set(err, SF_E_PROVIDER_PARSE,
                     _("WeChat Cloud Base answered something that is not "
                       "JSON (check tcb.endpoint)"));
  api_int(resp->json, "errcode", &code);
  prov_text(api_str(resp->json, "errmsg"), msg, sizeof(msg));
  if(token_refused(code))
    error_set(err, SF_E_CREDENTIALS,
              _("WeChat Cloud Base refused the access token: errcode %lld, "
                "%s (set a valid tcb.access_token "
                "(SIGFETCH_TCB_ACCESS_TOKEN), or tcb.appid and tcb.secret)"),
              code, msg);
  else if(code)
    error_set(err, SF_E_PROVIDER,
              _("WeChat Cloud Base refused the request: errcode %lld, %s "
                "(look the errcode up in WeChat's documentation)"), code,
              msg);
  else if(!cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(resp->json,
                                                          "file_list")))
    return error_set(err, SF_E_PROVIDER_PARSE,
                     _("WeChat Cloud Base's answer has no file_list (check "
                       "tcb.endpoint)"));
  if(code)
    prov_set_code(err, code);
  return err->code;
}

/* prov_call url: batchdownloadfile with the current token. */
static char *
tcb_url(void *ud)
{
  const struct tcb_ctx *c = ud;

  return prov_url(c->call.endpoint, "/tcb/batchdownloadfile", "access_token",
                  c->call.token);
}

static enum sf_err
tcb_setup(const struct sf_options *opts, struct tcb_ctx *c,
          struct sf_error *err)
{
  const struct sf_config *cfg = opts->config;
  const char *tok = config_get(cfg, "tcb.access_token");
  enum sf_err rc;

  memset(c, 0, sizeof(*c));
  c->call = (struct sf_prov_call){
    .opts = opts, .provider = "tcb",
    .endpoint = config_get(cfg, "tcb.endpoint"), .ctx = c, .url = tcb_url,
    .envelope = tcb_envelope, .renew = tcb_renew, .busy = tcb_busy };
  c->env_set = config_get(cfg, "tcb.env");
  c->appid = config_get(cfg, "tcb.appid");
  c->secret = config_get(cfg, "tcb.secret");
  c->call.renewable = c->appid && c->secret;
  rc = config_get_long(cfg, "tcb.max_age", 1, 31536000, &c->max_age, err);
  if(rc)
    return rc;
  if(!c->call.endpoint)
    return error_set(err, SF_E_CONFIG, _("tcb.endpoint is empty (set "
                                         "SIGFETCH_TCB_ENDPOINT)"));
  return prov_call_start(&c->call, tok,
                         _("WeChat Cloud Base needs an access token (set "
                           "tcb.access_token (SIGFETCH_TCB_ACCESS_TOKEN), or "
                           "tcb.appid and tcb.secret so that sigfetch "
                           "fetches one)"), err);
}

static cJSON *
tcb_body(const char *env, const char *const *locs, const size_t *idx,
         size_t k, long max_age)
{
  cJSON *body = cJSON_CreateObject();
  cJSON *list = body ? cJSON_AddArrayToObject(body, "file_list") : NULL;
  size_t i;

  if(!list || !cJSON_AddStringToObject(body, "env", env)) {
    cJSON_Delete(body);
    return NULL;
  }
  for(i = 0; i < k; i++) {
    cJSON *f = cJSON_CreateObject();
    if(!f || !cJSON_AddItemToArray(list, f) ||
       !cJSON_AddStringToObject(f, "fileid", locs[idx[i]]) ||
       !cJSON_AddNumberToObject(f, "max_age", (double)max_age)) {
      cJSON_Delete(body);
      return NULL;
    }
  }
  return body;
}

/* Resolve LOCS[IDX[0..K)], all of ENV, in one call. */
static void
tcb_group(struct tcb_ctx *c, const char *env, const char *const *locs,
          const size_t *idx, size_t k, struct sf_resolved *outs,
          struct sf_error *errs)
{
  cJSON *body = tcb_body(env, locs, idx, k, c->max_age);
  const char *ids[TCB_BATCH_MAX];
  int at[TCB_BATCH_MAX];
  struct sf_api_resp resp;
  struct sf_error e;
  const cJSON *list;
  time_t now = time(NULL);
  size_t i;

  error_clear(&e);
  memset(&resp, 0, sizeof(resp));
  if(!body)
    prov_nomem(&e);
  else if(!prov_call_renewing(&c->call, body, &resp, &e)) {
    list = cJSON_GetObjectItemCaseSensitive(resp.json, "file_list");
    for(i = 0; i < k; i++)
      ids[i] = locs[idx[i]];
    tcb_match_reply(list, ids, k, at);
    for(i = 0; i < k; i++) {
      if(at[i] < 0)
        error_set(&errs[idx[i]], SF_E_PROVIDER_PARSE,
                  _("WeChat Cloud Base's answer has no entry for this "
                    "file (check tcb.endpoint)"));
      else
        tcb_entry(cJSON_GetArrayItem(list, at[i]), ids[i], c->max_age, now,
                  &outs[idx[i]], &errs[idx[i]]);
    }
  }
  for(i = 0; e.code && i < k; i++)
    errs[idx[i]] = e;
  api_resp_free(&resp);
  cJSON_Delete(body);
}

/* Group LOCS by env (at most TCB_BATCH_MAX per call) and resolve. */
static void
tcb_by_env(struct tcb_ctx *c, const char *const *locs, char **envs,
           size_t n, struct sf_resolved *outs, struct sf_error *errs)
{
  size_t idx[TCB_BATCH_MAX];
  size_t i;
  size_t j;

  for(i = 0; i < n; i++) {
    size_t k = 0;
    char *env = envs[i];
    if(!env)
      continue;
    for(j = i; j < n && k < TCB_BATCH_MAX; j++)
      if(envs[j] && (c->env_set || !strcmp(envs[j], env)))
        idx[k++] = j;
    tcb_group(c, c->env_set ? c->env_set : env, locs, idx, k, outs, errs);
    for(j = 1; j < k; j++) {
      free(envs[idx[j]]);
      envs[idx[j]] = NULL;
    }
    free(envs[i]);
    envs[i] = NULL;
  }
}

static void
tcb_batch(const struct sf_options *opts, const char *const *locs, size_t n,
          struct sf_resolved *outs, struct sf_error *errs)
{
  char **envs = calloc(n ? n : 1, sizeof(*envs));
  struct tcb_ctx c;
  struct sf_error e;
  size_t i;

  error_clear(&e);
  for(i = 0; i < n; i++)
    error_clear(&errs[i]);
  if(!envs) {
    prov_nomem(&e);
    prov_fail_all(errs, n, &e);
    return;
  }
  if(tcb_setup(opts, &c, &e))
    prov_fail_all(errs, n, &e);
  else {
    for(i = 0; i < n; i++) {
      envs[i] = tcb_locator_env(locs[i]);
      if(!envs[i])
        tcb_check(locs[i], &errs[i]);
    }
    tcb_by_env(&c, locs, envs, n, outs, errs);
  }
  for(i = 0; i < n; i++)
    free(envs[i]);
  free(envs);
  prov_call_free(&c.call);
}

const struct sf_resolver prov_tcb = {
  .name = "tcb",
  .match = tcb_match,
  .check = tcb_check,
  .resolve_batch = tcb_batch,
  .batch_max = TCB_BATCH_MAX,
  .refreshable = true,
};
