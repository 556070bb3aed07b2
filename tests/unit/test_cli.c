/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli.c: the option table (sorted, unique names and letters, a --help
   line naming each entry, sane bounds), parse round trips and bounds
   errors; num.c: numbers read with '.' whatever LC_NUMERIC says. */
#include <config.h>

#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include "cli.h"
/* src/base/config.h: plain <config.h> above is autoconf's */
#include "config.h"
#include "num.h"
#include "units.h"

/* ------------------------------------------------------------- the table */

START_TEST(table_sorted_unique)
{
  size_t n;
  const struct sf_cli_option *t = cli_options(&n);
  size_t i;
  size_t j;

  ck_assert_uint_gt(n, 0);
  for(i = 0; i < n; i++) {
    ck_assert_ptr_nonnull(t[i].name);
    ck_assert_msg(t[i].name[0] && t[i].name[0] != '-',
                  "entry %zu: empty name or name with leading '-'", i);
    if(i > 0)
      ck_assert_msg(strcmp(t[i - 1].name, t[i].name) < 0,
                    "options not sorted: '%s' before '%s'", t[i - 1].name,
                    t[i].name);
    for(j = i + 1; j < n; j++) {
      ck_assert_msg(strcmp(t[i].name, t[j].name) != 0,
                    "option --%s declared twice", t[i].name);
      ck_assert_msg(!t[i].short_name || t[i].short_name != t[j].short_name,
                    "short option -%c on --%s and --%s", t[i].short_name,
                    t[i].name, t[j].name);
      ck_assert_msg(t[i].help_order != t[j].help_order,
                    "--%s and --%s share help order %d", t[i].name,
                    t[j].name, t[i].help_order);
    }
  }
}
END_TEST

/* The --help line must start with the option column for this entry:
   "  -x, --name" or "      --name", then ' ' or '='. */
static void
check_help_column(const struct sf_cli_option *o)
{
  char col[64];
  size_t len;

  if(o->short_name)
    snprintf(col, sizeof(col), "  -%c, --%s", o->short_name, o->name);
  else
    snprintf(col, sizeof(col), "      --%s", o->name);
  len = strlen(col);
  ck_assert_msg(!strncmp(o->help, col, len) &&
                (o->help[len] == ' ' || o->help[len] == '='),
                "--help line of --%s does not start with '%s': '%s'",
                o->name, col, o->help);
  ck_assert_msg(strlen(o->help) > len + 2 && !strchr(o->help, '\n'),
                "--help line of --%s has no text or a newline", o->name);
}

START_TEST(table_help)
{
  size_t n;
  const struct sf_cli_option *t = cli_options(&n);
  size_t i;

  for(i = 0; i < n; i++) {
    ck_assert_msg(t[i].help != NULL, "--%s has no help text", t[i].name);
    ck_assert_msg(t[i].help_order > 0, "--%s has no help order",
                  t[i].name);
    check_help_column(&t[i]);
  }
}
END_TEST

/* Argument kind, field and bounds agree with the value kind. */
static void
check_kind(const struct sf_cli_option *o)
{
  bool takes = o->arg == SF_CLI_ARG_REQUIRED;

  switch(o->kind) {
  case SF_CLI_FLAG:
  case SF_CLI_COUNT:
    ck_assert_msg(!takes, "--%s: a flag takes no value", o->name);
    break;
  case SF_CLI_ACTION:
    ck_assert_msg(!takes, "--%s: an action takes no value", o->name);
    ck_assert_msg(o->min == SF_CLI_HELP || o->min == SF_CLI_VERSION,
                  "--%s: unknown action %ld", o->name, o->min);
    break;
  case SF_CLI_LONG:
    ck_assert_msg(takes && o->min <= o->max, "--%s: bad bounds", o->name);
    break;
  case SF_CLI_SECONDS:
    /* the message names its bounds; every one takes at least a day */
    ck_assert_msg(takes && o->min == 0 && o->max >= 86400,
                  "--%s: seconds must be 0 to 86400 or more", o->name);
    break;
  case SF_CLI_HEX:
    ck_assert_msg(takes && (o->max == 32 || o->max == 40 || o->max == 64),
                  "--%s: digest length %ld", o->name, o->max);
    break;
  case SF_CLI_LIST:
    ck_assert_msg(takes && o->count_field != o->field,
                  "--%s: a list needs its count field", o->name);
    break;
  case SF_CLI_FUNC:
    ck_assert_msg(o->parse != NULL, "--%s: no parser", o->name);
    break;
  case SF_CLI_STRING:
    ck_assert_msg(takes, "--%s: a string option needs a value", o->name);
    break;
  default:
    ck_abort_msg("--%s: unknown kind %d", o->name, (int)o->kind);
  }
  ck_assert_msg(o->field < sizeof(struct sf_options),
                "--%s: field outside struct sf_options", o->name);
}

START_TEST(table_kinds)
{
  size_t n;
  const struct sf_cli_option *t = cli_options(&n);
  size_t i;

  for(i = 0; i < n; i++)
    check_kind(&t[i]);
}
END_TEST

/* ------------------------------------------------------------ round trips */

struct cli_run {
  char *argv[32];
  struct sf_options opts;
  enum sf_cli_action action;
  struct sf_error err;
  enum sf_err rc;
};

/* Parse "sigfetch" followed by the NULL-terminated arguments. */
static void
cli_run(struct cli_run *r, ...)
{
  va_list ap;
  int argc = 0;
  const char *a;

  memset(r, 0, sizeof(*r));
  r->argv[argc++] = (char *)"sigfetch";
  va_start(ap, r);
  while((a = va_arg(ap, const char *)) != NULL) {
    ck_assert_int_lt(argc, 31);
    r->argv[argc++] = (char *)a;
  }
  va_end(ap);
  error_clear(&r->err);
  r->rc = cli_parse(argc, r->argv, &r->opts, &r->action, &r->err);
}

static void
expect_usage(struct cli_run *r, const char *message)
{
  ck_assert_int_eq(r->rc, SF_E_USAGE);
  ck_assert_str_eq(r->err.message, message);
  ck_assert_int_eq(error_exit_code(r->rc), 2);
  cli_free(&r->opts);
}

START_TEST(parse_defaults)
{
  struct cli_run r;

  cli_run(&r, "https://h/a", NULL);
  ck_assert_int_eq(r.rc, SF_OK);
  ck_assert_int_eq(r.action, SF_CLI_RUN);
  ck_assert_str_eq(r.opts.directory, ".");
  ck_assert_int_eq(r.opts.jobs, 4);
  ck_assert_int_eq(r.opts.connections, 1);
  ck_assert_int_eq(r.opts.retries, 5);
  ck_assert_double_eq(r.opts.retry_delay, 1.0);
  ck_assert_int_eq(r.opts.expect.size, -1);
  ck_assert_int_eq(r.opts.progress, SF_PROGRESS_AUTO);
  ck_assert_uint_eq(r.opts.n_locators, 1);
  ck_assert_str_eq(r.opts.locators[0], "https://h/a");
  cli_free(&r.opts);
}
END_TEST

/* A secret --set value is wiped in argv (it would stay visible in
   /proc/PID/cmdline) but reaches the options (issue 10, item 8). */
START_TEST(set_secret_wiped)
{
  char a0[] = "sigfetch";
  char a1[] = "--set";
  char a2[] = "tcb.access_token=SEKRET-1";
  char a3[] = "--set=tcb.secret=SEKRET-2";
  char a4[] = "--set";
  char a5[] = "tcb.env=e";
  char a6[] = "--set";
  char a7[] = "no.such_key=SEKRET-3";
  char a8[] = "https://h/a";
  char *argv[] = { a0, a1, a2, a3, a4, a5, a6, a7, a8, NULL };
  struct sf_options opts;
  enum sf_cli_action action;
  struct sf_error err;

  error_clear(&err);
  ck_assert_int_eq(cli_parse(9, argv, &opts, &action, &err), SF_OK);
  ck_assert_uint_eq(opts.n_sets, 4);
  ck_assert_str_eq(opts.sets[0], "tcb.access_token=SEKRET-1");
  ck_assert_str_eq(opts.sets[1], "tcb.secret=SEKRET-2");
  ck_assert_str_eq(opts.sets[2], "tcb.env=e");
  ck_assert_str_eq(opts.sets[3], "no.such_key=SEKRET-3");
  ck_assert_str_eq(a2, "tcb.access_token=********");
  ck_assert_str_eq(a3, "--set=tcb.secret=********");
  ck_assert_str_eq(a5, "tcb.env=e");
  ck_assert_str_eq(a7, "no.such_key=********");
  cli_free(&opts);
}
END_TEST

/* The password of a --proxy URL is wiped in argv too (it would stay
   visible in ps for the whole run), each time the option is given; the
   options keep the URL whole.  A URL without a password is left as is. */
START_TEST(proxy_password_wiped)
{
  char a0[] = "sigfetch";
  char a1[] = "--proxy";
  char a2[] = "http://u:SEKRET-P1@h:3128";
  char a3[] = "--proxy=socks5h://u2:SEKRET-P2@h2";
  char a4[] = "https://h/a";
  char *argv[] = { a0, a1, a2, a3, a4, NULL };
  char b1[] = "--proxy";
  char b2[] = "http://user@h:3128";
  char *argv2[] = { a0, b1, b2, a4, NULL };
  struct sf_options opts;
  enum sf_cli_action action;
  struct sf_error err;

  error_clear(&err);
  ck_assert_int_eq(cli_parse(5, argv, &opts, &action, &err), SF_OK);
  ck_assert_str_eq(opts.proxy, "socks5h://u2:SEKRET-P2@h2");
  ck_assert_str_eq(a2, "http://u:*********@h:3128");
  ck_assert_str_eq(a3, "--proxy=socks5h://u2:*********@h2");
  cli_free(&opts);
  ck_assert_int_eq(cli_parse(4, argv2, &opts, &action, &err), SF_OK);
  ck_assert_str_eq(opts.proxy, "http://user@h:3128");
  ck_assert_str_eq(b2, "http://user@h:3128");
  cli_free(&opts);
}
END_TEST

START_TEST(parse_round_trips)
{
  struct cli_run r;

  cli_run(&r, "-j", "8", "--connections=16", "--retry-delay", "0.25",
          "--stall-timeout=86400", "--sha1",
          "DA39A3EE5E6B4B0D3255BFEF95601890AFD80709", "-H", "A: 1",
          "--header=B: 2", "-qvv", "--progress=plain", "--size", "123",
          "--set", "tcb.env=e", "https://h/a", NULL);
  ck_assert_msg(r.rc == SF_OK, "%s", r.err.message);
  ck_assert_int_eq(r.opts.jobs, 8);
  ck_assert_int_eq(r.opts.connections, 16);
  ck_assert_double_eq(r.opts.retry_delay, 0.25);
  ck_assert_double_eq(r.opts.stall_timeout, 86400.0);
  ck_assert_str_eq(r.opts.expect.sha1,
                   "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  ck_assert_uint_eq(r.opts.n_headers, 2);
  ck_assert_str_eq(r.opts.headers[1], "B: 2");
  ck_assert(r.opts.quiet);
  ck_assert_int_eq(r.opts.verbose, 2);
  ck_assert_int_eq(r.opts.progress, SF_PROGRESS_PLAIN);
  ck_assert_int_eq(r.opts.expect.size, 123);
  ck_assert_uint_eq(r.opts.n_sets, 1);
  ck_assert_str_eq(r.opts.sets[0], "tcb.env=e");
  ck_assert_str_eq(r.opts.locators[0], "https://h/a");
  cli_free(&r.opts);

  cli_run(&r, "-o", "out", "-P", "dir", "--resolve-only", "--show-secrets",
          "--no-continue", "--overwrite", "--insecure", "--cacert", "ca",
          "--config", "cf", "kdocs:personal/x", NULL);
  ck_assert_msg(r.rc == SF_OK, "%s", r.err.message);
  ck_assert_str_eq(r.opts.output, "out");
  ck_assert_str_eq(r.opts.directory, "dir");
  ck_assert(r.opts.resolve_only && r.opts.show_secrets);
  ck_assert(r.opts.no_continue && r.opts.overwrite && r.opts.insecure);
  ck_assert_str_eq(r.opts.cacert, "ca");
  ck_assert_str_eq(r.opts.config_file, "cf");
  cli_free(&r.opts);

  cli_run(&r, "--version", NULL);
  ck_assert_int_eq(r.rc, SF_OK);
  ck_assert_int_eq(r.action, SF_CLI_VERSION);
  cli_free(&r.opts);
  cli_run(&r, "--hel", NULL);  /* getopt_long takes unique prefixes */
  ck_assert_int_eq(r.rc, SF_OK);
  ck_assert_int_eq(r.action, SF_CLI_HELP);
  cli_free(&r.opts);
}
END_TEST

/* The network options: rates with 1024-based suffixes, proxies, -4/-6,
   the safe default timeouts (issue 13). */
START_TEST(parse_net)
{
  struct cli_run r;

  cli_run(&r, "u", NULL);
  ck_assert_int_eq(r.rc, SF_OK);
  ck_assert_double_eq(r.opts.stall_timeout, 60.0);
  ck_assert_double_eq(r.opts.connect_timeout, 30.0);
  ck_assert_double_eq(r.opts.max_time, 0.0);
  ck_assert_int_eq(r.opts.limit_rate, 0);
  ck_assert_ptr_null(r.opts.proxy);
  ck_assert_ptr_null(r.opts.user_agent);
  cli_free(&r.opts);
  cli_run(&r, "--limit-rate", "500k", "--max-time", "90.5", "--proxy",
          "socks5h://127.0.0.1:1080", "--noproxy", "a,b", "-4",
          "--user-agent", "x/1", "u", NULL);
  ck_assert_msg(r.rc == SF_OK, "%s", r.err.message);
  ck_assert_int_eq(r.opts.limit_rate, 512000);
  ck_assert_double_eq(r.opts.max_time, 90.5);
  ck_assert_str_eq(r.opts.proxy, "socks5h://127.0.0.1:1080");
  ck_assert_str_eq(r.opts.noproxy, "a,b");
  ck_assert(r.opts.ipv4 && !r.opts.ipv6);
  ck_assert_str_eq(r.opts.user_agent, "x/1");
  cli_free(&r.opts);
  cli_run(&r, "--limit-rate=2M", "--proxy", "127.0.0.1:3128", "u", NULL);
  ck_assert_int_eq(r.opts.limit_rate, 2 << 20);
  ck_assert_str_eq(r.opts.proxy, "127.0.0.1:3128");
  cli_free(&r.opts);
  cli_run(&r, "--limit-rate=1.5G", "u", NULL);
  ck_assert_int_eq(r.opts.limit_rate, 3LL << 29);
  cli_free(&r.opts);
  cli_run(&r, "--limit-rate", "10X", "u", NULL);
  expect_usage(&r, "sigfetch: --limit-rate: '10X' is not a rate in bytes "
               "per second (a number, optionally followed by k, M or G)");
  cli_run(&r, "--limit-rate", "-5", "u", NULL);
  ck_assert_int_eq(r.rc, SF_E_USAGE);
  cli_run(&r, "--limit-rate", "k", "u", NULL);
  ck_assert_int_eq(r.rc, SF_E_USAGE);
  cli_run(&r, "--max-time", "-1", "u", NULL);
  expect_usage(&r, "sigfetch: --max-time: '-1' is not a number of seconds "
               "from 0 to 2592000");
  cli_run(&r, "--proxy", "ftp://user:SEKRET@h", "u", NULL);
  ck_assert_int_eq(r.rc, SF_E_USAGE);
  ck_assert_ptr_null(strstr(r.err.message, "SEKRET"));
  cli_run(&r, "-4", "-6", "u", NULL);
  expect_usage(&r, "sigfetch: -4 (--ipv4) and -6 (--ipv6) exclude each "
               "other");
  cli_run(&r, "--user-agent", "a\r\nX-Evil: 1", "u", NULL);
  ck_assert_int_eq(r.rc, SF_E_USAGE);
}
END_TEST

/* Exactly the options CLI.md names may have a [defaults] value. */
START_TEST(table_defaults)
{
  static const char *const want[] = {
    "cacert", "connect-timeout", "connections", "jobs", "limit-rate",
    "max-time", "noproxy", "progress", "proxy", "retries", "retry-delay",
    "skip-existing", "stall-timeout", "user-agent"
  };
  size_t n;
  const struct sf_cli_option *t = cli_options(&n);
  size_t i;
  size_t k = 0;

  for(i = 0; i < n; i++) {
    if(!t[i].in_defaults)
      continue;
    ck_assert_msg(k < sizeof(want) / sizeof(want[0]) &&
                  !strcmp(t[i].name, want[k]),
                  "--%s may have a [defaults] value", t[i].name);
    k++;
  }
  ck_assert_uint_eq(k, sizeof(want) / sizeof(want[0]));
}
END_TEST

/* Load TEXT as the --config file of R's command line, then apply its
   [defaults]; the result code. */
static enum sf_err
load_defaults(struct cli_run *r, const char *text, struct sf_config **cfg)
{
  char path[] = "/tmp/sigfetch-test-defaults.XXXXXX";
  int fd = mkstemp(path);
  enum sf_err rc;

  ck_assert_int_ge(fd, 0);
  ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
  close(fd);
  r->opts.config_file = path;
  rc = config_load(&r->opts, cfg, NULL, &r->err);
  if(!rc)
    rc = cli_apply_defaults(&r->opts, *cfg, &r->err);
  unlink(path);
  return rc;
}

/* [defaults] values go through the options' own parsers; the command
   line wins; unknown keys and bad values name file:line (and the key). */
START_TEST(parse_config_defaults)
{
  struct cli_run r;
  struct sf_config *cfg = NULL;

  cli_run(&r, "--retries", "2", "u", NULL);
  ck_assert_int_eq(load_defaults(&r, "[defaults]\njobs = 7\nretries = 9\n"
                                 "limit_rate = 1k\nskip_existing = true\n"
                                 "user_agent = \"a b\"\nprogress = none\n"
                                 "[net]\napi_timeout = 5\n", &cfg), SF_OK);
  ck_assert_int_eq(r.opts.jobs, 7);
  ck_assert_int_eq(r.opts.retries, 2);
  ck_assert_int_eq(r.opts.limit_rate, 1024);
  ck_assert(r.opts.skip_existing);
  ck_assert_str_eq(r.opts.user_agent, "a b");
  ck_assert_int_eq(r.opts.progress, SF_PROGRESS_NONE);
  config_free(cfg);
  cfg = NULL;
  cli_free(&r.opts);

  cli_run(&r, "u", NULL);
  ck_assert_int_eq(load_defaults(&r, "[defaults]\n\njbos = 1\n", &cfg),
                   SF_E_CONFIG);
  ck_assert_ptr_nonnull(strstr(r.err.message, ":3: unknown key 'jbos'"));
  config_free(cfg);
  cfg = NULL;
  cli_run(&r, "--jobs", "3", "u", NULL);
  ck_assert_int_eq(load_defaults(&r, "[defaults]\njobs = 0\n", &cfg),
                   SF_E_CONFIG);
  ck_assert_ptr_nonnull(strstr(r.err.message, ":2: [defaults] jobs: "
                                              "--jobs: '0' is not"));
  config_free(cfg);
  cfg = NULL;
  cli_run(&r, "u", NULL);
  ck_assert_int_eq(load_defaults(&r, "[defaults]\ninsecure = true\n", &cfg),
                   SF_E_CONFIG);
  ck_assert(!r.opts.insecure);
  config_free(cfg);
}
END_TEST

START_TEST(parse_bounds)
{
  struct cli_run r;

  cli_run(&r, "-j", "0", "u", NULL);
  expect_usage(&r, "sigfetch: --jobs: '0' is not a whole number from 1 to "
               "1024");
  cli_run(&r, "--jobs=1025", "u", NULL);
  expect_usage(&r, "sigfetch: --jobs: '1025' is not a whole number from 1 "
               "to 1024");
  cli_run(&r, "-x", "17", "u", NULL);
  expect_usage(&r, "sigfetch: --connections: '17' is not a whole number "
               "from 1 to 16");
  cli_run(&r, "--retries", "-1", "u", NULL);
  expect_usage(&r, "sigfetch: --retries: '-1' is not a whole number from 0 "
               "to 1000");
  cli_run(&r, "--retries", "5x", "u", NULL);
  expect_usage(&r, "sigfetch: --retries: '5x' is not a whole number from 0 "
               "to 1000");
  cli_run(&r, "--retry-delay", "86400.5", "u", NULL);
  expect_usage(&r, "sigfetch: --retry-delay: '86400.5' is not a number of "
               "seconds from 0 to 86400");
  cli_run(&r, "--connect-timeout", "-0.1", "u", NULL);
  expect_usage(&r, "sigfetch: --connect-timeout: '-0.1' is not a number of "
               "seconds from 0 to 86400");
  cli_run(&r, "--stall-timeout", "nan", "u", NULL);
  expect_usage(&r, "sigfetch: --stall-timeout: 'nan' is not a number of "
               "seconds from 0 to 86400");
  cli_run(&r, "--retry-delay", "0,5", "u", NULL);
  expect_usage(&r, "sigfetch: --retry-delay: '0,5' is not a number of "
               "seconds from 0 to 86400");
  cli_run(&r, "--sha256", "abc", "u", NULL);
  expect_usage(&r, "sigfetch: --sha256: expected 64 hexadecimal digits");
  cli_run(&r, "--size", "-1", "u", NULL);
  expect_usage(&r, "sigfetch: --size: '-1' is not a byte count");
  cli_run(&r, "--progress", "bogus", "u", NULL);
  expect_usage(&r, "sigfetch: --progress: 'bogus' is not one of auto, bar, "
               "plain, none");
  cli_run(&r, "-H", "no colon", "u", NULL);
  expect_usage(&r, "sigfetch: --header: expected 'NAME: VALUE'");
  cli_run(&r, "--bogus", "u", NULL);
  expect_usage(&r, "sigfetch: unknown option '--bogus' (try 'sigfetch "
               "--help')");
  cli_run(&r, "-Z", "u", NULL);
  expect_usage(&r, "sigfetch: unknown option '-Z' (try 'sigfetch --help')");
  cli_run(&r, "u", "-j", NULL);
  expect_usage(&r, "sigfetch: option '-j' needs a value");
  cli_run(&r, "u", "--output", NULL);
  expect_usage(&r, "sigfetch: option '--output' needs a value");
}
END_TEST

/* ---------------------------------------------------------------- numbers */

START_TEST(num_c_locale)
{
  double v = -1;

  ck_assert(num_parse_double("0.5", &v));
  ck_assert_double_eq(v, 0.5);
  ck_assert(num_parse_double("1e3", &v));
  ck_assert_double_eq(v, 1000.0);
  v = 7;
  ck_assert(!num_parse_double("", &v));
  ck_assert(!num_parse_double("0.5s", &v));
  ck_assert(!num_parse_double("0,5", &v));
  ck_assert(!num_parse_double("inf", &v));
  ck_assert(!num_parse_double("nan", &v));
  ck_assert(!num_parse_double("1e999", &v));
  ck_assert_double_eq(v, 7.0);
}
END_TEST

/* Switch LC_NUMERIC to a locale with a decimal comma; false if none is
   installed (then the test cannot show anything). */
static bool
use_comma_locale(void)
{
  static const char *const names[] = {
    "de_DE.UTF-8", "de_DE.utf8", "de_DE", "fr_FR.UTF-8", "fr_FR.utf8"
  };
  size_t i;

  for(i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
    if(setlocale(LC_NUMERIC, names[i]) &&
       !strcmp(localeconv()->decimal_point, ","))
      return true;
  }
  setlocale(LC_NUMERIC, "C");
  return false;
}

START_TEST(num_comma_locale)
{
  struct cli_run r;
  double v = 0;
  char *end = NULL;

  if(!use_comma_locale()) {
    fprintf(stderr, "test_cli: no de_DE/fr_FR locale installed: decimal "
            "comma case skipped\n");
    return;
  }
  /* the trap: strtod stops at the '.' here */
  strtod("0.5", &end);
  ck_assert_str_eq(end, ".5");
  ck_assert(num_parse_double("0.5", &v));
  ck_assert_double_eq(v, 0.5);
  ck_assert(!num_parse_double("0,5", &v));
  /* the locale is left as it was */
  ck_assert_str_eq(localeconv()->decimal_point, ",");

  cli_run(&r, "--retry-delay", "0.5", "--connect-timeout=2.25", "u", NULL);
  ck_assert_msg(r.rc == SF_OK, "%s", r.err.message);
  ck_assert_double_eq(r.opts.retry_delay, 0.5);
  ck_assert_double_eq(r.opts.connect_timeout, 2.25);
  cli_free(&r.opts);
  setlocale(LC_NUMERIC, "C");
}
END_TEST

Suite *
suite_cli(void)
{
  Suite *s = suite_create("cli");
  TCase *tc = tcase_create("cli");

  tcase_add_test(tc, set_secret_wiped);
  tcase_add_test(tc, proxy_password_wiped);
  tcase_add_test(tc, table_sorted_unique);
  tcase_add_test(tc, table_help);
  tcase_add_test(tc, table_kinds);
  tcase_add_test(tc, parse_defaults);
  tcase_add_test(tc, parse_round_trips);
  tcase_add_test(tc, parse_bounds);
  tcase_add_test(tc, parse_net);
  tcase_add_test(tc, table_defaults);
  tcase_add_test(tc, parse_config_defaults);
  tcase_add_test(tc, num_c_locale);
  tcase_add_test(tc, num_comma_locale);
  suite_add_tcase(s, tc);
  return s;
}
