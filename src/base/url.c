/* SPDX-License-Identifier: GPL-3.0-or-later */
/* url.c owns the few URL parts sigfetch takes apart itself: the origin
   (for redirect header scoping), the request target (for request
   signing) and one query parameter (for signed-URL expiry).  Everything
   goes through libcurl's URL API, so the answers agree with what libcurl
   will request. */
#include "url.h"

#include <curl/curl.h>
#include <strings.h>

bool
url_is_http(const char *s)
{
  return s && (!strncasecmp(s, "http://", 7) ||
               !strncasecmp(s, "https://", 8));
}

/* A handle on URL, or NULL when it does not parse as an absolute URL. */
static CURLU *
parse(const char *url)
{
  CURLU *u = curl_url();

  if(u && curl_url_set(u, CURLUPART_URL, url, 0)) {
    curl_url_cleanup(u);
    u = NULL;
  }
  return u;
}

char *
url_origin(const char *url)
{
  CURLU *u = parse(url);
  char *scheme = NULL;
  char *host = NULL;
  char *port = NULL;
  char *out = NULL;

  if(u && !curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) &&
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

char *
url_request_target(const char *url)
{
  CURLU *u = parse(url);
  char *path = NULL;
  char *query = NULL;
  char *out = NULL;

  if(u && !curl_url_get(u, CURLUPART_PATH, &path, 0)) {
    size_t n;
    if(curl_url_get(u, CURLUPART_QUERY, &query, 0))
      query = NULL;
    n = strlen(path) + (query ? strlen(query) + 1 : 0) + 1;
    out = malloc(n);
    if(out)
      snprintf(out, n, "%s%s%s", path, query ? "?" : "", query ? query : "");
  }
  curl_free(path);
  curl_free(query);
  curl_url_cleanup(u);
  return out;
}

char *
url_query_param(const char *url, const char *name)
{
  CURLU *u = parse(url);
  char *q = NULL;
  char *out = NULL;
  size_t n = strlen(name);

  if(u && !curl_url_get(u, CURLUPART_QUERY, &q, CURLU_URLDECODE)) {
    const char *p = q;
    while(p && *p && !out) {
      const char *amp = strchr(p, '&');
      size_t len = amp ? (size_t)(amp - p) : strlen(p);
      if(len > n && p[n] == '=' && !strncasecmp(p, name, n))
        out = strndup(p + n + 1, len - n - 1);
      p = amp ? amp + 1 : NULL;
    }
  }
  curl_free(q);
  curl_url_cleanup(u);
  return out;
}
