/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The pure parts of the TCB, Ekuaibao and Fxiaoke resolvers (reply
   matching, names, URL extraction) and the token cache file. */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <ftw.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "download.h"
#include "prov_ekuaibao.h"
#include "prov_fxiaoke.h"
#include "prov_tcb.h"
#include "token.h"
#include "units.h"

/* ------------------------------------------------------------- TCB */

static void
match_is(const char *reply, const char *const *ids, size_t n,
         const int *want)
{
  cJSON *list = cJSON_Parse(reply);
  int at[8];
  size_t i;

  ck_assert_ptr_nonnull(list);
  tcb_match_reply(list, ids, n, at);
  for(i = 0; i < n; i++)
    ck_assert_int_eq(at[i], want[i]);
  cJSON_Delete(list);
}

START_TEST(tcb_matching)
{
  static const char *const ids[] = { "cloud://e.b/a", "cloud://e.b/b",
                                     "cloud://e.b/c" };
  static const char *const dup[] = { "cloud://e.b/a", "cloud://e.b/a" };
  static const int rev[] = { 2, 1, 0 };
  static const int files[] = { 1, -1, 0 };
  static const int pos[] = { 0, 1, 2 };
  static const int twice[] = { 0, 0 };

  match_is("[{\"fileid\":\"cloud://e.b/c\"},{\"fileid\":\"cloud://e.b/b\"},"
           "{\"fileid\":\"cloud://e.b/a\"}]", ids, 3, rev);
  match_is("[{\"files\":\"cloud://e.b/c\"},{\"files\":\"cloud://e.b/a\"},"
           "{\"fileid\":\"cloud://e.b/zzz\"}]", ids, 3, files);
  match_is("[{\"status\":0},{\"status\":0},{\"status\":0}]", ids, 3, pos);
  match_is("[{\"fileid\":\"cloud://e.b/a\"}]", dup, 2, twice);
  match_is("[]", ids, 3, (const int[]){ -1, -1, -1 });
}
END_TEST

START_TEST(tcb_entries)
{
  cJSON *ok = cJSON_Parse("{\"fileid\":\"cloud://e.b/d/A.png\",\"status\":0,"
                          "\"download_url\":\"https://h/A.png?sign=x&t=1\"}");
  cJSON *gone = cJSON_Parse("{\"status\":-503003,\"errmsg\":"
                            "\"STORAGE_FILE_NONEXIST\"}");
  cJSON *nourl = cJSON_Parse("{\"status\":0}");
  struct sf_resolved out;
  struct sf_error err;

  memset(&out, 0, sizeof(out));
  error_clear(&err);
  ck_assert_int_eq(tcb_entry(ok, "cloud://e.b/d/A.png", 7200, 1000, &out,
                             &err), SF_OK);
  ck_assert_str_eq(out.name, "A.png");
  ck_assert_str_eq(out.url, "https://h/A.png?sign=x&t=1");
  ck_assert_int_eq(out.expires_at, 8200);
  resolved_free(&out);
  ck_assert_int_eq(tcb_entry(gone, "cloud://e.b/x", 60, 0, &out, &err),
                   SF_E_NOT_FOUND);
  ck_assert_str_eq(err.provider_code, "-503003");
  ck_assert_ptr_nonnull(strstr(err.message, "STORAGE_FILE_NONEXIST"));
  ck_assert_int_eq(tcb_entry(nourl, "cloud://e.b/x", 60, 0, &out, &err),
                   SF_E_PROVIDER_PARSE);
  ck_assert_int_eq(tcb_entry(NULL, "cloud://e.b/x", 60, 0, &out, &err),
                   SF_E_PROVIDER_PARSE);
  resolved_free(&out);
  cJSON_Delete(ok);
  cJSON_Delete(gone);
  cJSON_Delete(nourl);
}
END_TEST

START_TEST(tcb_locators)
{
  char *env = tcb_locator_env("cloud://test2-4a89da.7465-test2/A.png");

  ck_assert_str_eq(env, "test2-4a89da");
  free(env);
  ck_assert_ptr_null(tcb_locator_env("cloud://nodot/A.png"));
  ck_assert_ptr_null(tcb_locator_env("cloud://e.b"));
  ck_assert_ptr_null(tcb_locator_env("cloud://e.b/"));
  ck_assert_ptr_null(tcb_locator_env("cloud://.b/x"));
  ck_assert_ptr_null(tcb_locator_env("cloud://e./x"));
  ck_assert_ptr_null(tcb_locator_env("cloud://e/x.y"));
}
END_TEST

/* ------------------------------------------------------------- Ekuaibao */

static void
ekb_name_is(const char *key, const char *want, int64_t want_size)
{
  int64_t size = 0;
  char *got = ekuaibao_name(key, &size);

  if(want)
    ck_assert_str_eq(got, want);
  else
    ck_assert_ptr_null(got);
  ck_assert_int_eq(size, want_size);
  free(got);
}

START_TEST(ekb_names)
{
  char *id;
  const char *key;

  ekb_name_is("openapi0306c2d1-7a5b-4e96-8172-60c5ee0f971e-kotlin.docx",
              "kotlin.docx", -1);
  ekb_name_is("openapi0306c2d1-7a5b-4e96-8172-60c5ee0f971eXkotlin.docx",
              "openapi0306c2d1-7a5b-4e96-8172-60c5ee0f971eXkotlin.docx", -1);
  ekb_name_is("openapinot-a-uuid-kotlin.docx", "openapinot-a-uuid-kotlin.docx",
              -1);
  ekb_name_is("dir/sub/file.pdf", "file.pdf", -1);
  ekb_name_is("DP:{\"fileId\":\"1\",\"fileName\":\"128163bbba83.jpg\","
              "\"fileSize\":2985928,\"fileType\":\"jpg\"}",
              "128163bbba83.jpg", 2985928);
  ekb_name_is("DP:{\"fileName\":\"photo\",\"fileSize\":\"12\","
              "\"fileType\":\"png\"}", "photo.png", 12);
  ekb_name_is("DP:{\"fileName\":\"A.JPG\",\"fileType\":\"jpg\"}", "A.JPG",
              -1);
  ekb_name_is("DP:{\"fileId\":\"77\",\"fileType\":\"pdf\"}", "77.pdf", -1);
  ekb_name_is("DP:{not json", NULL, -1);
  ck_assert_int_eq(ekuaibao_split("ekuaibao:ID1:DP:{\"a\":1}", &id, &key),
                   SF_OK);
  ck_assert_str_eq(id, "ID1");
  ck_assert_str_eq(key, "DP:{\"a\":1}");
  free(id);
  ck_assert_int_eq(ekuaibao_split("ekuaibao::k", &id, &key),
                   SF_E_BAD_LOCATOR);
  ck_assert_int_eq(ekuaibao_split("ekuaibao:id:", &id, &key),
                   SF_E_BAD_LOCATOR);
  ck_assert_int_eq(ekuaibao_split("ekuaibao:id", &id, &key),
                   SF_E_BAD_LOCATOR);
}
END_TEST

/* ekuaibao_split on a short string that is no Ekuaibao locator once read
   past its end (issue 10, item 9).  The string ends at a page boundary
   with an unreadable page after it, so an over-read faults even without
   a sanitizer. */
START_TEST(ekb_split_short)
{
  static const char *const shorts[] = { "", "e", "ekb", "ekuaibao",
                                        "x:y:z", "ekuaibaX:a:b" };
  long pg = sysconf(_SC_PAGESIZE);
  char *map = mmap(NULL, (size_t)pg * 2, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  size_t i;

  ck_assert_ptr_ne(map, MAP_FAILED);
  ck_assert_int_eq(mprotect(map + pg, (size_t)pg, PROT_NONE), 0);
  for(i = 0; i < countof(shorts); i++) {
    size_t n = strlen(shorts[i]) + 1;
    char *s = map + pg - n;
    char *id;
    const char *key;

    memcpy(s, shorts[i], n);
    ck_assert_int_eq(ekuaibao_split(s, &id, &key), SF_E_BAD_LOCATOR);
    ck_assert_ptr_null(id);
  }
  munmap(map, (size_t)pg * 2);
}
END_TEST

START_TEST(ekb_reply)
{
  cJSON *r = cJSON_Parse(
    "[{\"id\":\"2\",\"key\":\"DP:{\\\"fileName\\\":\\\"a\\\",\\\"fileType\\\":"
    "\\\"jpg\\\",\\\"fileSize\\\":5}\",\"url\":\"https://s/y.file\","
    "\"headers\":{\"Authorization\":\"  OSS k:sig= \",\"x-oss-date\":"
    "\"Tue, 04 Jun 2024 02:36:44 GMT\"}},"
    "{\"id\":\"1\",\"key\":\"other\",\"url\":\"https://s/o\"},"
    "{\"id\":\"1\",\"key\":\"k1\",\"url\":\"https://s/k1?Expires=2000&"
    "Signature=x\"},{\"id\":\"3\",\"key\":\"k3\",\"url\":\"https://s/3\","
    "\"headers\":{\"Bad Name\":\"v\"}}]");
  const char *dp = "DP:{\"fileName\":\"a\",\"fileType\":\"jpg\","
                   "\"fileSize\":5}";
  struct sf_resolved out;
  struct sf_error err;

  memset(&out, 0, sizeof(out));
  error_clear(&err);
  ck_assert_ptr_null(ekuaibao_find(r, "9", "k1"));
  ck_assert_ptr_null(ekuaibao_find(r, "1", "k9"));
  ck_assert_int_eq(ekuaibao_entry(ekuaibao_find(r, "1", "k1"), "k1", 1800,
                                  1000, &out, &err), SF_OK);
  ck_assert_int_eq(out.expires_at, 2000);
  ck_assert_int_eq(out.n_headers, 0);
  resolved_free(&out);
  ck_assert_int_eq(ekuaibao_entry(ekuaibao_find(r, "2", dp), dp, 1800, 1000,
                                  &out, &err), SF_OK);
  ck_assert_int_eq(out.n_headers, 2);
  ck_assert_str_eq(out.headers[0], "Authorization: OSS k:sig=");
  ck_assert_str_eq(out.headers[1],
                   "x-oss-date: Tue, 04 Jun 2024 02:36:44 GMT");
  ck_assert_int_eq(out.expires_at, 1717468604 + 900);
  ck_assert_str_eq(out.name, "a.jpg");
  ck_assert_int_eq(out.expect.size, 5);
  resolved_free(&out);
  ck_assert_int_eq(ekuaibao_entry(ekuaibao_find(r, "3", "k3"), "k3", 1800,
                                  1000, &out, &err), SF_E_PROVIDER_PARSE);
  resolved_free(&out);
  cJSON_Delete(r);
}
END_TEST

/* ------------------------------------------------------------- Fxiaoke */

static void
fxk_url_is(const char *reply, const char *want)
{
  cJSON *r = cJSON_Parse(reply);
  const char *got = fxiaoke_find_url(r, "N_x");

  if(want)
    ck_assert_str_eq(got, want);
  else
    ck_assert_ptr_null(got);
  cJSON_Delete(r);
}

START_TEST(fxk_urls)
{
  char a[37];
  char b[37];

  fxk_url_is("{\"data\":\"https://s/1\"}", "https://s/1");
  fxk_url_is("{\"data\":{\"url\":\"https://s/2\"}}", "https://s/2");
  fxk_url_is("{\"data\":{\"signatureUrl\":\"http://s/3\"}}", "http://s/3");
  fxk_url_is("{\"data\":{\"signedUrl\":\"https://s/4\"}}", "https://s/4");
  fxk_url_is("{\"data\":{\"downloadUrl\":\"https://s/5\"}}", "https://s/5");
  fxk_url_is("{\"data\":{\"N_x\":\"https://s/6\"}}", "https://s/6");
  fxk_url_is("{\"data\":{\"N_x\":{\"signedUrl\":\"https://s/7\"}}}",
             "https://s/7");
  fxk_url_is("{\"data\":{\"a\":{\"b\":[1,\"ftp://x\",\"https://s/8\"]}}}",
             "https://s/8");
  fxk_url_is("{\"data\":{\"url\":\"ftp://s\",\"x\":\"https://s/9\"}}",
             "https://s/9");
  fxk_url_is("{\"data\":{\"url\":5}}", NULL);
  fxk_url_is("{\"errorCode\":0,\"traceId\":\"t\"}", NULL);
  fxk_url_is("{\"data\":\"not a url\"}", NULL);
  fxk_url_is("[\"https://s/top\"]", NULL);
  ck_assert_ptr_null(fxiaoke_find_url(NULL, "N_x"));
  ck_assert_int_eq(fxiaoke_uuid4(a), SF_OK);
  ck_assert_int_eq(fxiaoke_uuid4(b), SF_OK);
  ck_assert_int_eq(strlen(a), 36);
  ck_assert_int_eq(a[14], '4');
  ck_assert_ptr_nonnull(strchr("89ab", a[19]));
  ck_assert_str_ne(a, b);
}
END_TEST

/* ------------------------------------------------------------- tokens */

struct fake_fetch {
  int calls;
  bool last_force;
};

static enum sf_err
fake_fetch(void *ud, bool force, struct sf_token *out, struct sf_error *err)
{
  struct fake_fetch *f = ud;
  char buf[32];

  (void)err;
  f->calls++;
  f->last_force = force;
  snprintf(buf, sizeof(buf), "tok-%d", f->calls);
  out->value = strdup(buf);
  out->corp_id = strdup("FSCID_1");
  out->expires_at = time(NULL) + 7200;
  return SF_OK;
}

static int
rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
  (void)sb;
  (void)flag;
  (void)ftw;
  return remove(path);
}

/* A private XDG_CACHE_HOME in BASE (a mkdtemp template). */
static void
cache_home(char *base)
{
  ck_assert_ptr_nonnull(mkdtemp(base));
  setenv("XDG_CACHE_HOME", base, 1);
}

static void
cache_home_done(const char *base)
{
  unsetenv("XDG_CACHE_HOME");
  nftw(base, rm_one, 8, FTW_DEPTH | FTW_PHYS);
}

START_TEST(token_cache)
{
  char base[] = "/tmp/sf-unit-token.XXXXXX";
  struct fake_fetch f = { 0, false };
  struct sf_token_src src = { "tcb", "wx/1", "scope-a", fake_fetch, &f };
  struct sf_token t;
  struct sf_error err;
  struct stat sb;
  char *dir;
  char *path;

  cache_home(base);
  error_clear(&err);
  ck_assert_int_eq(token_get(&src, NULL, &t, &err), SF_OK);
  ck_assert_str_eq(t.value, "tok-1");
  token_free(&t);
  ck_assert_int_eq(token_get(&src, NULL, &t, &err), SF_OK);
  ck_assert_str_eq(t.value, "tok-1");
  ck_assert_str_eq(t.corp_id, "FSCID_1");
  ck_assert_int_eq(f.calls, 1);
  token_free(&t);
  dir = token_cache_dir();
  path = token_cache_path(dir, &src);
  ck_assert_ptr_nonnull(strstr(path, "/sigfetch/tcb-wx_1.json"));
  ck_assert_int_eq(stat(dir, &sb), 0);
  ck_assert_int_eq(sb.st_mode & 0777, 0700);
  ck_assert_int_eq(stat(path, &sb), 0);
  ck_assert_int_eq(sb.st_mode & 0777, 0600);
  ck_assert_int_eq(token_cache_read(path, &src, &t), SF_OK);
  ck_assert_str_eq(t.value, "tok-1");
  token_free(&t);
  src.scope = "scope-b";
  ck_assert_int_eq(token_cache_read(path, &src, &t), SF_E_NOT_FOUND);
  free(path);
  free(dir);
  cache_home_done(base);
}
END_TEST

START_TEST(token_renewal)
{
  char base[] = "/tmp/sf-unit-token.XXXXXX";
  struct fake_fetch f = { 0, false };
  struct sf_token_src src = { "tcb", "wx", "scope-a", fake_fetch, &f };
  struct sf_token t;
  struct sf_error err;

  cache_home(base);
  error_clear(&err);
  ck_assert_int_eq(token_get(&src, NULL, &t, &err), SF_OK);
  token_free(&t);
  /* a refused token that was fetched moments ago: forced renewal */
  ck_assert_int_eq(token_get(&src, "tok-1", &t, &err), SF_OK);
  ck_assert_str_eq(t.value, "tok-2");
  ck_assert(f.last_force);
  token_free(&t);
  /* refusing some other token: the cached one is fine */
  ck_assert_int_eq(token_get(&src, "configured", &t, &err), SF_OK);
  ck_assert_str_eq(t.value, "tok-2");
  ck_assert_int_eq(f.calls, 2);
  token_free(&t);
  /* another scope (endpoint, credentials): not reused */
  src.scope = "scope-b";
  ck_assert_int_eq(token_get(&src, NULL, &t, &err), SF_OK);
  ck_assert_str_eq(t.value, "tok-3");
  ck_assert(!f.last_force);
  token_free(&t);
  cache_home_done(base);
}
END_TEST

START_TEST(token_cache_hostile)
{
  char base[] = "/tmp/sf-unit-token.XXXXXX";
  struct sf_token_src src = { "ekuaibao", "k", "s", NULL, NULL };
  struct sf_token t;
  char path[512];
  FILE *f;
  static const char *const bad[] = {
    "", "{", "[]", "{\"version\":1}",
    "{\"version\":2,\"token\":\"x\",\"scope\":\"\",\"expires_at\":1,"
    "\"fetched_at\":1}",
    "{\"version\":1,\"token\":5,\"scope\":\"\",\"expires_at\":1,"
    "\"fetched_at\":1}"
  };
  size_t i;

  ck_assert_ptr_nonnull(mkdtemp(base));
  snprintf(path, sizeof(path), "%s/c.json", base);
  ck_assert_int_eq(token_cache_read(path, &src, &t), SF_E_NOT_FOUND);
  for(i = 0; i < countof(bad); i++) {
    f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(bad[i], f);
    fclose(f);
    ck_assert_int_eq(token_cache_read(path, &src, &t), SF_E_NOT_FOUND);
  }
  unlink(path);
  rmdir(base);
}
END_TEST

Suite *
suite_providers(void)
{
  Suite *s = suite_create("providers");
  TCase *tc = tcase_create("core");

  tcase_add_test(tc, tcb_matching);
  tcase_add_test(tc, tcb_entries);
  tcase_add_test(tc, tcb_locators);
  tcase_add_test(tc, ekb_names);
  tcase_add_test(tc, ekb_split_short);
  tcase_add_test(tc, ekb_reply);
  tcase_add_test(tc, fxk_urls);
  tcase_add_test(tc, token_cache);
  tcase_add_test(tc, token_renewal);
  tcase_add_test(tc, token_cache_hostile);
  suite_add_tcase(s, tc);
  return s;
}
