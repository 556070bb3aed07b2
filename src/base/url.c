/* SPDX-License-Identifier: GPL-3.0-or-later */
/* url.c owns the few things sigfetch asks of a URL: is it HTTP(S), and
   which origin it belongs to.  Parsing is libcurl's. */
#include "url.h"

#include <curl/curl.h>
#include <strings.h>

bool
url_is_http(const char *s)
{
  return s && (!strncasecmp(s, "http://", 7) ||
               !strncasecmp(s, "https://", 8));
}

char *
url_origin(const char *url)
{
  CURLU *u = curl_url();
  char *scheme = NULL;
  char *host = NULL;
  char *port = NULL;
  char *out = NULL;

  if(u && !curl_url_set(u, CURLUPART_URL, url, 0) &&
     !curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) &&
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
