/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ratelimit.c: the --limit-rate token bucket takes chunks on credit,
   refuses while in debt, says how long to wait, saves at most a burst,
   and over many chunks averages the rate. */
#include <config.h>

#include "ratelimit.h"
#include "units.h"

START_TEST(take_and_refuse)
{
  struct sf_ratelimit rl;

  ratelimit_init(&rl, 1000, 10.0);
  ck_assert(!ratelimit_take(&rl, 1, 10.0));     /* nothing saved yet */
  ck_assert(rl.starved);
  ck_assert_double_eq_tol(ratelimit_wait(&rl, 10.0), 0.001, 1e-9);
  ck_assert(ratelimit_take(&rl, 500, 10.1));    /* 100 tokens: on credit */
  ck_assert(!ratelimit_take(&rl, 1, 10.1));     /* 400 in debt */
  ck_assert_double_eq_tol(ratelimit_wait(&rl, 10.1), 0.401, 1e-9);
  ck_assert(rl.starved);
  ck_assert_double_eq(ratelimit_wait(&rl, 10.502), 0);
  ck_assert(rl.starved);  /* until the paused streams are resumed */
  ck_assert(ratelimit_take(&rl, 1, 10.502));
}
END_TEST

START_TEST(burst_bounded)
{
  struct sf_ratelimit rl;

  ratelimit_init(&rl, 1000, 0.0);
  ck_assert(ratelimit_take(&rl, 1, 3600.0));    /* an hour idle */
  ck_assert_double_le(rl.tokens, 100.0);        /* 0.1 s of the rate */
}
END_TEST

/* Chunks of 16 KiB taken as soon as allowed average the rate. */
START_TEST(average)
{
  struct sf_ratelimit rl;
  double now = 0.0;
  double got = 0.0;
  int i;

  ratelimit_init(&rl, 2 << 20, now);
  for(i = 0; i < 100000 && now < 4.0; i++) {
    if(ratelimit_take(&rl, 16384, now))
      got += 16384;
    else
      now += ratelimit_wait(&rl, now);
  }
  ck_assert_double_le(got / now, 1.01 * (2 << 20));
  ck_assert_double_ge(got / now, 0.99 * (2 << 20));
}
END_TEST

Suite *
suite_ratelimit(void)
{
  Suite *s = suite_create("ratelimit");
  TCase *t = tcase_create("bucket");

  tcase_add_test(t, take_and_refuse);
  tcase_add_test(t, burst_bounded);
  tcase_add_test(t, average);
  suite_add_tcase(s, t);
  return s;
}
