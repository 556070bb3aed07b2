/* SPDX-License-Identifier: GPL-3.0-or-later */
/* net.c sets what every libcurl request of sigfetch has in common, so a
   provider call and a download trust TLS, time out and trace alike, and
   holds the one list of libcurl results that are TLS failures. */
#include "net.h"

#include <math.h>

#include "log.h"

/* -v: request and response header lines, redacted by log_wire. */
static int
on_debug(CURL *h, curl_infotype type, char *data, size_t size, void *ud)
{
  const struct sf_options *opts = ud;
  const char *p = data;
  const char *end = data + size;

  (void)h;
  if(type != CURLINFO_HEADER_OUT && type != CURLINFO_HEADER_IN)
    return 0;
  while(p < end) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *stop = nl ? nl : end;
    if(stop > p && !(stop - p == 1 && *p == '\r'))
      log_wire(opts, type == CURLINFO_HEADER_OUT ? "> " : "< ", p,
               (size_t)(stop - p));
    p = nl ? nl + 1 : end;
  }
  return 0;
}

bool
net_common_options(CURL *e, const struct sf_options *o)
{
  bool ok = true;

#define SET(opt, val) ok = ok && curl_easy_setopt(e, opt, val) == CURLE_OK
  SET(CURLOPT_PROTOCOLS_STR, "http,https");
  SET(CURLOPT_FOLLOWLOCATION, 0L);
  SET(CURLOPT_NOSIGNAL, 1L);
  SET(CURLOPT_USERAGENT, o->user_agent ? o->user_agent
                                       : PACKAGE_NAME "/" PACKAGE_VERSION);
  /* unset, libcurl reads http_proxy, https_proxy, ALL_PROXY, no_proxy */
  if(o->proxy)
    SET(CURLOPT_PROXY, o->proxy);
  if(o->noproxy)
    SET(CURLOPT_NOPROXY, o->noproxy);
  if(o->ipv4 || o->ipv6)
    SET(CURLOPT_IPRESOLVE, o->ipv4 ? CURL_IPRESOLVE_V4 : CURL_IPRESOLVE_V6);
  if(o->connect_timeout > 0)
    SET(CURLOPT_CONNECTTIMEOUT_MS, (long)(o->connect_timeout * 1000));
  if(o->cacert)
    SET(CURLOPT_CAINFO, o->cacert);
  if(o->insecure) {
    SET(CURLOPT_SSL_VERIFYPEER, 0L);
    SET(CURLOPT_SSL_VERIFYHOST, 0L);
  }
  if(o->verbose) {
    SET(CURLOPT_DEBUGFUNCTION, on_debug);
    SET(CURLOPT_DEBUGDATA, (void *)o);
    SET(CURLOPT_VERBOSE, 1L);
  }
#undef SET
  return ok;
}

bool
net_is_permanent(CURLcode rc)
{
  switch(rc) {
  case CURLE_UNSUPPORTED_PROTOCOL:
  case CURLE_URL_MALFORMAT:
  case CURLE_OUT_OF_MEMORY:
  case CURLE_BAD_FUNCTION_ARGUMENT:
#if LIBCURL_VERSION_NUM >= 0x080600
  case CURLE_TOO_LARGE:
#endif
    return true;
  default:
    return net_is_tls_failure(rc);
  }
}

bool
net_is_tls_failure(CURLcode rc)
{
  switch(rc) {
  case CURLE_PEER_FAILED_VERIFICATION:
  case CURLE_SSL_CACERT_BADFILE:
  case CURLE_SSL_CERTPROBLEM:
  case CURLE_SSL_ISSUER_ERROR:
  case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
  case CURLE_SSL_CIPHER:
  case CURLE_SSL_ENGINE_NOTFOUND:
  case CURLE_SSL_CONNECT_ERROR:
  case CURLE_SSL_CRL_BADFILE:
    return true;
  default:
    return false;
  }
}

#define MAX_BACKOFF_S 60.0
#define MAX_RETRY_AFTER_S 600.0

double
net_backoff(double delay, long attempt, double retry_after, double u)
{
  double d = delay * pow(2.0, (double)(attempt > 1 ? attempt - 1 : 0));

  d *= 0.75 + 0.5 * u;
  if(d > MAX_BACKOFF_S)
    d = MAX_BACKOFF_S;
  if(retry_after > d)
    d = retry_after < MAX_RETRY_AFTER_S ? retry_after : MAX_RETRY_AFTER_S;
  return d;
}
