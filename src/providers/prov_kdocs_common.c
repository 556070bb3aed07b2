/* SPDX-License-Identifier: GPL-3.0-or-later */
/* prov_kdocs_common.c owns what the Kdocs resolvers share (PROVIDERS.md
   4): the kdocs:KIND/FILE_TOKEN syntax, the {code, data} envelope and its
   error classes, the fields of a download reply (url or download_url,
   fsize, checksums.sha1, a name), and keeping configured secrets out of
   the messages built from a reply. */
#include "prov_kdocs_common.h"

#include <ctype.h>
#include <strings.h>
#include <time.h>

#include "config.h"
#include "redact.h"
#include "url.h"

#define KDOCS_CODE_TOKEN_INVALID 20007
#define TEXT_MAX 200

bool
kdocs_match(const char *locator, const char *kind)
{
  size_t n = strlen(kind);

  return !strncasecmp(locator, kind, n) &&
         (locator[n] == '/' || locator[n] == '\0');
}

static bool
token_char(int c)
{
  return isascii(c) && (isalnum(c) || c == '-' || c == '_' || c == '.' ||
                        c == '~');
}

const char *
kdocs_file_token(const char *locator, const char *kind)
{
  const char *t;
  const char *p;
  bool dots_only = true;

  if(!kdocs_match(locator, kind) || locator[strlen(kind)] != '/')
    return NULL;
  t = locator + strlen(kind) + 1;
  for(p = t; *p; p++) {
    if(!token_char((unsigned char)*p))
      return NULL;
    if(*p != '.')
      dots_only = false;
  }
  return (*t && !dots_only) ? t : NULL;
}

enum sf_err
kdocs_check(const char *locator, const char *kind, const char *form,
            struct sf_error *err)
{
  if(kdocs_file_token(locator, kind))
    return SF_OK;
  return error_set(err, SF_E_BAD_LOCATOR,
                   _("expected %s (FILE_TOKEN: letters, digits, '-', '_', "
                     "'.', '~')"), form);
}

/* ENDPOINT (kdocs.endpoint, no trailing '/') followed by PATH.  NULL with
   SF_E_CONFIG in ERR when the endpoint is not http(s), or out of memory.
   Caller frees. */
static char *
kdocs_url(const char *endpoint, const char *path, struct sf_error *err)
{
  size_t n = strlen(endpoint);
  char *url;

  if(!url_is_http(endpoint)) {
    error_set(err, SF_E_CONFIG,
              _("setting kdocs.endpoint is not an http:// or https:// URL "
                "(set it to https://developer.kdocs.cn or your own "
                "deployment)"));
    return NULL;
  }
  while(n && endpoint[n - 1] == '/')
    n--;
  url = malloc(n + strlen(path) + 1);
  if(!url) {
    error_set(err, SF_E_NOMEM, "%s", error_text(SF_E_NOMEM));
    return NULL;
  }
  memcpy(url, endpoint, n);
  memcpy(url + n, path, strlen(path) + 1);
  return url;
}

char *
kdocs_api_url(const struct sf_options *opts, const char *space,
              const char *file, const char *qname, const char *qvalue,
              struct sf_error *err)
{
  static const char fmt[] = "/api/v1/openapi/%s/files/%s/download?%s=%s";
  char *esc = api_escape(qvalue);
  char *path = NULL;
  char *url = NULL;
  size_t n = 0;

  if(esc) {
    n = sizeof(fmt) + strlen(space) + strlen(file) + strlen(qname) +
        strlen(esc);
    path = malloc(n);
  }
  if(!path)
    error_set(err, SF_E_NOMEM, "%s", error_text(SF_E_NOMEM));
  else {
    snprintf(path, n, fmt, space, file, qname, esc);
    url = kdocs_url(config_get(opts->config, "kdocs.endpoint"), path, err);
  }
  free(esc);
  free(path);
  return url;
}

/* ------------------------------------------------------------ text */

/* Copy provider text SRC into DST (N bytes) for a message: control
   characters become '?', and a cut never splits a UTF-8 sequence. */
static void
copy_text(char *dst, size_t n, const char *src)
{
  size_t i = 0;

  for(; src && *src && i + 1 < n; src++)
    dst[i++] = ((unsigned char)*src < 0x20 || *src == 0x7f) ? '?' : *src;
  if(src && *src)
    while(i && ((unsigned char)dst[i] & 0xc0) == 0x80)
      i--;
  dst[i] = '\0';
}

static const char *
find_ci(const char *hay, const char *needle)
{
  size_t n = strlen(needle);

  for(; *hay; hay++)
    if(!strncasecmp(hay, needle, n))
      return hay;
  return NULL;
}

/* "token" that is not part of "file_token" / "file token". */
static bool
mentions_token(const char *text)
{
  const char *p = text;

  while((p = find_ci(p, "token")) != NULL) {
    const char *q = p;
    if(q > text && strchr("_- ", q[-1]))
      q--;
    if(!(q - text >= 4 && !strncasecmp(q - 4, "file", 4)))
      return true;
    p += 5;
  }
  return false;
}

static bool
mentions_any(const char *text, const char *const *words, size_t n)
{
  size_t i;

  for(i = 0; text && i < n; i++)
    if(find_ci(text, words[i]))
      return true;
  return false;
}

static bool
mentions_credentials(const char *text)
{
  static const char *const words[] = { "sign", "auth", "appid", "app_id",
                                       "appkey", "app_key", "credential" };

  return text && (mentions_token(text) ||
                  mentions_any(text, words, countof(words)));
}

static bool
mentions_missing(const char *text)
{
  static const char *const words[] = { "not found", "notfound", "not exist",
                                       "notexist", "no such", "nosuch" };

  return mentions_any(text, words, countof(words));
}

/* What to do about refused credentials, by resolver. */
static const char *
credential_hint(const struct sf_resolved *out)
{
  if(out->provider && !strcmp(out->provider, "kdocs-app"))
    return _("check kdocs.app_id and kdocs.app_key, or SIGFETCH_KDOCS_APP_ID "
             "and SIGFETCH_KDOCS_APP_KEY, and the system clock");
  return _("renew the access token: set kdocs.access_token or "
           "SIGFETCH_KDOCS_ACCESS_TOKEN");
}

/* ------------------------------------------------------------ errors */

/* No usable {code}: judge by the HTTP status alone. */
static enum sf_err
status_error(long status, bool is_json, const struct sf_resolved *out,
             struct sf_error *err)
{
  if(status == 401 || status == 403)
    return error_set(err, SF_E_CREDENTIALS, _("Kdocs answered HTTP %ld (%s)"),
                     status, credential_hint(out));
  if(status == 404)
    return error_set(err, SF_E_NOT_FOUND,
                     _("Kdocs answered HTTP 404 (check the file token and "
                       "kdocs.endpoint)"));
  if(status == 429 || status >= 500)
    return error_set(err, SF_E_HTTP,
                     _("Kdocs answered HTTP %ld after every retry (try "
                       "again later)"), status);
  if(status < 200 || status > 299)
    return error_set(err, SF_E_PROVIDER,
                     _("Kdocs answered HTTP %ld (check kdocs.endpoint)"),
                     status);
  if(!is_json)
    return error_set(err, SF_E_PROVIDER_PARSE,
                     _("Kdocs answered something that is not a JSON object "
                       "(check kdocs.endpoint)"));
  return SF_OK;
}

/* The member names of O for a message, never their values. */
static const char *
member_names(const cJSON *o, char *buf, size_t n)
{
  char *names = api_member_names(o);

  copy_text(buf, n, names && *names ? names : _("none"));
  free(names);
  return buf;
}

/* "msg" or "message", then ": hint", cleaned for a message. */
static void
provider_text(const cJSON *j, char *buf, size_t n)
{
  const char *msg = api_str(j, "msg");
  const char *hint = api_str(j, "hint");
  char m[TEXT_MAX];
  char h[TEXT_MAX];

  if(!msg || !*msg)
    msg = api_str(j, "message");
  copy_text(m, sizeof(m), msg && *msg ? msg : _("no message"));
  copy_text(h, sizeof(h), hint);
  snprintf(buf, n, "%s%s%s", m, h[0] ? ": " : "", h);
}

static enum sf_err
code_error(const cJSON *j, bool numeric, long long code, long status,
           const struct sf_resolved *out, struct sf_error *err)
{
  char text[2 * TEXT_MAX + 4];
  char pc[sizeof(err->provider_code)];
  enum sf_err rc;

  provider_text(j, text, sizeof(text));
  if(numeric)
    snprintf(pc, sizeof(pc), "%lld", code);
  else
    copy_text(pc, sizeof(pc), api_str(j, "code"));
  if(status == 401 || (numeric && code == KDOCS_CODE_TOKEN_INVALID) ||
     mentions_credentials(text))
    rc = error_set(err, SF_E_CREDENTIALS,
                   _("Kdocs refused the credentials, code %s: %s (%s)"), pc,
                   text, credential_hint(out));
  else if(status == 404 || mentions_missing(text))
    rc = error_set(err, SF_E_NOT_FOUND,
                   _("Kdocs does not know the file, code %s: %s (check the "
                     "file token)"), pc, text);
  else
    rc = error_set(err, SF_E_PROVIDER,
                   _("Kdocs refused the request, code %s: %s (see the Kdocs "
                     "error codes; the file may not be shared with you)"),
                   pc, text);
  snprintf(err->provider_code, sizeof(err->provider_code), "%s", pc);
  return rc;
}

/* ------------------------------------------------------------ success */

static bool
url_ok(const char *url)
{
  const char *p;

  if(!url_is_http(url))
    return false;
  for(p = url; *p; p++)
    if((unsigned char)*p <= 0x20 || *p == 0x7f)
      return false;
  return true;
}

static void
take_sha1(const cJSON *checksums, struct sf_resolved *out)
{
  const char *s = api_str(checksums, "sha1");
  size_t i;

  if(!s || strlen(s) != 40)
    return;
  for(i = 0; i < 40; i++)
    if(!isxdigit((unsigned char)s[i]))
      return;
  for(i = 0; i < 40; i++)
    out->expect.sha1[i] = (char)tolower((unsigned char)s[i]);
  out->expect.sha1[40] = '\0';
}

static bool
take_name(const cJSON *data, struct sf_resolved *out)
{
  static const char *const keys[] = { "name", "fname", "file_name" };
  size_t i;

  for(i = 0; i < countof(keys); i++) {
    const char *v = api_str(data, keys[i]);
    if(v && *v) {
      out->name = strdup(v);
      return out->name != NULL;
    }
  }
  return true;
}

static enum sf_err
fill_reply(const cJSON *j, struct sf_resolved *out, struct sf_error *err)
{
  const cJSON *data = api_obj(j, "data");
  const char *url;
  char names[TEXT_MAX];
  long long n;

  if(!data)
    return error_set(err, SF_E_PROVIDER_PARSE,
                     _("Kdocs answered code 0 without a 'data' object "
                       "(check kdocs.endpoint; fields seen: %s)"),
                     member_names(j, names, sizeof(names)));
  url = api_str(data, "url");
  if(!url || !*url)
    url = api_str(data, "download_url");
  if(!url || !*url)
    return error_set(err, SF_E_PROVIDER_PARSE,
                     _("Kdocs answered no download URL (check "
                       "kdocs.endpoint; fields seen in data: %s)"),
                     member_names(data, names, sizeof(names)));
  if(!url_ok(url))
    return error_set(err, SF_E_PROVIDER_PARSE,
                     _("Kdocs answered a download URL that is not http or "
                       "https (check kdocs.endpoint)"));
  out->url = strdup(url);
  if(api_int(data, "fsize", &n) && n >= 0)
    out->expect.size = n;
  take_sha1(api_obj(data, "checksums"), out);
  if(!out->url || !take_name(data, out))
    return error_set(err, SF_E_NOMEM, "%s", error_text(SF_E_NOMEM));
  return SF_OK;
}

/* A JSON object without a usable 'code', or no JSON object at all. */
static enum sf_err
no_code(const cJSON *j, long status, const struct sf_resolved *out,
        struct sf_error *err)
{
  enum sf_err rc = status_error(status, cJSON_IsObject(j), out, err);
  char names[TEXT_MAX];

  if(rc)
    return rc;
  if(cJSON_GetObjectItemCaseSensitive(j, "code"))
    return error_set(err, SF_E_PROVIDER_PARSE,
                     _("Kdocs answered a 'code' that is not a number (check "
                       "kdocs.endpoint)"));
  return error_set(err, SF_E_PROVIDER_PARSE,
                   _("Kdocs answered JSON without 'code' (check "
                     "kdocs.endpoint; fields seen: %s)"),
                   member_names(j, names, sizeof(names)));
}

enum sf_err
kdocs_parse_reply(const char *body, size_t len, long http_status,
                  struct sf_resolved *out, struct sf_error *err)
{
  cJSON *j = (body && len) ? cJSON_ParseWithLength(body, len) : NULL;
  const char *s = NULL;
  long long n = 0;
  bool numeric = false;
  enum sf_err rc;

  if(cJSON_IsObject(j)) {
    numeric = api_int(j, "code", &n);
    s = api_str(j, "code");
  }
  if(!numeric && !(s && *s))
    rc = no_code(j, http_status, out, err);
  else if(!numeric || n != 0)
    rc = code_error(j, numeric, n, http_status, out, err);
  else if(http_status < 200 || http_status > 299)
    rc = status_error(http_status, true, out, err);
  else
    rc = fill_reply(j, out, err);
  cJSON_Delete(j);
  return rc;
}

/* ------------------------------------------------------------ the call */

enum sf_err
kdocs_fetch(const struct sf_options *opts, const char *url,
            sf_api_prepare_fn prepare, void *ctx, struct sf_resolved *out,
            struct sf_error *err)
{
  struct sf_api_req req;
  struct sf_api_resp resp;
  enum sf_err rc;

  memset(&req, 0, sizeof(req));
  req.method = "GET";
  req.url = url;
  req.provider = out->provider;
  req.prepare = prepare;
  req.prepare_ctx = ctx;
  rc = api_call(opts, &req, &resp, err);

  if(!rc)
    rc = kdocs_parse_reply(resp.body, resp.len, resp.status, out, err);
  api_resp_free(&resp);
  if(rc) {
    redact_secrets(err->message);
    redact_secrets(err->provider_code);
    return rc;
  }
  resolver_set_expiry(out, time(NULL), KDOCS_URL_LIFETIME);
  return SF_OK;
}
