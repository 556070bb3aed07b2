/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hdr.c: Content-Range, status lines, header matching, file names. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "hdr.h"
#include "units.h"

START_TEST(content_range_ok)
{
  int64_t s, e, t;

  ck_assert(hdr_content_range("bytes 100-199/1000", &s, &e, &t));
  ck_assert_int_eq(s, 100);
  ck_assert_int_eq(e, 199);
  ck_assert_int_eq(t, 1000);
  ck_assert(hdr_content_range("  bytes 0-0/1\r\n", &s, &e, &t));
  ck_assert_int_eq(t, 1);
  ck_assert(hdr_content_range("bytes 5-9/*", &s, &e, &t));
  ck_assert_int_eq(t, -1);
  ck_assert(hdr_content_range("bytes */4096", &s, &e, &t));
  ck_assert_int_eq(s, -1);
  ck_assert_int_eq(t, 4096);
}
END_TEST

START_TEST(content_range_bad)
{
  int64_t s, e, t;
  static const char *const bad[] = {
    "", "bytes", "bytes 1-2", "bytes 2-1/10", "bytes 0-10/10",
    "bytes */*", "items 0-1/2", "bytes -1-2/3", "bytes 1-2/3x",
    "bytes 99999999999999999999-1/2", "bytes 0-1/2 junk"
  };
  size_t i;

  for(i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
    ck_assert_msg(!hdr_content_range(bad[i], &s, &e, &t), "%s", bad[i]);
}
END_TEST

START_TEST(disposition)
{
  char *n = hdr_disposition_filename("attachment; filename=\"a b.txt\"");

  ck_assert_str_eq(n, "a b.txt");
  free(n);
  n = hdr_disposition_filename(
    "attachment; filename=x.bin; filename*=UTF-8''%E6%8A%A5%E5%91%8A.docx");
  ck_assert_str_eq(n, "\xe6\x8a\xa5\xe5\x91\x8a.docx");
  free(n);
  n = hdr_disposition_filename("inline");
  ck_assert_ptr_null(n);
  n = hdr_disposition_filename("attachment; filename=\"unterminated");
  ck_assert_ptr_null(n);
}
END_TEST

Suite *
suite_hdr(void)
{
  Suite *s = suite_create("hdr");
  TCase *tc = tcase_create("parse");

  tcase_add_test(tc, content_range_ok);
  tcase_add_test(tc, content_range_bad);
  tcase_add_test(tc, disposition);
  suite_add_tcase(s, tc);
  return s;
}
