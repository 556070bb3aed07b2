/* SPDX-License-Identifier: GPL-3.0-or-later */
/* redact.c: no secret survives in URLs or header lines. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "redact.h"
#include "units.h"

static void
url_is(const char *in, const char *want)
{
  char *got = redact_url(in);

  ck_assert_str_eq(got, want);
  free(got);
}

/* Control characters in a message are escaped, C1 in UTF-8 too; line
   feeds only when asked; the output is cut to its buffer, never mid-escape. */
START_TEST(controls)
{
  char out[64];
  char small[7];

  redact_controls("a\x1b[2J\tb\r\n\x7f\xc2\x9b" "1m\xc2\xa0\xe4\xb8\xad", out,
                  sizeof(out), true);
  ck_assert_str_eq(out, "a\\x1b[2J\tb\n\\x7f\\u009b1m\xc2\xa0\xe4\xb8\xad");
  redact_controls("a\nb", out, sizeof(out), false);
  ck_assert_str_eq(out, "a\\nb");
  redact_controls("abc\x1b", small, sizeof(small), false);
  ck_assert_str_eq(small, "abc");
  redact_controls("\xc2", out, sizeof(out), false);
  ck_assert_str_eq(out, "\xc2"); /* not a control: a stray byte */
  redact_controls("a\r\nb\rc", out, sizeof(out), true);
  ck_assert_str_eq(out, "a\nb\\rc");
}
END_TEST

START_TEST(urls)
{
  url_is("https://h/p/f.bin?access_token=SECRET&x=1",
         "https://h/p/f.bin?access_token=***&x=***");
  url_is("https://h/p", "https://h/p");
  url_is("http://user:pw@h:8080/a?b#frag", "http://user:***@h:8080/a?***");
  url_is("https://h/a?Signature=abc%3D&Expires=1#x",
         "https://h/a?Signature=***&Expires=***");
  url_is("kdocs:personal/abc", "kdocs:personal/abc");
  url_is("https://h/a?", "https://h/a?");
}
END_TEST

/* '?' or '#' before "://" with an '@' after it once copied a negative
   length (issue 10 item 1); the query must still be masked. */
START_TEST(hostile_urls)
{
  char *got;

  url_is("fxiaoke:?://@", "fxiaoke:?***");
  url_is("ekuaibao:id?x:k://u@h/x", "ekuaibao:id?***");
  url_is("fxiaoke:a?b://u@h/x", "fxiaoke:a?***");
  url_is("a#b://u:pw@h/x", "a");
  url_is("a?k=v#b://u:pw@h/x", "a?k=***");
  url_is("://@", "://@");
  url_is("http://u:pw@h?x=SEKRET", "http://u:***@h?x=***");
  url_is("@?://u:p@", "@?***");
  got = redact_header_line("X a?b://u@h: v", 14);
  ck_assert_ptr_nonnull(got);
  ck_assert_ptr_null(strstr(got, "u@h"));
  free(got);
  /* "://" straddling the end of a request target */
  got = redact_header_line("GET a: //u@h HTTP/1.1", 21);
  ck_assert_ptr_nonnull(got);
  free(got);
}
END_TEST

START_TEST(strip)
{
  char *got = redact_strip_query("https://u:p@h/a/b.bin?sign=1&t=2#f");

  ck_assert_str_eq(got, "https://u:***@h/a/b.bin");
  free(got);
}
END_TEST

static void
line_is(const char *in, const char *want)
{
  char *got = redact_header_line(in, strlen(in));

  ck_assert_str_eq(got, want);
  free(got);
}

START_TEST(header_lines)
{
  line_is("Authorization: OSS id:sig\r\n", "Authorization: ***");
  line_is("x-oss-date: Wed, 01 Jan 2025 00:00:00 GMT", "x-oss-date: ***");
  line_is("Cookie: a=b", "Cookie: ***");
  line_is("X-Api-Token: t", "X-Api-Token: ***");
  line_is("Host: example.com", "Host: example.com");
  line_is("Range: bytes=100-", "Range: bytes=100-");
  line_is("GET /f.bin?token=SEEKRET&sig=1 HTTP/1.1",
          "GET /f.bin?token=***&sig=*** HTTP/1.1");
  line_is("Location: https://o/x?Signature=S", "Location: https://o/x?Signature=***");
  line_is("HTTP/1.1 200 OK", "HTTP/1.1 200 OK");
}
END_TEST

static void
out_is(const char *in, const char *want)
{
  char *got = redact_request_line_out(in, strlen(in));

  ck_assert_str_eq(got, want);
  free(got);
}

START_TEST(request_lines)
{
  out_is("X-Odd-Provider: s3cr3t", "X-Odd-Provider: ***");
  out_is("Range: bytes=5-", "Range: bytes=5-");
  out_is("Host: h:1", "Host: h:1");
  out_is("If-Range: \"e\"", "If-Range: \"e\"");
  out_is("GET /a?sig=1 HTTP/1.1", "GET /a?sig=*** HTTP/1.1");
  out_is("authorization: WPS-2:a:b", "authorization: ***");
}
END_TEST

/* A server's header must not drive the terminal of a -v trace: control
   characters (the fuzzer's CR in mid-line, ESC, BEL, DEL) are escaped,
   tab is kept, trailing CR/LF dropped. */
START_TEST(control_characters)
{
  line_is("X-A: a\rHTTP/1.1 200 OK\r\n", "X-A: a\\rHTTP/1.1 200 OK");
  line_is("X-B: \x1b[2J\x07\x7f\tend", "X-B: \\x1b[2J\\x07\\x7f\tend");
  line_is("GET /a\r\nX HTTP/1.1", "GET /a\\r\\nX HTTP/1.1");
  line_is("ekuaiba\r:id?x:k://u\x01h/x", "ekuaiba\\r:id?x:k://u\\x01h/x");
  out_is("Range: bytes=0-\x1b]0;t\x07", "Range: bytes=0-\\x1b]0;t\\x07");
  out_is("X-\x1bP: s", "X-\\x1bP: ***");
}
END_TEST

START_TEST(secret_names)
{
  ck_assert(redact_header_is_secret("authorization", 13));
  ck_assert(redact_header_is_secret("X-OSS-Security-Token", 20));
  ck_assert(redact_header_is_secret("x-fs-ea", 7));
  ck_assert(!redact_header_is_secret("Content-Length", 14));
  ck_assert(!redact_header_is_secret("If-Range", 8));
}
END_TEST

/* The configured secrets: masked wherever they stand, the longer of two
   overlapping ones whole, a short one never (it would mangle words). */
START_TEST(configured_secrets)
{
  char buf[128];

  ck_assert(redact_add_secret("s3cr3t-key"));
  ck_assert(redact_add_secret("s3cr3t"));
  ck_assert(redact_add_secret("abc"));
  snprintf(buf, sizeof(buf), "bad key s3cr3t-key, s3cr3t and abc");
  redact_secrets(buf);
  ck_assert_str_eq(buf, "bad key ***, *** and abc");
  redact_secrets_clear();
  snprintf(buf, sizeof(buf), "s3cr3t");
  redact_secrets(buf);
  ck_assert_str_eq(buf, "s3cr3t");
}
END_TEST

Suite *
suite_redact(void)
{
  Suite *s = suite_create("redact");
  TCase *tc = tcase_create("mask");

  tcase_add_test(tc, controls);
  tcase_add_test(tc, urls);
  tcase_add_test(tc, hostile_urls);
  tcase_add_test(tc, strip);
  tcase_add_test(tc, header_lines);
  tcase_add_test(tc, secret_names);
  tcase_add_test(tc, request_lines);
  tcase_add_test(tc, control_characters);
  tcase_add_test(tc, configured_secrets);
  suite_add_tcase(s, tc);
  return s;
}
