/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One HTTP request of a transfer (the first one or a segment's): a fresh
   libcurl easy handle with the URL, the Range, If-Range, the headers
   scoped to their origin, and libcurl's own error text kept. */
#ifndef SIGFETCH_REQUEST_H
#define SIGFETCH_REQUEST_H

#include "error.h"

#include <curl/curl.h>
#include "options.h"

/* What to ask for. */
struct sf_request_spec {
  const char *url;
  int64_t start;                 /* Range start (0 and end < 0: none) */
  int64_t end;                   /* exclusive; -1: to the end */
  const char *validator;         /* If-Range value, or NULL */
  const char *const *headers[2]; /* two lists of "Name: value" lines */
  size_t n_headers[2];
  bool send_headers;             /* false after a redirect off-origin */
  curl_write_callback on_body;
  void *body_ud;
  void *priv;                    /* CURLINFO_PRIVATE */
};

struct sf_request {
  CURL *easy;
  struct curl_slist *hdrs;
  char errbuf[CURL_ERROR_SIZE];
};

/* Build RQ's handle as SPEC says (any earlier handle is released first:
   a fresh handle per request, the multi handle keeps the connections).
   SF_E_NOMEM / SF_E_INTERNAL with ERR set on failure. */
enum sf_err request_setup(struct sf_request *rq,
                          const struct sf_options *opts,
                          const struct sf_request_spec *spec,
                          struct sf_error *err);

/* Release RQ's handle and headers (it must not be in a multi). */
void request_cleanup(struct sf_request *rq);

/* The response status of RQ's last response, 0 when none. */
long request_status(const struct sf_request *rq);

/* Value of response header NAME (last response), or NULL.  Valid until
   the next call on RQ. */
const char *request_header(const struct sf_request *rq, const char *name);

/* Retry-After in seconds, or -1. */
double request_retry_after(const struct sf_request *rq);

/* Content-Length of the response, or -1. */
int64_t request_content_length(const struct sf_request *rq);

/* The status a proxy answered to RQ's CONNECT, 0 when none. */
long request_connect_code(const struct sf_request *rq);

/* libcurl's detail for the failure of RQ (may be ""). */
const char *request_error_text(const struct sf_request *rq);

/* A strong validator for If-Range: the ETag unless weak, else
   Last-Modified; NULL when neither. */
const char *request_validator(const char *etag, const char *last_modified);

#endif /* SIGFETCH_REQUEST_H */
