/* SPDX-License-Identifier: GPL-3.0-or-later */
/* config.c: the INI parser (comments, white space, quotes, bad lines,
   keys outside a section), environment names, secrecy, and the order
   --set > SIGFETCH_* > file. */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* src/config.h: plain "config.h" is autoconf's, found first */
#include "config.h"
#include "options.h"
#include "units.h"

/* Collects "section.key=value|" for every setting the parser reports. */
struct seen {
  char text[1024];
  int calls;
  int fail_at;            /* call number that fails, 0 = none */
};

static enum sf_err
collect(void *ud, const char *section, const char *key, const char *value,
        int line, struct sf_error *err)
{
  struct seen *s = ud;
  size_t n = strlen(s->text);

  s->calls++;
  if(s->calls == s->fail_at)
    return error_set(err, SF_E_CONFIG, "refused at line %d", line);
  snprintf(s->text + n, sizeof(s->text) - n, "%s.%s=%s|", section, key,
           value);
  return SF_OK;
}

static enum sf_err
parse(const char *text, struct seen *s, struct sf_error *err)
{
  memset(s, 0, sizeof(*s));
  error_clear(err);
  return config_parse_ini(text, "f.ini", collect, s, err);
}

START_TEST(ini_good)
{
  struct seen s;
  struct sf_error err;

  ck_assert_int_eq(parse("# comment\n"
                         "; another\n"
                         "\n"
                         "[kdocs]\n"
                         "  endpoint =  https://x/  # trailing comment\n"
                         "access_token=\"a b # c\" ; tail\n"
                         "app_id = id#not-a-comment\n"
                         "app_key = k;also-not\n"
                         "\t[ tcb ]\t\r\n"
                         "env=e1\r\n"
                         "secret =\n"
                         "max_age = a=b=c", &s, &err), SF_OK);
  ck_assert_str_eq(s.text, "kdocs.endpoint=https://x/|"
                           "kdocs.access_token=a b # c|"
                           "kdocs.app_id=id#not-a-comment|"
                           "kdocs.app_key=k;also-not|"
                           "tcb.env=e1|"
                           "tcb.secret=|"
                           "tcb.max_age=a=b=c|");
  ck_assert_int_eq(parse("", &s, &err), SF_OK);
  ck_assert_str_eq(s.text, "");
  ck_assert_int_eq(parse("[net]\nx = \"\"", &s, &err), SF_OK);
  ck_assert_str_eq(s.text, "net.x=|");
}
END_TEST

static void
bad_ini(const char *text, const char *where)
{
  struct seen s;
  struct sf_error err;

  ck_assert_int_eq(parse(text, &s, &err), SF_E_CONFIG);
  ck_assert_msg(strstr(err.message, where) != NULL, "'%s' lacks '%s'",
                err.message, where);
}

START_TEST(ini_bad)
{
  bad_ini("key = value\n", "f.ini:1");
  bad_ini("# c\n\nkey = value\n[kdocs]\n", "f.ini:3");
  bad_ini("[kdocs]\njust words\n", "f.ini:2");
  bad_ini("[kdocs\n", "f.ini:1");
  bad_ini("[]\n", "f.ini:1");
  bad_ini("[kdocs] x\n", "f.ini:1");
  bad_ini("[kdocs]\n= value\n", "f.ini:2");
  bad_ini("[kdocs]\na = \"open\n", "f.ini:2");
  bad_ini("[kdocs]\na = \"q\" junk\n", "f.ini:2");
  bad_ini("[kdocs]\r\nok = 1\r\nbad\r\n", "f.ini:3");
}
END_TEST

/* One CR ends a line (CRLF files); a CR anywhere else is refused, naming
   the line (fuzz_config found "v = e\raccess..." kept the CR in the
   value, which then reached headers and messages). */
START_TEST(ini_carriage_return)
{
  struct seen s;
  struct sf_error err;

  ck_assert_int_eq(parse("[net]\r\nx = \"a b\"\r\ny = 1 \r\n\r\n", &s, &err),
                   SF_OK);
  ck_assert_str_eq(s.text, "net.x=a b|net.y=1|");
  bad_ini("[kdocs]\nv = a\rb\n", "f.ini:2: carriage return");
  bad_ini("[kdocs]\r\nv = 1\r\r\n", "f.ini:2: carriage return");
  bad_ini("[k]\na=1\rb=2\n", "f.ini:2: carriage return");
  bad_ini("[k]\na = \"x\r\"\r\n", "f.ini:2: carriage return");
  bad_ini("[kd\rocs]\n", "f.ini:1: carriage return");
}
END_TEST

START_TEST(ini_callback_error)
{
  struct seen s;
  struct sf_error err;

  memset(&s, 0, sizeof(s));
  s.fail_at = 2;
  error_clear(&err);
  ck_assert_int_eq(config_parse_ini("[a]\nx=1\ny=2\nz=3\n", "f", collect,
                                    &s, &err), SF_E_CONFIG);
  ck_assert_int_eq(s.calls, 2);
  ck_assert_str_eq(err.message, "refused at line 3");
}
END_TEST

START_TEST(env_names)
{
  char buf[64];
  char tiny[12];

  config_env_name("kdocs.app_id", buf, sizeof(buf));
  ck_assert_str_eq(buf, "SIGFETCH_KDOCS_APP_ID");
  config_env_name("kdocs.access_token", buf, sizeof(buf));
  ck_assert_str_eq(buf, "SIGFETCH_KDOCS_ACCESS_TOKEN");
  config_env_name("net.api_timeout", buf, sizeof(buf));
  ck_assert_str_eq(buf, "SIGFETCH_NET_API_TIMEOUT");
  config_env_name("kdocs.access_token", tiny, sizeof(tiny));
  ck_assert_str_eq(tiny, "SIGFETCH_KD");
}
END_TEST

START_TEST(secrecy_defaults)
{
  const char *v = NULL;
  struct sf_error err;

  ck_assert(config_is_secret("kdocs.access_token"));
  ck_assert(config_is_secret("kdocs.app_key"));
  ck_assert(!config_is_secret("kdocs.app_id"));
  ck_assert(!config_is_secret("kdocs.endpoint"));
  ck_assert(config_is_secret("no.such_key"));
  ck_assert_str_eq(config_get(NULL, "kdocs.endpoint"),
                   "https://developer.kdocs.cn");
  ck_assert_str_eq(config_get(NULL, "kdocs.get_md5"), "uri");
  ck_assert_ptr_null(config_get(NULL, "kdocs.no_such"));
  error_clear(&err);
  ck_assert_int_eq(config_require(NULL, "kdocs.access_token", "X", &v, &err),
                   SF_E_CREDENTIALS);
  ck_assert_ptr_nonnull(strstr(err.message, "kdocs.access_token"));
  ck_assert_ptr_nonnull(strstr(err.message, "SIGFETCH_KDOCS_ACCESS_TOKEN"));
}
END_TEST

/* --set > SIGFETCH_* > file, through config_load. */
START_TEST(precedence)
{
  char path[] = "/tmp/sigfetch-test-config.XXXXXX";
  static const char text[] = "[kdocs]\napp_id = from-file\n"
                             "app_key = from-file\nendpoint = http://file/\n";
  const char *sets[] = { "kdocs.app_id=from-set" };
  struct sf_options opts;
  struct sf_config *cfg = NULL;
  struct sf_error err;
  int fd = mkstemp(path);

  ck_assert_int_ge(fd, 0);
  ck_assert_int_eq(write(fd, text, sizeof(text) - 1),
                   (ssize_t)(sizeof(text) - 1));
  close(fd);
  memset(&opts, 0, sizeof(opts));
  opts.quiet = true;
  opts.config_file = path;
  opts.sets = sets;
  opts.n_sets = 1;
  setenv("SIGFETCH_KDOCS_APP_ID", "from-env", 1);
  setenv("SIGFETCH_KDOCS_APP_KEY", "from-env", 1);
  error_clear(&err);
  ck_assert_int_eq(config_load(&opts, &cfg, NULL, &err), SF_OK);
  ck_assert_str_eq(config_get(cfg, "kdocs.app_id"), "from-set");
  ck_assert_str_eq(config_get(cfg, "kdocs.app_key"), "from-env");
  ck_assert_str_eq(config_get(cfg, "kdocs.endpoint"), "http://file/");
  ck_assert_str_eq(config_get(cfg, "tcb.max_age"), "7200");
  config_free(cfg);
  unsetenv("SIGFETCH_KDOCS_APP_ID");
  unsetenv("SIGFETCH_KDOCS_APP_KEY");
  unlink(path);
}
END_TEST

Suite *
suite_config(void)
{
  Suite *s = suite_create("config");
  TCase *tc = tcase_create("config");

  tcase_add_test(tc, ini_good);
  tcase_add_test(tc, ini_bad);
  tcase_add_test(tc, ini_carriage_return);
  tcase_add_test(tc, ini_callback_error);
  tcase_add_test(tc, env_names);
  tcase_add_test(tc, secrecy_defaults);
  tcase_add_test(tc, precedence);
  suite_add_tcase(s, tc);
  return s;
}
