/* SPDX-License-Identifier: GPL-3.0-or-later */
/* state.c: round trip, and hostile state files never crash or load. */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "state.h"
#include "units.h"

START_TEST(round_trip)
{
  struct sf_state a;
  struct sf_state b;
  char *text;

  state_init(&a);
  state_init(&b);
  a.locator = strdup("https://h/f.bin");
  a.url = strdup("https://h/f.bin");
  a.size = 5000000000LL;
  a.etag = strdup("\"x-1\"");
  a.bytes_done = 4096;
  memcpy(a.sha1, "0123456789abcdef0123456789abcdef01234567", 41);
  text = state_to_json(&a);
  ck_assert_ptr_nonnull(text);
  ck_assert_int_eq(state_from_json(text, &b), 0);
  ck_assert_str_eq(b.locator, a.locator);
  ck_assert_str_eq(b.etag, a.etag);
  ck_assert_ptr_null(b.last_modified);
  ck_assert_int_eq(b.size, a.size);
  ck_assert_int_eq(b.bytes_done, 4096);
  ck_assert_str_eq(b.sha1, a.sha1);
  free(text);
  state_free(&a);
  state_free(&b);
}
END_TEST

START_TEST(hostile)
{
  static const char *const bad[] = {
    "", "{", "[]", "null", "{\"version\":2,\"locator\":\"x\"}",
    "{\"version\":1}", "{\"version\":1,\"locator\":5}",
    "{\"version\":1,\"locator\":\"x\",\"size\":\"big\"", "\xff\xfe"
  };
  struct sf_state st;
  size_t i;

  state_init(&st);
  for(i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
    ck_assert_msg(state_from_json(bad[i], &st) != 0, "%s", bad[i]);
  ck_assert_int_eq(state_from_json("{\"version\":1,\"locator\":\"x\","
                                   "\"size\":-1,\"bytes_done\":0,"
                                   "\"sha1\":\"short\"}", &st), 0);
  ck_assert_int_eq(st.size, -1);
  ck_assert_str_eq(st.sha1, "");
  state_free(&st);
}
END_TEST

/* Figures a resume trusts must be whole and agree (fuzz_state found a
   state without bytes_done accepted with bytes_done -1). */
START_TEST(hostile_figures)
{
  static const char *const bad[] = {
    "{\"version\":1,\"locator\":\"x\",\"size\":100,\"bd_ysetone\":50}",
    "{\"version\":1,\"locator\":\"x\",\"size\":100,\"bytes_done\":-3}",
    "{\"version\":1,\"locator\":\"x\",\"size\":100,\"bytes_done\":\"5\"}",
    "{\"version\":1,\"locator\":\"x\",\"size\":100,\"bytes_done\":1.5}",
    "{\"version\":1,\"locator\":\"x\",\"size\":100,\"bytes_done\":101}",
    "{\"version\":1,\"locator\":\"x\",\"bytes_done\":0}",
    "{\"version\":1,\"locator\":\"x\",\"size\":-5,\"bytes_done\":0}",
    "{\"version\":1,\"locator\":\"x\",\"size\":1e30,\"bytes_done\":0}",
    "{\"version\":1,\"locator\":\"x\",\"size\":100,\"bytes_done\":10,"
    "\"segments\":[[0,5,50],[50,60,100]]}"
  };
  struct sf_state st;
  size_t i;

  state_init(&st);
  for(i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
    ck_assert_msg(state_from_json(bad[i], &st) != 0, "%s", bad[i]);
  ck_assert_int_eq(state_from_json("{\"version\":1,\"locator\":\"x\","
                                   "\"size\":100,\"bytes_done\":15,"
                                   "\"segments\":[[0,5,50],[50,60,100]],"
                                   "\"sha1\":\"zz23456789abcdef0123"
                                   "456789abcdef01234567\"}", &st), 0);
  ck_assert_int_eq(st.bytes_done, 15);
  ck_assert_int_eq(st.n_segs, 2);
  ck_assert_str_eq(st.sha1, "");
  state_free(&st);
}
END_TEST

START_TEST(save_load)
{
  char dir[] = "/tmp/sfstateXXXXXX";
  char path[64];
  struct sf_state a;
  struct sf_state b;
  bool found = true;

  ck_assert_ptr_nonnull(mkdtemp(dir));
  snprintf(path, sizeof(path), "%s/o.sfstate", dir);
  state_load(path, &b, &found);
  ck_assert(!found);
  state_init(&a);
  a.locator = strdup("l");
  ck_assert_int_eq(state_save(path, &a, false, NULL, NULL), 0);
  state_load(path, &b, &found);
  ck_assert(found);
  ck_assert_str_eq(b.locator, "l");
  state_free(&a);
  state_free(&b);
  unlink(path);
  rmdir(dir);
}
END_TEST

Suite *
suite_state(void)
{
  Suite *s = suite_create("state");
  TCase *tc = tcase_create("json");

  tcase_add_test(tc, round_trip);
  tcase_add_test(tc, hostile);
  tcase_add_test(tc, hostile_figures);
  tcase_add_test(tc, save_load);
  suite_add_tcase(s, tc);
  return s;
}
