/* SPDX-License-Identifier: GPL-3.0-or-later */
/* resume.c: which partial may be resumed, the plan it resumes with, and
   how a plan is recorded in the state. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "resume.h"
#include "units.h"

#define SHA_A "0123456789abcdef0123456789abcdef01234567"
#define SHA_B "76543210fedcba9876543210fedcba9876543210"

/* A state for locator kdocs:abc, 1000 bytes, ETag "e1", no sha1. */
static void
old_state(struct sf_state *st)
{
  state_init(st);
  st->locator = strdup("kdocs:abc");
  st->size = 1000;
  st->etag = strdup("\"e1\"");
}

static void
want(struct sf_resume_want *w)
{
  w->locator = "kdocs:abc";
  w->size = 1000;
  w->sha1 = "";
  w->checksum = false;
}

START_TEST(matches_etag_only)
{
  struct sf_state st;
  struct sf_resume_want w;

  old_state(&st);
  want(&w);
  ck_assert(resume_matches(&st, 500, &w));
  ck_assert(resume_matches(&st, 0, &w));
  ck_assert(resume_matches(&st, 1000, &w));
  /* sizes unknown on either side */
  w.size = -1;
  ck_assert(resume_matches(&st, 500, &w));
  st.size = -1;
  ck_assert(resume_matches(&st, 500, &w));
  w.size = 1000;
  ck_assert(resume_matches(&st, 500, &w));
  state_free(&st);
}
END_TEST

START_TEST(matches_last_modified_only)
{
  struct sf_state st;
  struct sf_resume_want w;

  old_state(&st);
  free(st.etag);
  st.etag = NULL;
  st.last_modified = strdup("Wed, 21 Oct 2015 07:28:00 GMT");
  want(&w);
  ck_assert(resume_matches(&st, 500, &w));
  state_free(&st);
}
END_TEST

START_TEST(matches_locator)
{
  struct sf_state st;
  struct sf_resume_want w;

  old_state(&st);
  want(&w);
  w.locator = "kdocs:abd";
  ck_assert(!resume_matches(&st, 500, &w));
  w.locator = "kdocs:ab";
  ck_assert(!resume_matches(&st, 500, &w));
  w.locator = NULL;
  ck_assert(!resume_matches(&st, 500, &w));
  want(&w);
  free(st.locator);
  st.locator = NULL;
  ck_assert(!resume_matches(&st, 500, &w));
  state_free(&st);
}
END_TEST

START_TEST(matches_partial_too_long)
{
  struct sf_state st;
  struct sf_resume_want w;

  old_state(&st);
  want(&w);
  ck_assert(!resume_matches(&st, 1001, &w));
  w.size = -1;
  ck_assert(!resume_matches(&st, 1001, &w));
  /* longer than what is wanted, the state not knowing the size */
  st.size = -1;
  w.size = 900;
  ck_assert(!resume_matches(&st, 901, &w));
  ck_assert(resume_matches(&st, 900, &w));
  state_free(&st);
}
END_TEST

START_TEST(matches_size_mismatch)
{
  struct sf_state st;
  struct sf_resume_want w;

  old_state(&st);
  want(&w);
  w.size = 2000;
  ck_assert(!resume_matches(&st, 500, &w));
  w.size = 999;
  ck_assert(!resume_matches(&st, 500, &w));
  state_free(&st);
}
END_TEST

START_TEST(matches_sha1)
{
  struct sf_state st;
  struct sf_resume_want w;

  /* mismatch, even with a validator */
  old_state(&st);
  memcpy(st.sha1, SHA_A, 41);
  want(&w);
  w.sha1 = SHA_B;
  ck_assert(!resume_matches(&st, 500, &w));
  /* the same sha1 on both vouches without a validator */
  free(st.etag);
  st.etag = NULL;
  w.sha1 = SHA_A;
  ck_assert(resume_matches(&st, 500, &w));
  w.sha1 = SHA_B;
  ck_assert(!resume_matches(&st, 500, &w));
  state_free(&st);
}
END_TEST

START_TEST(matches_nothing_vouches)
{
  struct sf_state st;
  struct sf_resume_want w;

  old_state(&st);
  free(st.etag);
  st.etag = NULL;
  st.size = -1;
  want(&w);
  w.size = -1;
  ck_assert(!resume_matches(&st, 500, &w));
  ck_assert(!resume_matches(&st, 0, &w));
  ck_assert(resume_unproven(&st, &w));
  /* a sha1 the state holds but this run does not know vouches for
     nothing: only what this run checks at the end does */
  memcpy(st.sha1, SHA_A, 41);
  ck_assert(!resume_matches(&st, 500, &w));
  ck_assert(resume_unproven(&st, &w));
  /* without a validator: a size or a checksum this run knows (CLI.md
     "Resume without validators") */
  w.size = 1000;
  ck_assert(resume_matches(&st, 500, &w));
  ck_assert(!resume_unproven(&st, &w));
  w.size = -1;
  w.checksum = true;
  ck_assert(resume_matches(&st, 500, &w));
  ck_assert(!resume_unproven(&st, &w));
  /* another locator's partial is not "unproven": it is not ours */
  w.checksum = false;
  w.locator = "kdocs:other";
  ck_assert(!resume_unproven(&st, &w));
  state_free(&st);
}
END_TEST

START_TEST(plan_one_stream)
{
  struct sf_state st;
  struct sf_segplan p;
  int64_t over = -1;

  old_state(&st);
  st.bytes_done = 700;
  resume_plan(&st, 500, &p, &over);
  ck_assert_int_eq(over, 0);
  ck_assert_int_eq(p.n, 1);
  ck_assert_int_eq(p.size, -1);
  ck_assert_int_eq(p.seg[0].start, 0);
  ck_assert_int_eq(p.seg[0].pos, 500);
  ck_assert_int_eq(p.seg[0].end, -1);
  ck_assert(segplan_valid(&p));
  resume_plan(&st, 0, &p, &over);
  ck_assert_int_eq(p.seg[0].pos, 0);
  ck_assert(segplan_valid(&p));
  state_free(&st);
}
END_TEST

START_TEST(plan_segments)
{
  static const struct sf_seg segs[3] = {
    { 0, 300, 300 }, { 300, 450, 600 }, { 600, 800, 1000 }
  };
  struct sf_state st;
  struct sf_segplan p;
  int64_t over = -1;

  old_state(&st);
  memcpy(st.segs, segs, sizeof(segs));
  st.n_segs = 3;
  resume_plan(&st, 800, &p, &over);
  ck_assert_int_eq(over, 0);
  ck_assert_int_eq(p.n, 3);
  ck_assert_int_eq(p.size, 1000);
  ck_assert(memcmp(p.seg, segs, sizeof(segs)) == 0);
  ck_assert(segplan_valid(&p));
  /* the partial holds 700: segment 2 claimed 800 and is refetched */
  resume_plan(&st, 700, &p, &over);
  ck_assert_int_eq(over, 200);
  ck_assert_int_eq(p.seg[1].pos, 450);
  ck_assert_int_eq(p.seg[2].pos, 600);
  ck_assert(segplan_valid(&p));
  state_free(&st);
}
END_TEST

START_TEST(record)
{
  struct sf_state st;
  struct sf_segplan p;
  int64_t disk[SF_MAX_SEGS] = { 250, 260, 500, 900 };

  state_init(&st);
  segplan_init(&p, -1);
  ck_assert_int_eq(segplan_split(&p, 1000, 4, 1), 4);
  p.seg[0].pos = 250;
  p.seg[1].pos = 300;
  p.seg[2].pos = 600;
  p.seg[3].pos = 1000;
  resume_record(&st, &p, disk);
  ck_assert_int_eq(st.n_segs, 4);
  ck_assert_int_eq(st.size, 1000);
  ck_assert_int_eq(st.bytes_done, 250 + 10 + 0 + 150);
  ck_assert_int_eq(st.segs[1].pos, 260);
  ck_assert_int_eq(st.segs[3].pos, 900);
  ck_assert_int_eq(st.segs[3].end, 1000);
  /* one segment: bytes_done alone */
  segplan_init(&p, -1);
  p.seg[0].pos = 400;
  disk[0] = 350;
  resume_record(&st, &p, disk);
  ck_assert_int_eq(st.n_segs, 0);
  ck_assert_int_eq(st.bytes_done, 350);
  ck_assert_int_eq(st.size, 1000);   /* unknown now: the old one stays */
  state_free(&st);
}
END_TEST

Suite *
suite_resume(void)
{
  Suite *s = suite_create("resume");
  TCase *m = tcase_create("matches");
  TCase *p = tcase_create("plan");

  tcase_add_test(m, matches_etag_only);
  tcase_add_test(m, matches_last_modified_only);
  tcase_add_test(m, matches_locator);
  tcase_add_test(m, matches_partial_too_long);
  tcase_add_test(m, matches_size_mismatch);
  tcase_add_test(m, matches_sha1);
  tcase_add_test(m, matches_nothing_vouches);
  suite_add_tcase(s, m);
  tcase_add_test(p, plan_one_stream);
  tcase_add_test(p, plan_segments);
  tcase_add_test(p, record);
  suite_add_tcase(s, p);
  return s;
}
