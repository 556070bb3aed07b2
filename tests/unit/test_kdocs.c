/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Kdocs resolvers: WPS-2 signing vectors, request URI, RFC 1123
   dates, locator syntax, and kdocs_parse_reply on good, refused, broken
   and hostile replies. */
#include <config.h>

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "digest.h"
#include "download.h"
#include "prov_kdocs_app.h"
#include "prov_kdocs_common.h"
#include "units.h"
#include "url.h"

#define SEED_TOKEN "t2v4Ga8ZUYKc12KGMdEQpBh"
#define SEED_URI "/api/v1/openapi/appspace/files/" SEED_TOKEN \
                 "/download?file_token=" SEED_TOKEN

START_TEST(wps2_vector)
{
  char sig[SF_HEX_MAX];

  ck_assert_int_eq(kdocs_wps2_sign("wJalrXUtnFEYEXAMPLEKES",
                                   "d41d8cd98f00b204e9800998ecf8427e",
                                   "application/json",
                                   "Wed, 23 Jan 2013 06:43:08 GMT", sig),
                   SF_OK);
  ck_assert_str_eq(sig, "083500176fa3aab58ca2dc962978013b3ca2b6df");
  /* any change of an input changes the signature */
  ck_assert_int_eq(kdocs_wps2_sign("wJalrXUtnFEYEXAMPLEKES",
                                   "d41d8cd98f00b204e9800998ecf8427e",
                                   "application/json",
                                   "Wed, 23 Jan 2013 06:43:09 GMT", sig),
                   SF_OK);
  ck_assert_str_ne(sig, "083500176fa3aab58ca2dc962978013b3ca2b6df");
}
END_TEST

START_TEST(request_uri)
{
  char *uri = url_request_target("https://developer.kdocs.cn" SEED_URI);
  char md5[SF_HEX_MAX];

  ck_assert_str_eq(uri, SEED_URI);
  ck_assert_int_eq(digest_buffer(SF_DIGEST_MD5, uri, strlen(uri), md5),
                   SF_OK);
  ck_assert_str_eq(md5, "41d8d86ebbb9e91c1e1bebdcdcada728");
  free(uri);
  ck_assert_int_eq(digest_buffer(SF_DIGEST_MD5, "", 0, md5), SF_OK);
  ck_assert_str_eq(md5, "d41d8cd98f00b204e9800998ecf8427e");
  uri = url_request_target("http://127.0.0.1:8080/pre/fix/api/x?a=1&b=2");
  ck_assert_str_eq(uri, "/pre/fix/api/x?a=1&b=2");
  free(uri);
  uri = url_request_target("http://h/only/path");
  ck_assert_str_eq(uri, "/only/path");
  free(uri);
  ck_assert_ptr_null(url_request_target("not a url"));
}
END_TEST

START_TEST(http_date)
{
  char buf[40];

  /* the locale must not matter (main runs setlocale(LC_ALL, "")) */
  setlocale(LC_ALL, "");
  ck_assert(kdocs_http_date(1358923388, buf, sizeof(buf)));
  ck_assert_str_eq(buf, "Wed, 23 Jan 2013 06:43:08 GMT");
  ck_assert(kdocs_http_date(951868799, buf, sizeof(buf)));
  ck_assert_str_eq(buf, "Tue, 29 Feb 2000 23:59:59 GMT");
  ck_assert(kdocs_http_date(0, buf, sizeof(buf)));
  ck_assert_str_eq(buf, "Thu, 01 Jan 1970 00:00:00 GMT");
  ck_assert(!kdocs_http_date(1358923388, buf, 10));
  setlocale(LC_ALL, "C");
}
END_TEST

START_TEST(locators)
{
  struct sf_error err;

  error_clear(&err);
  ck_assert(kdocs_match("kdocs:personal/abc", "kdocs:personal"));
  ck_assert(kdocs_match("kdocs:personal", "kdocs:personal"));
  ck_assert(kdocs_match("KDOCS:app/x", "kdocs:app"));
  ck_assert(!kdocs_match("kdocs:personalx/abc", "kdocs:personal"));
  ck_assert(!kdocs_match("kdocs:app", "kdocs:personal"));
  ck_assert_str_eq(kdocs_file_token("kdocs:app/" SEED_TOKEN, "kdocs:app"),
                   SEED_TOKEN);
  ck_assert_str_eq(kdocs_file_token("kdocs:app/a-b_c.d~e", "kdocs:app"),
                   "a-b_c.d~e");
  ck_assert_ptr_null(kdocs_file_token("kdocs:app", "kdocs:app"));
  ck_assert_ptr_null(kdocs_file_token("kdocs:app/", "kdocs:app"));
  ck_assert_ptr_null(kdocs_file_token("kdocs:app/a/b", "kdocs:app"));
  ck_assert_ptr_null(kdocs_file_token("kdocs:app/..", "kdocs:app"));
  ck_assert_ptr_null(kdocs_file_token("kdocs:app/.", "kdocs:app"));
  ck_assert_ptr_null(kdocs_file_token("kdocs:app/a?b=1", "kdocs:app"));
  ck_assert_ptr_null(kdocs_file_token("kdocs:app/a%2f", "kdocs:app"));
  ck_assert_ptr_null(kdocs_file_token("kdocs:app/\xe6\x96\x87", "kdocs:app"));
  ck_assert_int_eq(kdocs_check("kdocs:personal/", "kdocs:personal",
                               "kdocs:personal/FILE_TOKEN", &err),
                   SF_E_BAD_LOCATOR);
  ck_assert_ptr_nonnull(strstr(err.message, "kdocs:personal/FILE_TOKEN"));
}
END_TEST

/* ------------------------------------------------------------ replies */

static enum sf_err
parse_as(const char *provider, const char *body, long status,
         struct sf_resolved *out, struct sf_error *err)
{
  memset(out, 0, sizeof(*out));
  out->expect.size = -1;
  out->provider = provider;
  error_clear(err);
  return kdocs_parse_reply(body, body ? strlen(body) : 0, status, out, err);
}

START_TEST(reply_personal)
{
  struct sf_resolved out;
  struct sf_error err;

  ck_assert_int_eq(parse_as("kdocs-personal",
                            "{\"code\":0,\"data\":{\"checksums\":{\"sha1\":"
                            "\"DEBB6A439537C9E3C3E893BE60C140E4B5237344\"},"
                            "\"fsize\":24198,\"url\":"
                            "\"https://wpsfile.ks3-cn-beijing.ksyun.com/111\"}"
                            "}", 200, &out, &err), SF_OK);
  ck_assert_str_eq(out.url, "https://wpsfile.ks3-cn-beijing.ksyun.com/111");
  ck_assert_int_eq(out.expect.size, 24198);
  ck_assert_str_eq(out.expect.sha1,
                   "debb6a439537c9e3c3e893be60c140e4b5237344");
  ck_assert_ptr_null(out.name);
  ck_assert_str_eq(out.provider, "kdocs-personal");
  resolved_free(&out);
  ck_assert_int_eq(parse_as("kdocs-personal",
                            "{\"code\":\"0\",\"data\":{\"download_url\":"
                            "\"http://h/f\",\"fsize\":\"0\",\"fname\":"
                            "\"a b.docx\",\"checksums\":{\"sha1\":\"abc\"}}}",
                            200, &out, &err), SF_OK);
  ck_assert_str_eq(out.url, "http://h/f");
  ck_assert_int_eq(out.expect.size, 0);
  ck_assert_str_eq(out.expect.sha1, "");
  ck_assert_str_eq(out.name, "a b.docx");
  resolved_free(&out);
}
END_TEST

START_TEST(reply_app)
{
  struct sf_resolved out;
  struct sf_error err;

  ck_assert_int_eq(parse_as("kdocs-app",
                            "{\"code\":0,\"data\":{\"download_url\":"
                            "\"https://h/x?Expires=1\",\"checksums\":{},"
                            "\"sys_metadata\":{},\"file_name\":\"r.pdf\","
                            "\"fsize\":-3}}", 200, &out, &err), SF_OK);
  ck_assert_str_eq(out.url, "https://h/x?Expires=1");
  ck_assert_int_eq(out.expect.size, -1);
  ck_assert_str_eq(out.expect.sha1, "");
  ck_assert_str_eq(out.name, "r.pdf");
  resolved_free(&out);
  /* url wins over download_url; an empty url does not count */
  ck_assert_int_eq(parse_as("kdocs-app",
                            "{\"code\":0,\"data\":{\"url\":\"\","
                            "\"download_url\":\"https://h/y\"}}", 200, &out,
                            &err), SF_OK);
  ck_assert_str_eq(out.url, "https://h/y");
  resolved_free(&out);
}
END_TEST

static void
refused_is(const char *provider, const char *body, long status,
           enum sf_err want, const char *code, const char *says)
{
  struct sf_resolved out;
  struct sf_error err;

  ck_assert_int_eq(parse_as(provider, body, status, &out, &err), want);
  ck_assert_int_eq(err.code, want);
  ck_assert_str_eq(err.provider_code, code);
  if(code[0])
    ck_assert_ptr_nonnull(strstr(err.message, code));
  if(says)
    ck_assert_msg(strstr(err.message, says) != NULL, "'%s' lacks '%s'",
                  err.message, says);
  ck_assert_ptr_null(out.url);
  resolved_free(&out);
}

START_TEST(reply_errors)
{
  refused_is("kdocs-personal", "{\"code\":20007,\"message\":"
             "\"AccessTokenInvalid\",\"hint\":\"access_token is required\"}",
             200, SF_E_CREDENTIALS, "20007", "kdocs.access_token");
  refused_is("kdocs-personal", "{\"code\":20007,\"msg\":\"x\"}", 200,
             SF_E_CREDENTIALS, "20007", "SIGFETCH_KDOCS_ACCESS_TOKEN");
  refused_is("kdocs-personal", "{\"code\":20099,\"msg\":\"token expired\"}",
             200, SF_E_CREDENTIALS, "20099", "token expired");
  refused_is("kdocs-app", "{\"code\":20003,\"msg\":\"InvalidSignature\"}",
             200, SF_E_CREDENTIALS, "20003", "kdocs.app_key");
  refused_is("kdocs-app", "{\"code\":20002,\"msg\":\"InvalidAppId\"}", 200,
             SF_E_CREDENTIALS, "20002", "kdocs.app_id");
  refused_is("kdocs-app", "{\"code\":40004,\"msg\":\"FileNotExists\","
             "\"hint\":\"no such file_token\"}", 200, SF_E_NOT_FOUND,
             "40004", "FileNotExists: no such file_token");
  refused_is("kdocs-app", "{\"code\":12345,\"msg\":\"bad file_token\"}",
             200, SF_E_PROVIDER, "12345", "bad file_token");
  refused_is("kdocs-app", "{\"code\":\"E42\"}", 200, SF_E_PROVIDER, "E42",
             NULL);
  refused_is("kdocs-app", "{\"code\":-1,\"msg\":\"busy\"}", 200,
             SF_E_PROVIDER, "-1", "busy");
  /* HTTP status != 200 with a code: the same judgement */
  refused_is("kdocs-personal", "{\"code\":20007}", 403, SF_E_CREDENTIALS,
             "20007", NULL);
  refused_is("kdocs-personal", "{\"code\":1,\"msg\":\"x\"}", 404,
             SF_E_NOT_FOUND, "1", NULL);
  refused_is("kdocs-personal", "{\"code\":1,\"msg\":\"x\"}", 401,
             SF_E_CREDENTIALS, "1", NULL);
  /* ... and without one, the status alone */
  refused_is("kdocs-personal", "<html>gone</html>", 404, SF_E_NOT_FOUND, "",
             "404");
  refused_is("kdocs-app", "", 401, SF_E_CREDENTIALS, "", "kdocs.app_id");
  refused_is("kdocs-app", "{\"error\":\"x\"}", 503, SF_E_HTTP, "", "503");
  refused_is("kdocs-app", NULL, 302, SF_E_PROVIDER, "", "302");
  refused_is("kdocs-app", "{\"code\":0,\"data\":{\"url\":\"http://h/\"}}",
             403, SF_E_CREDENTIALS, "", "403");
}
END_TEST

static void
unparsable(const char *body, const char *names, const char *never)
{
  struct sf_resolved out;
  struct sf_error err;

  ck_assert_int_eq(parse_as("kdocs-personal", body, 200, &out, &err),
                   SF_E_PROVIDER_PARSE);
  if(names)
    ck_assert_msg(strstr(err.message, names) != NULL, "'%s' lacks '%s'",
                  err.message, names);
  if(never)
    ck_assert_msg(strstr(err.message, never) == NULL, "'%s' shows '%s'",
                  err.message, never);
  ck_assert_ptr_null(out.url);
  resolved_free(&out);
}

START_TEST(reply_missing)
{
  unparsable("{\"code\":0}", "code", NULL);
  unparsable("{\"result\":\"ok\",\"token\":\"SEKRIT\"}", "result, token",
             "SEKRIT");
  unparsable("{\"code\":0,\"data\":{\"fsize\":1,\"checksums\":{\"sha1\":"
             "\"SEKRIT\"}}}", "fsize, checksums", "SEKRIT");
  unparsable("{\"code\":0,\"data\":\"SEKRIT\"}", "code, data", "SEKRIT");
  unparsable("{\"code\":0,\"data\":{\"url\":\"file:///etc/passwd\"}}", NULL,
             "passwd");
  unparsable("{\"code\":0,\"data\":{\"url\":\"http://h/a b\"}}", NULL, NULL);
  unparsable("{\"code\":0,\"data\":{\"url\":42}}", "url", NULL);
  unparsable("{\"code\":null}", NULL, NULL);
  unparsable("{\"code\":1.5}", NULL, NULL);
  unparsable("<html>", NULL, NULL);
  unparsable("", NULL, NULL);
  unparsable("[]", NULL, NULL);
  unparsable("{\"code\":0,\"data\":", NULL, NULL);
}
END_TEST

/* Parse LEN bytes copied to a buffer of exactly LEN bytes (no NUL after
   them, so a read past the end shows under ASan); must not crash. */
static void
survives(const char *body, size_t len)
{
  char *copy = malloc(len ? len : 1);
  struct sf_resolved out;
  struct sf_error err;
  enum sf_err rc;

  ck_assert_ptr_nonnull(copy);
  memcpy(copy, body, len);
  memset(&out, 0, sizeof(out));
  out.expect.size = -1;
  error_clear(&err);
  rc = kdocs_parse_reply(copy, len, 200, &out, &err);
  ck_assert(rc == SF_OK || err.message[0]);
  ck_assert(strlen(err.message) < sizeof(err.message));
  ck_assert(strlen(err.provider_code) < sizeof(err.provider_code));
  if(rc == SF_OK)
    ck_assert(out.url && !strncmp(out.url, "http", 4));
  resolved_free(&out);
  free(copy);
}

START_TEST(reply_hostile)
{
  static const char *const bodies[] = {
    "{", "null", "1", "\"s\"", "{\"code\":true}", "{\"code\":[]}",
    "{\"code\":0,\"data\":[]}", "{\"code\":0,\"data\":{\"checksums\":1,"
    "\"url\":\"http://h/\",\"fsize\":1e300,\"name\":{}}}",
    "{\"code\":1e308}", "{\"code\":-9223372036854775809}",
    "{\"code\":\"\"}", "{\"code\":\"99999999999999999999999\"}",
    "{\"code\":7,\"msg\":\"\\u001b[31mred\\u0007\",\"hint\":\"\\u0000x\"}",
    "{\"code\":0,\"data\":{\"url\":\"http://h/\\u0000x\"}}",
    "{\"code\":7,\"msg\":\"\xff\xfe\xe6\x96\"}",
    "{\"\":0,\"\\u0000\":1}",
  };
  char big[6000];
  size_t i;

  for(i = 0; i < countof(bodies); i++)
    survives(bodies[i], strlen(bodies[i]));
  /* a control character never reaches the message */
  {
    struct sf_resolved out;
    struct sf_error err;
    parse_as("kdocs-app", bodies[12], 200, &out, &err);
    ck_assert_ptr_null(strchr(err.message, '\033'));
    ck_assert_ptr_null(strchr(err.message, '\a'));
    resolved_free(&out);
  }
  memset(big, '[', sizeof(big));
  survives(big, sizeof(big));
  memcpy(big, "{\"code\":3,\"msg\":\"", 17);
  memset(big + 17, 'x', sizeof(big) - 19);
  memcpy(big + sizeof(big) - 2, "\"}", 2);
  survives(big, sizeof(big));
  survives("{\"code\":0,\"data\":{\"url\":\"http://h/\"}}", 20); /* cut */
}
END_TEST

/* Deterministic mutations of a good reply: flipped, dropped and
   duplicated bytes.  Nothing may crash or leak (run under ASan). */
START_TEST(reply_mutations)
{
  static const char good[] =
    "{\"code\":0,\"data\":{\"checksums\":{\"sha1\":"
    "\"debb6a439537c9e3c3e893be60c140e4b5237344\"},\"fsize\":24198,"
    "\"url\":\"https://h/111?Expires=5\",\"name\":\"n\"},\"msg\":\"m\"}";
  unsigned long seed = 12345;
  char buf[sizeof(good) * 2];
  int round;

  for(round = 0; round < 3000; round++) {
    size_t len = sizeof(good) - 1;
    int k;
    memcpy(buf, good, len);
    for(k = 0; k < 1 + round % 4; k++) {
      size_t at;
      seed = seed * 6364136223846793005UL + 1442695040888963407UL;
      at = (size_t)(seed >> 33) % len;
      if(round % 3 == 0)
        buf[at] = (char)(seed >> 17);
      else if(round % 3 == 1 && len > 1) {
        memmove(buf + at, buf + at + 1, len - at - 1);
        len--;
      }
      else if(len + 1 < sizeof(buf)) {
        memmove(buf + at + 1, buf + at, len - at);
        len++;
      }
    }
    survives(buf, len);
  }
}
END_TEST

Suite *
suite_kdocs(void)
{
  Suite *s = suite_create("kdocs");
  TCase *tc = tcase_create("kdocs");

  tcase_add_test(tc, wps2_vector);
  tcase_add_test(tc, request_uri);
  tcase_add_test(tc, http_date);
  tcase_add_test(tc, locators);
  tcase_add_test(tc, reply_personal);
  tcase_add_test(tc, reply_app);
  tcase_add_test(tc, reply_errors);
  tcase_add_test(tc, reply_missing);
  tcase_add_test(tc, reply_hostile);
  tcase_add_test(tc, reply_mutations);
  suite_add_tcase(s, tc);
  return s;
}
