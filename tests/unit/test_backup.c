/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Backups at scale: the --shard split (against Python's hashlib), the
   --shard values refused, and the --metrics text and its carried-over
   last success. */
#include <check.h>

#include "cli.h"
#include "input.h"
#include "metrics.h"
#include "units.h"

/* Expected shards from Python:
   int.from_bytes(hashlib.sha1(loc.encode()).digest()[:8], "big") % n */
static const struct {
  const char *locator;
  unsigned long n;
  unsigned long shard;
} shards[] = {
  { "http://127.0.0.1/files/a.bin", 4, 3 },
  { "kdocs:personal/abc", 7, 5 },
  { "", 3, 2 },
  { "cloud://env.bucket/dir/x y.txt", 65535, 20691 },
  { "ekuaibao:ID:DP:{\"k\":1}", 1000, 3 },
  { "https://h/x?sig=1", 2, 0 },
  { "https://h/x?sig=1", 1, 0 },
};

START_TEST(shard_of)
{
  size_t i;

  for(i = 0; i < sizeof(shards) / sizeof(shards[0]); i++) {
    unsigned long got = 99999;
    ck_assert_int_eq(input_shard(shards[i].locator, shards[i].n, &got),
                     SF_OK);
    ck_assert_msg(got == shards[i].shard, "%s %% %lu: %lu, expected %lu",
                  shards[i].locator, shards[i].n, got, shards[i].shard);
  }
}
END_TEST

static enum sf_err
parse_shard_arg(const char *value, struct sf_options *opts,
                struct sf_error *err)
{
  char *argv[] = { "sigfetch", "--shard", (char *)value, "http://h/a",
                   NULL };
  enum sf_cli_action action;
  enum sf_err rc;

  error_clear(err);
  rc = cli_parse(4, argv, opts, &action, err);
  cli_free(opts);
  return rc;
}

START_TEST(shard_values)
{
  static const char *const bad[] = { "3/2", "0/0", "a/b", "1", "-1/4",
                                     "1/65536", "1/", "/4", "4/4", " 1/4",
                                     "1/4x", "1/+4", "99999999999999999999/4",
                                     "" };
  struct sf_options opts;
  struct sf_error err;
  size_t i;

  for(i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    ck_assert_msg(parse_shard_arg(bad[i], &opts, &err) == SF_E_USAGE,
                  "--shard '%s' accepted", bad[i]);
    ck_assert_ptr_nonnull(strstr(err.message, "--shard"));
  }
  ck_assert_int_eq(parse_shard_arg("0/1", &opts, &err), SF_OK);
  ck_assert_uint_eq(opts.shard_n, 1);
  ck_assert_int_eq(parse_shard_arg("65534/65535", &opts, &err), SF_OK);
  ck_assert_uint_eq(opts.shard_k, 65534);
  ck_assert_uint_eq(opts.shard_n, 65535);
}
END_TEST

START_TEST(metrics_format)
{
  struct sf_metrics m = { 17, 1, 2, 52428800, 12.3, 5, 1795896000, 0, 0 };
  char *t = metrics_text(&m, 1795809600);

  ck_assert_ptr_nonnull(t);
  ck_assert_ptr_nonnull(strstr(t, "# TYPE sigfetch_files gauge\n"
                                  "sigfetch_files{status=\"ok\"} 17\n"
                                  "sigfetch_files{status=\"skipped\"} 1\n"
                                  "sigfetch_files{status=\"failed\"} 2\n"));
  ck_assert_ptr_nonnull(strstr(t, "\nsigfetch_exit_code 5\n"));
  ck_assert_ptr_nonnull(strstr(t, "\nsigfetch_bytes_received 52428800\n"));
  ck_assert_ptr_nonnull(
    strstr(t, "\nsigfetch_last_success_timestamp_seconds 1795809600\n"));
  ck_assert_int_eq(metrics_last_success(t), 1795809600);
  free(t);
  /* a failed run with no success before: no last-success line */
  t = metrics_text(&m, 0);
  ck_assert_ptr_null(strstr(t, "sigfetch_last_success"));
  ck_assert_int_eq(metrics_last_success(t), 0);
  free(t);
  /* success: its own end; with --shard every line is labelled */
  m.exit_code = 0;
  m.shard_k = 2;
  m.shard_n = 4;
  t = metrics_text(&m, 1);
  ck_assert_ptr_nonnull(
    strstr(t, "sigfetch_files{status=\"ok\",shard=\"2/4\"} 17\n"));
  ck_assert_ptr_nonnull(
    strstr(t, "\nsigfetch_last_success_timestamp_seconds{shard=\"2/4\"} "
              "1795896000\n"));
  ck_assert_int_eq(metrics_last_success(t), 1795896000);
  free(t);
  ck_assert_int_eq(metrics_last_success("garbage"), 0);
  ck_assert_int_eq(
    metrics_last_success("sigfetch_last_success_timestamp_seconds x\n"), 0);
  ck_assert_int_eq(
    metrics_last_success("sigfetch_last_success_timestamp_seconds{a=\"b\" 5"),
    0);
  /* the value is on the name's own line, finite, in C notation */
  ck_assert_int_eq(
    metrics_last_success("sigfetch_last_success_timestamp_seconds \n"
                         "1795809600\n"), 0);
  ck_assert_int_eq(
    metrics_last_success("sigfetch_last_success_timestamp_seconds{a=\"\n"
                         "\"} 1795809600\n"), 0);
  ck_assert_int_eq(
    metrics_last_success("sigfetch_last_success_timestamp_seconds nan\n"), 0);
  ck_assert_int_eq(
    metrics_last_success("sigfetch_last_success_timestamp_seconds  5\n"), 0);
  ck_assert_int_eq(
    metrics_last_success("x 1\nsigfetch_last_success_timestamp_seconds "
                         "1.7958096e+09\n"), 1795809600);
}
END_TEST

Suite *
suite_backup(void)
{
  Suite *s = suite_create("backup");
  TCase *tc = tcase_create("core");

  tcase_add_test(tc, shard_of);
  tcase_add_test(tc, shard_values);
  tcase_add_test(tc, metrics_format);
  suite_add_tcase(s, tc);
  return s;
}
