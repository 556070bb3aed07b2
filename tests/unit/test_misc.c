/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fname.c, url.c, net.c, digest.c, verify_check and the error table. */
#include <config.h>

#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomic.h"
#include "verify.h"
#include "digest.h"
#include "error.h"
#include "fname.h"
#include "log.h"
#include "progress.h"
#include "net.h"
#include "units.h"
#include "url.h"

static void
name_is(const char *in, const char *want)
{
  char *got = fname_sanitize(in);

  if(!want)
    ck_assert_ptr_null(got);
  else
    ck_assert_str_eq(got, want);
  free(got);
}

START_TEST(sanitize)
{
  name_is("report.docx", "report.docx");
  name_is("../../etc/passwd", "_.._etc_passwd");
  name_is("..", NULL);
  name_is(".hidden", "hidden");
  name_is("-rf", "rf");
  name_is("a\nb\x01" "c", "abc");
  /* C1 controls in UTF-8 (U+009B is CSI to a terminal), U+00A0 kept */
  name_is("x\xc2\x9b" "2Jy\xc2\x80z\xc2\x9f.bin", "x2Jyz.bin");
  name_is("\xc2\x9b-x", "x");
  name_is("a\xc2\xa0" "b\xc3\xa9", "a\xc2\xa0" "b\xc3\xa9");
  name_is("a\\b", "a_b");
  name_is("", NULL);
  /* never another output's partial or state file */
  name_is("other.sfpart", "other.sfpart_");
  name_is("other.sfstate", "other.sfstate_");
  name_is("x.SfState.tmp", "x.SfState.tmp_");
  name_is("x.sfpart.sfstate", "x.sfpart.sfstate_");
  name_is("other.sfpart_", "other.sfpart_");
}
END_TEST

/* A name of N copies of the 3-byte U+4E2D followed by TAIL. */
static char *
long_name(size_t n, const char *tail)
{
  size_t len = 3 * n + strlen(tail) + 1;
  char *s = malloc(len);
  size_t i;

  ck_assert_ptr_nonnull(s);
  for(i = 0; i < n; i++)
    memcpy(s + 3 * i, "\xe4\xb8\xad", 3);
  memcpy(s + 3 * n, tail, strlen(tail) + 1);
  return s;
}

START_TEST(sanitize_long)
{
  char *a = long_name(100, "A.pdf");
  char *b = long_name(100, "B.pdf");
  char *sa = fname_sanitize(a);
  char *sb = fname_sanitize(b);
  char *fit = long_name(81, ".pdf");  /* 247 bytes: over by four */
  char *sf = fname_sanitize(fit);
  char *exact = long_name(79, "xx.pdf");   /* 243: fits */
  char *se = fname_sanitize(exact);

  ck_assert_uint_le(strlen(sa), SF_NAME_MAX);
  ck_assert_uint_le(strlen(sb), SF_NAME_MAX);
  ck_assert_str_ne(sa, sb);
  ck_assert_str_eq(sa + strlen(sa) - 4, ".pdf");
  ck_assert_int_eq(strncmp(sa, a, 200), 0);
  /* cut on a character boundary: what is kept is whole characters */
  ck_assert_int_eq((int)(strchr(sa, '-') - sa) % 3, 0);
  ck_assert_uint_le(strlen(sf), SF_NAME_MAX);
  ck_assert_str_eq(se, exact);
  free(a);
  free(b);
  free(sa);
  free(sb);
  free(fit);
  free(sf);
  free(exact);
  free(se);
}
END_TEST

/* fuzz_fname: a long name of stray UTF-8 continuation bytes was cut back
   to nothing, leaving "-HASH", a name that looks like an option. */
START_TEST(sanitize_long_not_utf8)
{
  char in[300];
  char *got;

  memset(in, 0xad, sizeof(in) - 1);
  in[0] = '\\';
  in[sizeof(in) - 1] = '\0';
  got = fname_sanitize(in);
  ck_assert_ptr_nonnull(got);
  ck_assert_uint_le(strlen(got), SF_NAME_MAX);
  ck_assert_uint_ge(strlen(got), SF_NAME_MAX - 3);
  ck_assert_int_eq(got[0], '_');
  free(got);
}
END_TEST

static void
url_name_is(const char *url, const char *want)
{
  char *got = fname_from_url(url);

  ck_assert_str_eq(got, want);
  free(got);
}

START_TEST(from_url)
{
  url_name_is("https://h/a/b%20c.bin?x=1#f", "b c.bin");
  url_name_is("https://h", "index.html");
  url_name_is("https://h/", "index.html");
  url_name_is("https://h/dir/", "index.html");
  url_name_is("https://h/%2e%2e%2fx", "_x");
  url_name_is("kdocs:personal/abc", "abc");
  url_name_is("fxiaoke:N_201908_abc", "N_201908_abc");
  url_name_is("cloud://env.b/dir/x.png", "x.png");
  /* a "://" or '/' in the query names nothing (issue 10, item 1's class) */
  url_name_is("https://h?u=http://evil/name", "index.html");
  url_name_is("fxiaoke:a?b://u@h/x", "a");
  url_name_is("ekuaibao:id:key", "key");
}
END_TEST

static void
norm_is(const char *in, const char *want)
{
  char *got = fname_normalize(in);

  ck_assert_str_eq(got, want);
  free(got);
}

START_TEST(normalize)
{
  norm_is("./x.bin", "x.bin");
  norm_is("d//x.bin", "d/x.bin");
  norm_is("d/../x.bin", "x.bin");
  norm_is("../../x", "../../x");
  norm_is("/a/./b/../c", "/a/c");
  norm_is("/", "/");
  norm_is(".", ".");
  ck_assert(fname_climbs("a/../b"));
  ck_assert(fname_climbs(".."));
  ck_assert(!fname_climbs("a/..b/c"));
}
END_TEST

START_TEST(digests)
{
  char hex[SF_DIGEST_COUNT][SF_HEX_MAX];
  struct sf_digests *d = digests_new(SF_DIGEST_BIT(SF_DIGEST_SHA1) |
                                     SF_DIGEST_BIT(SF_DIGEST_MD5));

  ck_assert_int_eq(digests_update(d, "ab", 2), 0);
  ck_assert_int_eq(digests_update(d, "c", 1), 0);
  ck_assert_int_eq(digests_final(d, hex), 0);
  ck_assert_str_eq(hex[SF_DIGEST_SHA1],
                   "a9993e364706816aba3e25717850c26c9cd0d89d");
  ck_assert_str_eq(hex[SF_DIGEST_MD5], "900150983cd24fb0d6963f7d28e17f72");
  ck_assert_str_eq(hex[SF_DIGEST_SHA256], "");
  digests_free(d);
  ck_assert_int_eq(digest_buffer(SF_DIGEST_SHA256, "abc", 3, hex[0]), 0);
  ck_assert_str_eq(hex[0], "ba7816bf8f01cfea414140de5dae2223b00361a396177a9c"
                           "b410ff61f20015ad");
}
END_TEST

/* CRC-64/XZ: the check value of "123456789", split feeds, reset, and
   the decimal header form; Content-MD5's base64. */
START_TEST(crc64)
{
  struct sf_digests *d = digests_new(SF_DIGEST_BIT(SF_DIGEST_CRC64));
  char hex[SF_DIGEST_COUNT][SF_HEX_MAX];
  char h17[17];
  char h33[33];

  ck_assert_ptr_nonnull(d);
  ck_assert_int_eq(digests_update(d, "1234", 4), 0);
  ck_assert_int_eq(digests_update(d, "56789", 5), 0);
  ck_assert_int_eq(digests_final(d, hex), 0);
  ck_assert_str_eq(hex[SF_DIGEST_CRC64], "995dc9bbdf1939fa");
  ck_assert_str_eq(hex[SF_DIGEST_SHA1], "");
  ck_assert_int_eq(digests_reset(d), 0);
  ck_assert_int_eq(digests_final(d, hex), 0);
  ck_assert_str_eq(hex[SF_DIGEST_CRC64], "0000000000000000");
  digests_free(d);
  ck_assert(digest_crc64_hex("11051210869376104954", h17));
  ck_assert_str_eq(h17, "995dc9bbdf1939fa");
  ck_assert(!digest_crc64_hex("18446744073709551616", h17));
  ck_assert(!digest_crc64_hex("-1", h17));
  ck_assert(!digest_crc64_hex("12a", h17));
  ck_assert(!digest_crc64_hex("", h17));
  ck_assert(digest_md5_b64_hex("1B2M2Y8AsgTpgAmY7PhCfg==", h33));
  ck_assert_str_eq(h33, "d41d8cd98f00b204e9800998ecf8427e");
  ck_assert(!digest_md5_b64_hex("1B2M2Y8AsgTpgAmY7PhCf", h33));
  ck_assert(!digest_md5_b64_hex("!!!!!!!!!!!!!!!!!!!!!!==", h33));
}
END_TEST

START_TEST(verify)
{
  struct sf_expect want = { .size = 3 };
  struct sf_expect_src src = { &want, "test" };
  char hex[SF_DIGEST_COUNT][SF_HEX_MAX] = {
    "a9993e364706816aba3e25717850c26c9cd0d89d", "", ""
  };
  struct sf_error err;

  ck_assert_int_eq(verify_check(&src, 1, 3, hex, &err), 0);
  ck_assert_int_eq(verify_check(&src, 1, 4, hex, &err), SF_E_SIZE_MISMATCH);
  ck_assert_ptr_nonnull(strstr(err.message, "3"));
  memcpy(want.sha1, "A9993E364706816ABA3E25717850C26C9CD0D89D", 41);
  ck_assert_int_eq(verify_check(&src, 1, 3, hex, &err), 0);
  want.sha1[0] = 'b';
  ck_assert_int_eq(verify_check(&src, 1, 3, hex, &err),
                   SF_E_DIGEST_MISMATCH);
  ck_assert_ptr_nonnull(strstr(err.message, hex[0]));
}
END_TEST

static void
origin_is(const char *url, const char *want)
{
  char *got = url_origin(url);

  if(want)
    ck_assert_str_eq(got, want);
  else
    ck_assert_ptr_null(got);
  free(got);
}

/* url.c: scheme test, origins with default ports, one query parameter. */
START_TEST(urls)
{
  char *v;

  ck_assert(url_is_http("HTTPS://h/x"));
  ck_assert(url_is_http("http://h"));
  ck_assert(!url_is_http("ftp://h/x"));
  ck_assert(!url_is_http("kdocs:app/x"));
  ck_assert(!url_is_http(NULL));
  origin_is("HTTPS://example.com/a?b", "https://example.com:443");
  origin_is("http://h:8080/x", "http://h:8080");
  origin_is("http://u:p@h/", "http://h:80");
  origin_is("not a url", NULL);
  v = url_query_param("https://h/f?x=1&Expires=1700000000&e=2", "expires");
  ck_assert_str_eq(v, "1700000000");
  free(v);
  v = url_query_param("https://h/f?sig=a%2Bb", "sig");
  ck_assert_str_eq(v, "a+b");
  free(v);
  ck_assert_ptr_null(url_query_param("https://h/f?x=1", "expires"));
  ck_assert_ptr_null(url_query_param("https://h/f", "x"));
}
END_TEST

/* net.c: the one list of TLS failures; a refused connection is not one. */
START_TEST(tls_failures)
{
  ck_assert(net_is_tls_failure(CURLE_PEER_FAILED_VERIFICATION));
  ck_assert(net_is_tls_failure(CURLE_SSL_CACERT_BADFILE));
  ck_assert(net_is_tls_failure(CURLE_SSL_PINNEDPUBKEYNOTMATCH));
  ck_assert(!net_is_tls_failure(CURLE_COULDNT_CONNECT));
  ck_assert(!net_is_tls_failure(CURLE_OK));
}
END_TEST

/* Retrying cannot help these: libcurl out of memory (a 1 MiB header)
   must not be retried as if the network had failed. */
START_TEST(permanent_failures)
{
  ck_assert(net_is_permanent(CURLE_OUT_OF_MEMORY));
  ck_assert(net_is_permanent(CURLE_URL_MALFORMAT));
  ck_assert(net_is_permanent(CURLE_BAD_FUNCTION_ARGUMENT));
  ck_assert(net_is_permanent(CURLE_PEER_FAILED_VERIFICATION));
  ck_assert(!net_is_permanent(CURLE_COULDNT_CONNECT));
  ck_assert(!net_is_permanent(CURLE_OPERATION_TIMEDOUT));
  ck_assert(!net_is_permanent(CURLE_RECV_ERROR));
  ck_assert_int_eq(error_for_signal(0), SF_OK);
  ck_assert_int_eq(error_exit_code(error_for_signal(SIGINT)), 130);
  ck_assert_int_eq(error_exit_code(error_for_signal(SIGTERM)), 143);
}
END_TEST

START_TEST(exit_codes)
{
  ck_assert_int_eq(error_exit_code(SF_OK), 0);
  ck_assert_int_eq(error_exit_code(SF_E_INTERNAL), 1);
  ck_assert_int_eq(error_exit_code(SF_E_BAD_LOCATOR), 2);
  ck_assert_int_eq(error_exit_code(SF_E_CREDENTIALS), 3);
  ck_assert_int_eq(error_exit_code(SF_E_PROVIDER), 4);
  ck_assert_int_eq(error_exit_code(SF_E_TLS), 5);
  ck_assert_int_eq(error_exit_code(SF_E_DIGEST_MISMATCH), 6);
  ck_assert_int_eq(error_exit_code(SF_E_LOCKED), 7);
  ck_assert_int_eq(error_exit_code(SF_E_INTERRUPTED), 130);
  ck_assert_int_eq(error_exit_code(SF_E_TERMINATED), 143);
  ck_assert_int_eq(error_exit_code((enum sf_err)9999), 1);
  ck_assert_str_eq(error_kind(SF_E_SIZE_MISMATCH), "integrity");
}
END_TEST

/* --log-file: every line of a multi-line message gets its own stamp. */
START_TEST(log_file_lines)
{
  char path[] = "/tmp/sigfetch-unit-log.XXXXXX";
  struct sf_options opts;
  char line[256];
  int fd = mkstemp(path);
  FILE *fh;
  int n = 0;

  ck_assert_int_ge(fd, 0);
  close(fd);
  memset(&opts, 0, sizeof(opts));
  opts.quiet = true;
  ck_assert_int_eq(log_file_open(path, &opts.log), 0);
  log_msg(&opts, SF_LOG_ERROR, "first %s", "line\nsecond line\r\nthird");
  log_msg(&opts, SF_LOG_INFO, "hidden by -q: not in the log either");
  ck_assert_int_eq(log_file_close(opts.log), 0);
  fh = fopen(path, "r");
  ck_assert_ptr_nonnull(fh);
  while(fgets(line, sizeof(line), fh)) {
    static const char *const want[] = { "first line\n", "second line\n",
                                        "third\n" };
    ck_assert_int_lt(n, 3);
    ck_assert_int_eq(strlen(line), 21 + strlen(want[n]));
    ck_assert(line[4] == '-' && line[10] == 'T' && line[19] == 'Z' &&
              line[20] == ' ');
    ck_assert_str_eq(line + 21, want[n]);
    n++;
  }
  ck_assert_int_eq(n, 3);
  fclose(fh);
  unlink(path);
  ck_assert_int_eq(log_file_open("/nonexistent-dir/x.log", &opts.log),
                   ENOENT);
  ck_assert_ptr_null(opts.log);
}
END_TEST

/* Names take exactly the columns asked for, CJK characters two each. */
START_TEST(fit_name)
{
  char out[256];

  progress_fit_name("abc", 6, out, sizeof(out));
  ck_assert_str_eq(out, "abc   ");
  progress_fit_name("abcdefghij", 6, out, sizeof(out));
  ck_assert_str_eq(out, "abc...");          /* the C locale: "..." */
  if(!setlocale(LC_ALL, "C.UTF-8") && !setlocale(LC_ALL, "C.utf8"))
    return;
  progress_fit_name("\u77ed\u540d.bin", 10, out, sizeof(out));
  ck_assert_str_eq(out, "\u77ed\u540d.bin  ");   /* 2+2+4 columns + 2 */
  progress_fit_name("\u4e2d\u6587\u6587\u4ef6.bin", 6, out, sizeof(out));
  ck_assert_str_eq(out, "\u4e2d\u6587\u2026 ");   /* 4 + 1, one left */
  progress_fit_name("abcdefghij", 6, out, sizeof(out));
  ck_assert_str_eq(out, "abcde\u2026");
  setlocale(LC_ALL, "C");
}
END_TEST

Suite *
suite_misc(void)
{
  Suite *s = suite_create("misc");
  TCase *tc = tcase_create("misc");

  tcase_add_test(tc, sanitize);
  tcase_add_test(tc, crc64);
  tcase_add_test(tc, sanitize_long);
  tcase_add_test(tc, sanitize_long_not_utf8);
  tcase_add_test(tc, from_url);
  tcase_add_test(tc, normalize);
  tcase_add_test(tc, digests);
  tcase_add_test(tc, verify);
  tcase_add_test(tc, exit_codes);
  tcase_add_test(tc, urls);
  tcase_add_test(tc, tls_failures);
  tcase_add_test(tc, permanent_failures);
  tcase_add_test(tc, log_file_lines);
  tcase_add_test(tc, fit_name);
  suite_add_tcase(s, tc);
  return s;
}
