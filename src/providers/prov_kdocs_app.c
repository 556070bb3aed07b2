/* SPDX-License-Identifier: GPL-3.0-or-later */
/* prov_kdocs_app.c resolves kdocs:app/FILE_TOKEN with GET
   {kdocs.endpoint}/api/v1/openapi/appspace/files/FILE_TOKEN/download
   ?file_token=FILE_TOKEN, signed with WPS-2 (PROVIDERS.md 4.1, 4.2): it
   owns the Date, Content-Md5 and Authorization headers, built afresh for
   every attempt, retries included (PROVIDERS.md 4.1).  The reply is
   judged in prov_kdocs_common.c. */
#include "prov_kdocs_app.h"

#include <curl/curl.h>

#include "config.h"
#include "prov_kdocs_common.h"
#include "url.h"

#define KIND "kdocs:app"
#define FORM "kdocs:app/FILE_TOKEN"
#define NAME "kdocs-app"
#define CONTENT_TYPE "application/json"

/* The four signed header lines of one call. */
struct wps2 {
  char date[64];
  char md5[SF_HEX_MAX + 16];
  char *auth;
  const char *lines[4];
};

static void
wipe(void *p, size_t n)
{
  volatile unsigned char *v = p;

  while(n--)
    *v++ = 0;
}

enum sf_err
kdocs_wps2_sign(const char *app_key, const char *content_md5,
                const char *content_type, const char *date,
                char out_hex[SF_HEX_MAX])
{
  size_t n = strlen(app_key) + strlen(content_md5) + strlen(content_type) +
             strlen(date);
  char *buf = malloc(n + 1);
  enum sf_err rc;

  if(!buf)
    return SF_E_NOMEM;
  snprintf(buf, n + 1, "%s%s%s%s", app_key, content_md5, content_type, date);
  rc = digest_buffer(SF_DIGEST_SHA1, buf, n, out_hex);
  wipe(buf, n);
  free(buf);
  return rc;
}

bool
kdocs_http_date(time_t t, char *buf, size_t len)
{
  /* RFC 1123 names, never the locale's */
  static const char days[7][4] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri",
                                   "Sat" };
  static const char months[12][4] = { "Jan", "Feb", "Mar", "Apr", "May",
                                      "Jun", "Jul", "Aug", "Sep", "Oct",
                                      "Nov", "Dec" };
  struct tm tm;
  int n;

  if(!gmtime_r(&t, &tm) || tm.tm_wday < 0 || tm.tm_wday > 6 ||
     tm.tm_mon < 0 || tm.tm_mon > 11)
    return false;
  n = snprintf(buf, len, "%s, %02d %s %04d %02d:%02d:%02d GMT",
               days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
               tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return n > 0 && (size_t)n < len;
}

/* Content-Md5 for a GET of URL: MD5 of its request URI, or of "" when
   kdocs.get_md5 = empty (PROVIDERS.md 4.1). */
static enum sf_err
content_md5(const struct sf_options *opts, const char *url,
            char md5[SF_HEX_MAX], struct sf_error *err)
{
  const char *mode = config_get(opts->config, "kdocs.get_md5");
  char *uri = NULL;
  enum sf_err rc;

  if(mode && strcmp(mode, "uri") && strcmp(mode, "empty"))
    return error_set(err, SF_E_CONFIG,
                     _("setting kdocs.get_md5 must be 'uri' or 'empty'"));
  if(!mode || !strcmp(mode, "uri")) {
    uri = url_request_target(url);
    if(!uri)
      return error_set(err, SF_E_CONFIG,
                       _("cannot build the Kdocs API address (check "
                         "kdocs.endpoint)"));
  }
  rc = digest_buffer(SF_DIGEST_MD5, uri ? uri : "", uri ? strlen(uri) : 0,
                     md5);
  free(uri);
  if(rc)
    return error_set(err, rc, _("cannot compute the WPS-2 signature"));
  return SF_OK;
}

static bool
printable(const char *s)
{
  for(; *s; s++)
    if((unsigned char)*s < 0x20 || *s == 0x7f)
      return false;
  return true;
}

/* Sign a GET of URL now: fills H. */
static enum sf_err
wps2_headers(const struct sf_options *opts, const char *url,
             const char *app_id, const char *app_key, struct wps2 *h,
             struct sf_error *err)
{
  char date[40];
  char md5[SF_HEX_MAX];
  char sig[SF_HEX_MAX];
  size_t n = strlen(app_id) + 64;
  enum sf_err rc;

  if(!printable(app_id))
    return error_set(err, SF_E_CONFIG,
                     _("setting kdocs.app_id holds control characters "
                       "(check SIGFETCH_KDOCS_APP_ID and the config file)"));
  rc = content_md5(opts, url, md5, err);
  if(rc)
    return rc;
  if(!kdocs_http_date(time(NULL), date, sizeof(date)) ||
     kdocs_wps2_sign(app_key, md5, CONTENT_TYPE, date, sig))
    return error_set(err, SF_E_INTERNAL,
                     _("cannot compute the WPS-2 signature"));
  h->auth = malloc(n);
  if(!h->auth)
    return error_set(err, SF_E_NOMEM, "%s", error_text(SF_E_NOMEM));
  snprintf(h->date, sizeof(h->date), "Date: %s", date);
  snprintf(h->md5, sizeof(h->md5), "Content-Md5: %s", md5);
  snprintf(h->auth, n, "Authorization: WPS-2:%s:%s", app_id, sig);
  h->lines[0] = h->date;
  h->lines[1] = "Content-Type: " CONTENT_TYPE;
  h->lines[2] = h->md5;
  h->lines[3] = h->auth;
  return SF_OK;
}

/* What every attempt of one call signs. */
struct app_call {
  const struct sf_options *opts;
  const char *app_id;
  const char *app_key;
  struct wps2 h;                 /* the current attempt's headers */
};

/* sf_api_prepare_fn: sign this attempt now (a new Date, Authorization). */
static enum sf_err
app_prepare(void *ud, struct sf_api_req *req, struct sf_error *err)
{
  struct app_call *a = ud;
  enum sf_err rc;

  free(a->h.auth);
  memset(&a->h, 0, sizeof(a->h));
  rc = wps2_headers(a->opts, req->url, a->app_id, a->app_key, &a->h, err);
  if(rc)
    return rc;
  req->headers = a->h.lines;
  req->n_headers = countof(a->h.lines);
  return SF_OK;
}

static bool
app_match(const char *locator)
{
  return kdocs_match(locator, KIND);
}

static enum sf_err
app_check(const char *locator, struct sf_error *err)
{
  return kdocs_check(locator, KIND, FORM, err);
}

static enum sf_err
app_resolve(const struct sf_options *opts, const char *locator,
            struct sf_resolved *out, struct sf_error *err)
{
  const char *file = kdocs_file_token(locator, KIND);
  struct app_call a;
  char *url;
  enum sf_err rc;

  out->provider = NAME;
  if(!file)
    return kdocs_check(locator, KIND, FORM, err);
  memset(&a, 0, sizeof(a));
  a.opts = opts;
  rc = config_require(opts->config, "kdocs.app_id", FORM, &a.app_id, err);
  if(!rc)
    rc = config_require(opts->config, "kdocs.app_key", FORM, &a.app_key,
                        err);
  if(rc)
    return rc;
  /* the file token goes in the path and the query, as documented */
  url = kdocs_api_url(opts, "appspace", file, "file_token", file, err);
  if(!url)
    return err->code;
  rc = kdocs_fetch(opts, url, app_prepare, &a, out, err);
  free(a.h.auth);
  free(url);
  return rc;
}

const struct sf_resolver prov_kdocs_app = {
  .name = NAME,
  .match = app_match,
  .check = app_check,
  .resolve = app_resolve,
  .batch_max = 1,
  .refreshable = true,
};
