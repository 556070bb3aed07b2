/* SPDX-License-Identifier: GPL-3.0-or-later */
/* request.c builds every request a transfer sends, the first one and each
   segment's, in one place: URL, Range, If-Range, the user's and the
   provider's headers (only while on their origin: libcurl would send them
   to every redirect target), "Accept-Encoding: identity" and the shared
   network options. */
#include "request.h"

#include <strings.h>

#include "net.h"

#define RECV_BUFFER (256 * 1024)

static bool
add_header(struct curl_slist **list, const char *line)
{
  struct curl_slist *n = curl_slist_append(*list, line);

  if(n)
    *list = n;
  return n != NULL;
}

static bool
build_headers(struct sf_request *rq, const struct sf_request_spec *s)
{
  char line[1024];
  size_t k;
  size_t i;
  bool ok = true;

  /* never compressed: the bytes on disk must be the file the checksums
     and sizes describe (PROVIDERS.md 6.4) */
  ok = add_header(&rq->hdrs, "Accept-Encoding: identity");
  for(k = 0; s->send_headers && k < 2; k++)
    for(i = 0; i < s->n_headers[k]; i++)
      ok = ok && add_header(&rq->hdrs, s->headers[k][i]);
  if(s->validator && (s->start > 0 || s->end >= 0)) {
    snprintf(line, sizeof(line), "If-Range: %s", s->validator);
    ok = ok && add_header(&rq->hdrs, line);
  }
  return ok;
}

/* Under --limit-rate a chunk is taken whole, on credit: no bigger than a
   tenth of a second of the rate, so that no connection waits long for
   the credit to be paid back (libcurl's minimum is 1 KiB). */
static long
recv_buffer(const struct sf_options *o)
{
  int64_t cap = o->limit_rate / 10;

  if(o->limit_rate <= 0 || cap >= RECV_BUFFER)
    return RECV_BUFFER;
  return cap < 1024 ? 1024 : (long)cap;
}

static bool
set_options(struct sf_request *rq, const struct sf_options *o,
            const struct sf_request_spec *s)
{
  CURL *e = rq->easy;
  char range[64];
  bool ok = net_common_options(e, o);

#define SET(opt, val) ok = ok && curl_easy_setopt(e, opt, val) == CURLE_OK
  SET(CURLOPT_ERRORBUFFER, rq->errbuf);
  SET(CURLOPT_URL, s->url);
  SET(CURLOPT_BUFFERSIZE, recv_buffer(o));
  SET(CURLOPT_WRITEFUNCTION, s->on_body);
  SET(CURLOPT_WRITEDATA, s->body_ud);
  SET(CURLOPT_PRIVATE, s->priv);
  SET(CURLOPT_HTTPHEADER, rq->hdrs);
  /* over HTTPS, wait for a connection being set up that may multiplex
     (HTTP/2, known from ALPN) rather than open one more: -j N to one
     host is one TLS connection, as with curl -Z.  Not over plain HTTP:
     there libcurl would wait for the end of the first response before
     it knows the connection cannot multiplex (no overlap at all). */
  if(!strncasecmp(s->url, "https://", 8))
    SET(CURLOPT_PIPEWAIT, 1L);
  if(s->end >= 0) {
    snprintf(range, sizeof(range), "%lld-%lld", (long long)s->start,
             (long long)s->end - 1);
    SET(CURLOPT_RANGE, range);
  }
  else if(s->start > 0) {
    snprintf(range, sizeof(range), "%lld-", (long long)s->start);
    SET(CURLOPT_RANGE, range);
  }
#undef SET
  return ok;
}

enum sf_err
request_setup(struct sf_request *rq, const struct sf_options *opts,
              const struct sf_request_spec *spec, struct sf_error *err)
{
  request_cleanup(rq);
  rq->easy = curl_easy_init();
  if(!rq->easy || !build_headers(rq, spec))
    return error_set(err, SF_E_NOMEM, "%s", error_text(SF_E_NOMEM));
  if(!set_options(rq, opts, spec))
    return error_set(err, SF_E_INTERNAL, _("cannot set up the transfer"));
  return SF_OK;
}

void
request_cleanup(struct sf_request *rq)
{
  if(rq->easy)
    curl_easy_cleanup(rq->easy);
  curl_slist_free_all(rq->hdrs);
  rq->easy = NULL;
  rq->hdrs = NULL;
  rq->errbuf[0] = '\0';
}

long
request_status(const struct sf_request *rq)
{
  long code = 0;

  if(rq->easy)
    curl_easy_getinfo(rq->easy, CURLINFO_RESPONSE_CODE, &code);
  return code;
}

const char *
request_header(const struct sf_request *rq, const char *name)
{
  struct curl_header *h = NULL;

  if(!rq->easy ||
     curl_easy_header(rq->easy, name, 0, CURLH_HEADER, -1, &h) != CURLHE_OK)
    return NULL;
  return h->value;
}

double
request_retry_after(const struct sf_request *rq)
{
  curl_off_t ra = -1;

  if(!rq->easy ||
     curl_easy_getinfo(rq->easy, CURLINFO_RETRY_AFTER, &ra) != CURLE_OK ||
     ra <= 0)
    return -1;
  return (double)ra;
}

int64_t
request_content_length(const struct sf_request *rq)
{
  curl_off_t clen = -1;

  if(!rq->easy || curl_easy_getinfo(rq->easy,
                                    CURLINFO_CONTENT_LENGTH_DOWNLOAD_T,
                                    &clen) != CURLE_OK)
    return -1;
  return clen < 0 ? -1 : (int64_t)clen;
}

long
request_connect_code(const struct sf_request *rq)
{
  long code = 0;

  if(rq->easy)
    curl_easy_getinfo(rq->easy, CURLINFO_HTTP_CONNECTCODE, &code);
  return code;
}

const char *
request_error_text(const struct sf_request *rq)
{
  return rq->errbuf;
}

const char *
request_validator(const char *etag, const char *last_modified)
{
  if(etag && strncmp(etag, "W/", 2))
    return etag;
  return last_modified;
}
