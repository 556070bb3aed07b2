/* SPDX-License-Identifier: GPL-3.0-or-later */
/* policy.c: every verdict on headers and on the end of a request, the
   one back-off rule and the one retry budget. */
#include <config.h>

#include <string.h>

#include "policy.h"
#include "units.h"

/* A resumed request for bytes 100- of a 1000-byte file whose ETag is
   "e1", answered by an exact 206 with the same ETag. */
static void
resp_resume(struct sf_resp *r)
{
  memset(r, 0, sizeof(*r));
  r->status = 206;
  r->ask_start = 100;
  r->ask_end = -1;
  r->has_cr = true;
  r->cr_start = 100;
  r->cr_end = 999;
  r->cr_total = 1000;
  r->content_length = 900;
  r->etag = "\"e1\"";
  r->known_etag = "\"e1\"";
  r->known_size = 1000;
}

/* A first request (no Range) answered by 200. */
static void
resp_plain(struct sf_resp *r)
{
  memset(r, 0, sizeof(*r));
  r->status = 200;
  r->ask_start = 0;
  r->ask_end = -1;
  r->cr_start = -1;
  r->cr_end = -1;
  r->cr_total = -1;
  r->content_length = 1000;
  r->known_size = -1;
}

/* A 200 answering the resumed request of resp_resume(). */
static void
resp_full_to_range(struct sf_resp *r)
{
  resp_resume(r);
  r->status = 200;
  r->has_cr = false;
  r->cr_start = -1;
  r->cr_end = -1;
  r->cr_total = -1;
  r->content_length = 1000;
}

/* A request that ended with RC, its body not taken. */
static void
end_plain(struct sf_end *e, CURLcode rc)
{
  memset(e, 0, sizeof(*e));
  e->rc = rc;
  e->pos = -1;
}

static enum sf_action
on_headers(const struct sf_resp *r)
{
  struct sf_verdict v;

  memset(&v, 0x5a, sizeof(v));
  policy_on_headers(r, &v);
  return v.act;
}

/* on_end of a request whose body was not taken, status S. */
static void
end_status(long s, struct sf_verdict *v)
{
  struct sf_resp r;
  struct sf_end e;

  resp_plain(&r);
  r.status = s;
  end_plain(&e, CURLE_OK);
  memset(v, 0x5a, sizeof(*v));
  policy_on_end(&r, &e, "", v);
}

START_TEST(h206_exact)
{
  struct sf_resp r;
  struct sf_verdict v;

  resp_resume(&r);
  policy_on_headers(&r, &v);
  ck_assert_int_eq(v.act, SF_ACT_ACCEPT);
  ck_assert_int_eq(v.code, SF_OK);
  /* unknown total ("bytes 100-999/*") and no known size: still ours */
  r.cr_total = -1;
  r.known_size = -1;
  ck_assert_int_eq(on_headers(&r), SF_ACT_ACCEPT);
  /* no validator on either side is not a change */
  r.etag = NULL;
  r.known_etag = NULL;
  ck_assert_int_eq(on_headers(&r), SF_ACT_ACCEPT);
  /* a segment's closed range */
  resp_resume(&r);
  r.ask_end = 500;
  r.cr_end = 499;
  ck_assert_int_eq(on_headers(&r), SF_ACT_ACCEPT);
}
END_TEST

START_TEST(h206_wrong_start)
{
  struct sf_resp r;
  struct sf_verdict v;

  resp_resume(&r);
  r.cr_start = 0;
  policy_on_headers(&r, &v);
  ck_assert_int_eq(v.act, SF_ACT_RESTART);
  ck_assert_int_eq(v.code, SF_E_HTTP);
  ck_assert_str_ne(v.why, "");
  resp_resume(&r);
  r.cr_start = 101;
  ck_assert_int_eq(on_headers(&r), SF_ACT_RESTART);
}
END_TEST

START_TEST(h206_no_content_range)
{
  struct sf_resp r;

  resp_resume(&r);
  r.has_cr = false;
  ck_assert_int_eq(on_headers(&r), SF_ACT_RESTART);
  /* the unsatisfied form (bytes * / N) in a 206 is no range either */
  resp_resume(&r);
  r.cr_start = -1;
  r.cr_end = -1;
  ck_assert_int_eq(on_headers(&r), SF_ACT_RESTART);
  /* end before start */
  resp_resume(&r);
  r.cr_end = 99;
  ck_assert_int_eq(on_headers(&r), SF_ACT_RESTART);
}
END_TEST

START_TEST(h206_impossible)
{
  struct sf_resp r;
  struct sf_verdict v;

  resp_resume(&r);
  r.cr_end = 1000;            /* end == total */
  r.known_size = -1;
  policy_on_headers(&r, &v);
  ck_assert_int_eq(v.act, SF_ACT_RESTART);
  ck_assert_int_eq(v.code, SF_E_HTTP);
  r.cr_end = 5000;            /* end > total */
  ck_assert_int_eq(on_headers(&r), SF_ACT_RESTART);
  r.cr_end = 999;             /* the last byte is fine */
  ck_assert_int_eq(on_headers(&r), SF_ACT_ACCEPT);
}
END_TEST

START_TEST(h206_total_differs)
{
  struct sf_resp r;

  resp_resume(&r);
  r.cr_end = 1999;
  r.cr_total = 2000;          /* known 1000 */
  ck_assert_int_eq(on_headers(&r), SF_ACT_RESTART);
  resp_resume(&r);
  r.cr_total = 999;
  r.cr_end = 998;
  ck_assert_int_eq(on_headers(&r), SF_ACT_RESTART);
}
END_TEST

START_TEST(h206_etag_differs)
{
  struct sf_resp r;
  struct sf_verdict v;

  resp_resume(&r);
  r.etag = "\"e2\"";
  policy_on_headers(&r, &v);
  ck_assert_int_eq(v.act, SF_ACT_RESTART);
  ck_assert_int_eq(v.code, SF_E_HTTP);
  /* one side without an ETag proves nothing */
  resp_resume(&r);
  r.etag = NULL;
  ck_assert_int_eq(on_headers(&r), SF_ACT_ACCEPT);
  resp_resume(&r);
  r.known_etag = NULL;
  ck_assert_int_eq(on_headers(&r), SF_ACT_ACCEPT);
}
END_TEST

START_TEST(h206_beyond_known_size)
{
  struct sf_resp r;

  /* "bytes 100-1999/*" for a file known to be 1000 bytes: the range is
     as impossible as with the total given (end >= total), the file is
     not the one on disk.  Fails at 3f50e11: policy.c on_partial() only
     compares cr_end with cr_total, and changed() only cr_total with
     known_size, so an unknown total lets any end through (ACCEPT). */
  resp_resume(&r);
  r.cr_total = -1;
  r.cr_end = 1999;
  ck_assert_int_eq(on_headers(&r), SF_ACT_RESTART);
  r.cr_end = 1000;
  ck_assert_int_eq(on_headers(&r), SF_ACT_RESTART);
}
END_TEST

START_TEST(h206_short)
{
  struct sf_resp r;
  struct sf_end e;
  struct sf_verdict v;

  /* asked [100, 500), the server sends 100-299 only */
  resp_resume(&r);
  r.ask_end = 500;
  r.cr_end = 299;
  ck_assert_int_eq(on_headers(&r), SF_ACT_ACCEPT);
  end_plain(&e, CURLE_OK);
  e.accepted = true;
  e.reached_end = false;
  e.size_known = true;
  e.pos = 300;
  policy_on_end(&r, &e, "", &v);
  ck_assert_int_eq(v.act, SF_ACT_RETRY);
  ck_assert_int_eq(v.code, SF_E_HTTP);
  ck_assert_msg(strstr(v.why, "100-299") != NULL, "%s", v.why);
  /* an open range that ended early is the same */
  r.ask_end = -1;
  policy_on_end(&r, &e, NULL, &v);
  ck_assert_int_eq(v.act, SF_ACT_RETRY);
}
END_TEST

START_TEST(h200_plain)
{
  struct sf_resp r;
  struct sf_verdict v;

  resp_plain(&r);
  policy_on_headers(&r, &v);
  ck_assert_int_eq(v.act, SF_ACT_ACCEPT);
  ck_assert_int_eq(v.code, SF_OK);
  /* no Range asked: a known ETag or size does not matter */
  r.etag = "\"new\"";
  r.known_etag = "\"old\"";
  r.known_size = 5;
  ck_assert_int_eq(on_headers(&r), SF_ACT_ACCEPT);
  r.to_stdout = true;
  ck_assert_int_eq(on_headers(&r), SF_ACT_ACCEPT);
  /* other 2xx are full bodies too */
  resp_plain(&r);
  r.status = 203;
  ck_assert_int_eq(on_headers(&r), SF_ACT_ACCEPT);
}
END_TEST

/* A body with a Content-Encoding is never the file (identity was
   asked for); an error body may be anything. */
START_TEST(h2xx_encoded)
{
  struct sf_resp r;
  struct sf_verdict v;

  resp_plain(&r);
  r.content_encoding = "gzip";
  policy_on_headers(&r, &v);
  ck_assert_int_eq(v.act, SF_ACT_FAIL);
  ck_assert_int_eq(v.code, SF_E_HTTP);
  ck_assert_ptr_nonnull(strstr(v.why, "gzip"));
  resp_resume(&r);
  r.content_encoding = "br";
  ck_assert_int_eq(on_headers(&r), SF_ACT_FAIL);
  r.content_encoding = "Identity";
  ck_assert_int_eq(on_headers(&r), SF_ACT_ACCEPT);
  resp_plain(&r);
  r.status = 404;
  r.content_encoding = "gzip";
  ck_assert_int_eq(on_headers(&r), SF_ACT_DISCARD);
}
END_TEST

START_TEST(h200_to_range_same)
{
  struct sf_resp r;
  struct sf_verdict v;

  resp_full_to_range(&r);
  policy_on_headers(&r, &v);
  ck_assert_int_eq(v.act, SF_ACT_NO_RANGES);
  /* segment 0 of a split plan asks [0, 250): a Range too */
  resp_full_to_range(&r);
  r.ask_start = 0;
  r.ask_end = 250;
  ck_assert_int_eq(on_headers(&r), SF_ACT_NO_RANGES);
  /* unknown Content-Length is no change */
  resp_full_to_range(&r);
  r.content_length = -1;
  ck_assert_int_eq(on_headers(&r), SF_ACT_NO_RANGES);
}
END_TEST

START_TEST(h200_to_range_changed)
{
  struct sf_resp r;
  struct sf_verdict v;

  resp_full_to_range(&r);
  r.etag = "\"e2\"";
  policy_on_headers(&r, &v);
  ck_assert_int_eq(v.act, SF_ACT_RESTART);
  ck_assert_int_eq(v.code, SF_E_HTTP);
  resp_full_to_range(&r);
  r.content_length = 1001;
  ck_assert_int_eq(on_headers(&r), SF_ACT_RESTART);
  resp_full_to_range(&r);
  r.content_length = 900;   /* the length of the range asked: still not */
  ck_assert_int_eq(on_headers(&r), SF_ACT_RESTART);
}
END_TEST

START_TEST(h200_to_range_stdout)
{
  struct sf_resp r;
  struct sf_verdict v;

  resp_full_to_range(&r);
  r.to_stdout = true;
  ck_assert_int_eq(on_headers(&r), SF_ACT_NO_RANGES);
  r.etag = "\"e2\"";
  policy_on_headers(&r, &v);
  ck_assert_int_eq(v.act, SF_ACT_FAIL);
  ck_assert_int_eq(v.code, SF_E_HTTP);
  ck_assert_str_ne(v.why, "");
  r.etag = NULL;
  ck_assert_int_eq(on_headers(&r), SF_ACT_FAIL);
  r.etag = "\"e1\"";
  r.known_etag = NULL;
  ck_assert_int_eq(on_headers(&r), SF_ACT_FAIL);
  resp_full_to_range(&r);
  r.to_stdout = true;
  r.content_length = 1001;
  ck_assert_int_eq(on_headers(&r), SF_ACT_FAIL);
}
END_TEST

START_TEST(h_non_2xx_discard)
{
  static const long st[] = { 100, 301, 302, 304, 307, 308, 400, 401, 403,
                             404, 410, 416, 429, 500, 503 };
  struct sf_resp r;
  size_t i;

  for(i = 0; i < countof(st); i++) {
    resp_resume(&r);
    r.status = st[i];
    ck_assert_msg(on_headers(&r) == SF_ACT_DISCARD, "HTTP %ld", st[i]);
  }
}
END_TEST

START_TEST(e_redirect)
{
  static const long st[] = { 301, 302, 303, 307, 308 };
  struct sf_verdict v;
  size_t i;

  for(i = 0; i < countof(st); i++) {
    end_status(st[i], &v);
    ck_assert_msg(v.act == SF_ACT_REDIRECT, "HTTP %ld", st[i]);
  }
}
END_TEST

START_TEST(e_refresh)
{
  static const long st[] = { 401, 403, 410 };
  struct sf_verdict v;
  size_t i;

  for(i = 0; i < countof(st); i++) {
    end_status(st[i], &v);
    ck_assert_msg(v.act == SF_ACT_REFRESH, "HTTP %ld", st[i]);
    ck_assert_int_eq(v.code, SF_E_HTTP);
  }
  ck_assert_ptr_nonnull(strstr(v.why, "410"));
}
END_TEST

START_TEST(e_retry_status)
{
  static const long st[] = { 408, 429, 500, 502, 503, 504, 599 };
  struct sf_verdict v;
  size_t i;

  for(i = 0; i < countof(st); i++) {
    end_status(st[i], &v);
    ck_assert_msg(v.act == SF_ACT_RETRY, "HTTP %ld", st[i]);
    ck_assert_int_eq(v.code, SF_E_HTTP);
  }
}
END_TEST

START_TEST(e_fail_4xx)
{
  static const long st[] = { 400, 402, 404, 405, 409, 411, 418, 451 };
  struct sf_verdict v;
  size_t i;

  for(i = 0; i < countof(st); i++) {
    end_status(st[i], &v);
    ck_assert_msg(v.act == SF_ACT_FAIL, "HTTP %ld", st[i]);
    ck_assert_int_eq(v.code, SF_E_HTTP);
  }
  ck_assert_ptr_nonnull(strstr(v.why, "451"));
}
END_TEST

/* A 416 to the resumed request of resp_resume(), Content-Range
   bytes * / TOTAL (TOTAL < 0: no Content-Range). */
static enum sf_action
end_416(int64_t total, void (*tweak)(struct sf_resp *))
{
  struct sf_resp r;
  struct sf_end e;
  struct sf_verdict v;

  resp_resume(&r);
  r.status = 416;
  r.has_cr = total >= 0;
  r.cr_start = -1;
  r.cr_end = -1;
  r.cr_total = total;
  r.known_size = -1;
  if(tweak)
    tweak(&r);
  end_plain(&e, CURLE_OK);
  policy_on_end(&r, &e, "", &v);
  if(v.act == SF_ACT_RESTART)
    ck_assert_int_eq(v.code, SF_E_HTTP);
  return v.act;
}

static void
tw_known_same(struct sf_resp *r)
{
  r->known_size = 100;
}

static void
tw_known_other(struct sf_resp *r)
{
  r->known_size = 1000;
}

static void
tw_closed(struct sf_resp *r)
{
  r->ask_end = 500;
}

static void
tw_stdout(struct sf_resp *r)
{
  r->to_stdout = true;
}

START_TEST(e_416)
{
  ck_assert_int_eq(end_416(100, NULL), SF_ACT_COMPLETE);
  ck_assert_int_eq(end_416(100, tw_known_same), SF_ACT_COMPLETE);
  ck_assert_int_eq(end_416(99, NULL), SF_ACT_RESTART);
  ck_assert_int_eq(end_416(101, NULL), SF_ACT_RESTART);
  ck_assert_int_eq(end_416(-1, NULL), SF_ACT_RESTART);
  ck_assert_int_eq(end_416(100, tw_known_other), SF_ACT_RESTART);
  ck_assert_int_eq(end_416(100, tw_closed), SF_ACT_RESTART);
  ck_assert_int_eq(end_416(100, tw_stdout), SF_ACT_RESTART);
}
END_TEST

START_TEST(e_tls)
{
  static const CURLcode rc[] = {
    CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CONNECT_ERROR,
    CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CERTPROBLEM, CURLE_SSL_ISSUER_ERROR,
    CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_CIPHER,
    CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_CRL_BADFILE
  };
  struct sf_resp r;
  struct sf_end e;
  struct sf_verdict v;
  size_t i;

  resp_plain(&r);
  for(i = 0; i < countof(rc); i++) {
    end_plain(&e, rc[i]);
    policy_on_end(&r, &e, "SSL certificate problem: self-signed", &v);
    ck_assert_msg(v.act == SF_ACT_FAIL, "rc %d", (int)rc[i]);
    ck_assert_int_eq(v.code, SF_E_TLS);
    ck_assert_msg(strstr(v.why, "SSL certificate problem: self-signed")
                  != NULL, "%s", v.why);
  }
  /* without libcurl's detail, its message for the code */
  end_plain(&e, CURLE_PEER_FAILED_VERIFICATION);
  policy_on_end(&r, &e, "", &v);
  ck_assert_int_eq(v.code, SF_E_TLS);
  ck_assert_ptr_nonnull(strstr(v.why, curl_easy_strerror(e.rc)));
}
END_TEST

/* libcurl's TEXT as the verdict words it: inside a translated sentence */
static void
expect_net_why(const struct sf_verdict *v, const char *text)
{
  char want[300];

  snprintf(want, sizeof(want), "network error: %s", text);
  ck_assert_str_eq(v->why, want);
}

START_TEST(e_curl_fail)
{
  static const CURLcode rc[] = { CURLE_URL_MALFORMAT,
                                 CURLE_UNSUPPORTED_PROTOCOL,
                                 CURLE_OUT_OF_MEMORY,
                                 CURLE_BAD_FUNCTION_ARGUMENT };
  struct sf_resp r;
  struct sf_end e;
  struct sf_verdict v;
  size_t i;

  resp_plain(&r);
  for(i = 0; i < countof(rc); i++) {
    end_plain(&e, rc[i]);
    policy_on_end(&r, &e, NULL, &v);
    ck_assert_msg(v.act == SF_ACT_FAIL, "rc %d", (int)rc[i]);
    ck_assert_int_eq(v.code, SF_E_NETWORK);
    expect_net_why(&v, curl_easy_strerror(rc[i]));
  }
}
END_TEST

START_TEST(e_curl_retry)
{
  static const CURLcode rc[] = {
    CURLE_COULDNT_RESOLVE_HOST, CURLE_PARTIAL_FILE, CURLE_RECV_ERROR,
    CURLE_COULDNT_CONNECT, CURLE_OPERATION_TIMEDOUT, CURLE_SEND_ERROR,
    CURLE_GOT_NOTHING, CURLE_HTTP2_STREAM
  };
  struct sf_resp r;
  struct sf_end e;
  struct sf_verdict v;
  size_t i;

  resp_resume(&r);
  for(i = 0; i < countof(rc); i++) {
    end_plain(&e, rc[i]);
    policy_on_end(&r, &e, "", &v);
    ck_assert_msg(v.act == SF_ACT_RETRY, "rc %d", (int)rc[i]);
    ck_assert_int_eq(v.code, SF_E_NETWORK);
    expect_net_why(&v, curl_easy_strerror(rc[i]));
    /* a body cut short is retried too, from the bytes on disk */
    e.accepted = true;
    e.size_known = true;
    e.pos = 500;
    policy_on_end(&r, &e, "Connection reset by peer", &v);
    ck_assert_msg(v.act == SF_ACT_RETRY, "rc %d", (int)rc[i]);
    ck_assert_int_eq(v.code, SF_E_NETWORK);
    expect_net_why(&v, "Connection reset by peer");
  }
}
END_TEST

/* A proxy's refusal of the tunnel is named with its status; a 4xx (407
   wants credentials, 403 forbids) is final, a 5xx retried. */
START_TEST(e_proxy_connect)
{
  struct sf_resp r;
  struct sf_end e;
  struct sf_verdict v;

  resp_plain(&r);
  end_plain(&e, CURLE_RECV_ERROR);
  e.connect_code = 407;
  policy_on_end(&r, &e, "CONNECT tunnel failed, response 407", &v);
  ck_assert_int_eq(v.act, SF_ACT_FAIL);
  ck_assert_int_eq(v.code, SF_E_NETWORK);
  ck_assert_str_eq(v.why, "the proxy answered 407 to CONNECT (CONNECT tunnel "
                   "failed, response 407)");
  e.connect_code = 403;
  policy_on_end(&r, &e, "", &v);
  ck_assert_int_eq(v.act, SF_ACT_FAIL);
  e.connect_code = 502;
  policy_on_end(&r, &e, "", &v);
  ck_assert_int_eq(v.act, SF_ACT_RETRY);
  ck_assert_ptr_nonnull(strstr(v.why, "the proxy answered 502 to CONNECT"));
}
END_TEST

START_TEST(e_errtext)
{
  struct sf_resp r;
  struct sf_end e;
  struct sf_verdict v;

  resp_plain(&r);
  end_plain(&e, CURLE_COULDNT_RESOLVE_HOST);
  policy_on_end(&r, &e, "Could not resolve host: h.example", &v);
  expect_net_why(&v, "Could not resolve host: h.example");
  policy_on_end(&r, &e, "", &v);
  expect_net_why(&v, curl_easy_strerror(CURLE_COULDNT_RESOLVE_HOST));
  policy_on_end(&r, &e, NULL, &v);
  expect_net_why(&v, curl_easy_strerror(CURLE_COULDNT_RESOLVE_HOST));
}
END_TEST

START_TEST(e_complete)
{
  static const CURLcode rc[] = { CURLE_OK, CURLE_WRITE_ERROR,
                                 CURLE_RECV_ERROR, CURLE_PARTIAL_FILE,
                                 CURLE_ABORTED_BY_CALLBACK,
                                 CURLE_PEER_FAILED_VERIFICATION };
  struct sf_resp r;
  struct sf_end e;
  struct sf_verdict v;
  size_t i;

  resp_resume(&r);
  for(i = 0; i < countof(rc); i++) {
    end_plain(&e, rc[i]);
    e.accepted = true;
    e.reached_end = true;
    e.size_known = true;
    e.pos = 1000;
    policy_on_end(&r, &e, "cut", &v);
    ck_assert_msg(v.act == SF_ACT_COMPLETE, "rc %d", (int)rc[i]);
    ck_assert_int_eq(v.code, SF_OK);
  }
  /* unknown size, the body ended cleanly: that is the file */
  resp_plain(&r);
  r.content_length = -1;
  end_plain(&e, CURLE_OK);
  e.accepted = true;
  e.size_known = false;
  e.pos = 12345;
  policy_on_end(&r, &e, "", &v);
  ck_assert_int_eq(v.act, SF_ACT_COMPLETE);
  /* unknown size but cut: not complete */
  e.rc = CURLE_PARTIAL_FILE;
  policy_on_end(&r, &e, "", &v);
  ck_assert_int_eq(v.act, SF_ACT_RETRY);
}
END_TEST

START_TEST(backoff_doubling)
{
  ck_assert_double_eq_tol(policy_backoff(1.0, 1, -1, 0.5), 1.0, 1e-9);
  ck_assert_double_eq_tol(policy_backoff(1.0, 2, -1, 0.5), 2.0, 1e-9);
  ck_assert_double_eq_tol(policy_backoff(1.0, 3, -1, 0.5), 4.0, 1e-9);
  ck_assert_double_eq_tol(policy_backoff(1.0, 4, -1, 0.5), 8.0, 1e-9);
  ck_assert_double_eq_tol(policy_backoff(0.5, 5, -1, 0.5), 8.0, 1e-9);
  /* attempt 0 (or less) is the first */
  ck_assert_double_eq_tol(policy_backoff(2.0, 0, -1, 0.5), 2.0, 1e-9);
  ck_assert_double_eq_tol(policy_backoff(2.0, -3, -1, 0.5), 2.0, 1e-9);
  ck_assert_double_eq_tol(policy_backoff(0.0, 7, -1, 0.5), 0.0, 1e-9);
}
END_TEST

START_TEST(backoff_jitter)
{
  long a;

  for(a = 1; a <= 5; a++) {
    double base = 1.0 * (double)(1L << (a - 1));
    double lo = policy_backoff(1.0, a, -1, 0.0);
    double hi = policy_backoff(1.0, a, -1, 0.999999);
    ck_assert_double_eq_tol(lo, 0.75 * base, 1e-9);
    ck_assert_double_lt(hi, 1.25 * base);
    ck_assert_double_gt(hi, 1.24 * base);
    ck_assert_double_le(lo, policy_backoff(1.0, a, -1, 0.3));
    ck_assert_double_le(policy_backoff(1.0, a, -1, 0.3), hi);
  }
}
END_TEST

START_TEST(backoff_cap)
{
  ck_assert_double_eq_tol(policy_backoff(1.0, 7, -1, 0.5), 60.0, 1e-9);
  ck_assert_double_eq_tol(policy_backoff(1.0, 100, -1, 0.0), 60.0, 1e-9);
  ck_assert_double_eq_tol(policy_backoff(1.0, 1000, -1, 0.9), 60.0, 1e-9);
  ck_assert_double_eq_tol(policy_backoff(1e6, 1000, -1, 0.9), 60.0, 1e-9);
  ck_assert_double_eq_tol(policy_backoff(0.0, 1000, -1, 0.9), 0.0, 1e-9);
  ck_assert_double_eq_tol(policy_backoff(100.0, 1, -1, 0.0), 60.0, 1e-9);
  /* just under the cap keeps its jitter */
  ck_assert_double_eq_tol(policy_backoff(32.0, 1, -1, 0.0), 24.0, 1e-9);
}
END_TEST

START_TEST(backoff_retry_after)
{
  /* larger than the back-off: it wins */
  ck_assert_double_eq_tol(policy_backoff(1.0, 1, 30, 0.5), 30.0, 1e-9);
  ck_assert_double_eq_tol(policy_backoff(1.0, 7, 120, 0.5), 120.0, 1e-9);
  /* smaller: the back-off stays */
  ck_assert_double_eq_tol(policy_backoff(1.0, 4, 3, 0.5), 8.0, 1e-9);
  ck_assert_double_eq_tol(policy_backoff(1.0, 1, 0, 0.5), 1.0, 1e-9);
  /* capped at 600 s */
  ck_assert_double_eq_tol(policy_backoff(1.0, 1, 600, 0.5), 600.0, 1e-9);
  ck_assert_double_eq_tol(policy_backoff(1.0, 1, 601, 0.5), 600.0, 1e-9);
  ck_assert_double_eq_tol(policy_backoff(1.0, 1, 1e12, 0.5), 600.0, 1e-9);
  ck_assert_double_eq_tol(policy_backoff(1.0, 100, 86400, 0.0), 600.0,
                          1e-9);
}
END_TEST

START_TEST(may_retry)
{
  ck_assert(!policy_may_retry(0, 0));
  ck_assert(policy_may_retry(0, 1));
  ck_assert(!policy_may_retry(1, 1));
  ck_assert(policy_may_retry(0, 5));
  ck_assert(policy_may_retry(4, 5));
  ck_assert(!policy_may_retry(5, 5));
  ck_assert(!policy_may_retry(6, 5));
  ck_assert(policy_may_retry(999, 1000));
  ck_assert(!policy_may_retry(1000, 1000));
}
END_TEST

Suite *
suite_policy(void)
{
  Suite *s = suite_create("policy");
  TCase *h = tcase_create("headers");
  TCase *e = tcase_create("end");
  TCase *b = tcase_create("backoff");

  tcase_add_test(h, h206_exact);
  tcase_add_test(h, h206_wrong_start);
  tcase_add_test(h, h206_no_content_range);
  tcase_add_test(h, h206_impossible);
  tcase_add_test(h, h206_total_differs);
  tcase_add_test(h, h206_etag_differs);
  tcase_add_test(h, h206_beyond_known_size);
  tcase_add_test(h, h206_short);
  tcase_add_test(h, h200_plain);
  tcase_add_test(h, h2xx_encoded);
  tcase_add_test(h, h200_to_range_same);
  tcase_add_test(h, h200_to_range_changed);
  tcase_add_test(h, h200_to_range_stdout);
  tcase_add_test(h, h_non_2xx_discard);
  suite_add_tcase(s, h);
  tcase_add_test(e, e_redirect);
  tcase_add_test(e, e_refresh);
  tcase_add_test(e, e_retry_status);
  tcase_add_test(e, e_fail_4xx);
  tcase_add_test(e, e_416);
  tcase_add_test(e, e_tls);
  tcase_add_test(e, e_curl_fail);
  tcase_add_test(e, e_curl_retry);
  tcase_add_test(e, e_errtext);
  tcase_add_test(e, e_proxy_connect);
  tcase_add_test(e, e_complete);
  suite_add_tcase(s, e);
  tcase_add_test(b, backoff_doubling);
  tcase_add_test(b, backoff_jitter);
  tcase_add_test(b, backoff_cap);
  tcase_add_test(b, backoff_retry_after);
  tcase_add_test(b, may_retry);
  suite_add_tcase(s, b);
  return s;
}
