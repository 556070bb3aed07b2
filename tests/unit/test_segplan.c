/* SPDX-License-Identifier: GPL-3.0-or-later */
/* segplan.c: splitting, progress, collapse, the validity of a plan read
   back, trimming to the partial's length; and a property test over many
   random plans and interruption points, through the state file. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "resume.h"
#include "segplan.h"
#include "state.h"
#include "units.h"

#define PROP_PLANS 2000
#define PROP_CUTS 8

/* A plan from N triples { start, pos, end } and SIZE. */
static void
mkplan(struct sf_segplan *p, int64_t size, int n, const int64_t (*t)[3])
{
  int i;

  memset(p, 0, sizeof(*p));
  p->size = size;
  p->n = n;
  for(i = 0; i < n; i++) {
    p->seg[i].start = t[i][0];
    p->seg[i].pos = t[i][1];
    p->seg[i].end = t[i][2];
  }
}

/* Four pieces of 250 of a 1000-byte file, positions POS[4]. */
static void
mkfour(struct sf_segplan *p, const int64_t *pos)
{
  int64_t t[4][3];
  int i;

  for(i = 0; i < 4; i++) {
    t[i][0] = 250 * i;
    t[i][1] = pos[i];
    t[i][2] = 250 * (i + 1);
  }
  mkplan(p, 1000, 4, (const int64_t (*)[3])t);
}

START_TEST(init_plan)
{
  struct sf_segplan p;

  segplan_init(&p, -1);
  ck_assert_int_eq(p.n, 1);
  ck_assert_int_eq(p.size, -1);
  ck_assert_int_eq(p.seg[0].start, 0);
  ck_assert_int_eq(p.seg[0].pos, 0);
  ck_assert_int_eq(p.seg[0].end, -1);
  ck_assert(segplan_valid(&p));
  ck_assert(!segplan_complete(&p));
  segplan_init(&p, 1000);
  ck_assert_int_eq(p.seg[0].end, 1000);
  ck_assert(segplan_valid(&p));
  ck_assert(!segplan_complete(&p));
  /* an empty file is complete at once */
  segplan_init(&p, 0);
  ck_assert(segplan_valid(&p));
  ck_assert(segplan_complete(&p));
}
END_TEST

START_TEST(split_even)
{
  struct sf_segplan p;
  int i;

  segplan_init(&p, -1);
  ck_assert_int_eq(segplan_split(&p, 1000, 4, 100), 4);
  ck_assert_int_eq(p.n, 4);
  ck_assert_int_eq(p.size, 1000);
  for(i = 0; i < 4; i++) {
    ck_assert_int_eq(p.seg[i].start, 250 * i);
    ck_assert_int_eq(p.seg[i].pos, 250 * i);
    ck_assert_int_eq(p.seg[i].end, 250 * (i + 1));
  }
  ck_assert(segplan_valid(&p));
}
END_TEST

START_TEST(split_from_pos)
{
  struct sf_segplan p;

  /* 100 bytes in: the rest [100, 1000) is split, segment 0 keeps them */
  segplan_init(&p, -1);
  p.seg[0].pos = 100;
  ck_assert_int_eq(segplan_split(&p, 1000, 3, 1), 3);
  ck_assert_int_eq(p.seg[0].start, 0);
  ck_assert_int_eq(p.seg[0].pos, 100);
  ck_assert_int_eq(p.seg[0].end, 400);
  ck_assert_int_eq(p.seg[1].start, 400);
  ck_assert_int_eq(p.seg[1].pos, 400);
  ck_assert_int_eq(p.seg[1].end, 700);
  ck_assert_int_eq(p.seg[2].start, 700);
  ck_assert_int_eq(p.seg[2].end, 1000);
  ck_assert_int_eq(segplan_done(&p), 100);
  ck_assert_int_eq(segplan_frontier(&p), 100);
  ck_assert(segplan_valid(&p));
}
END_TEST

START_TEST(split_remainder)
{
  struct sf_segplan p;

  segplan_init(&p, -1);
  ck_assert_int_eq(segplan_split(&p, 1003, 4, 1), 4);
  ck_assert_int_eq(p.seg[0].end, 250);
  ck_assert_int_eq(p.seg[2].end, 750);
  ck_assert_int_eq(p.seg[3].start, 750);
  ck_assert_int_eq(p.seg[3].end, 1003);
  ck_assert(segplan_valid(&p));
  segplan_init(&p, -1);
  p.seg[0].pos = 7;
  ck_assert_int_eq(segplan_split(&p, 17, 3, 3), 3);
  ck_assert_int_eq(p.seg[0].end, 10);
  ck_assert_int_eq(p.seg[1].end, 13);
  ck_assert_int_eq(p.seg[2].start, 13);
  ck_assert_int_eq(p.seg[2].end, 17);
  ck_assert(segplan_valid(&p));
}
END_TEST

START_TEST(split_limits)
{
  struct sf_segplan p;

  /* by the minimum piece: 1000 / 300 = 3 */
  segplan_init(&p, -1);
  ck_assert_int_eq(segplan_split(&p, 1000, 8, 300), 3);
  ck_assert_int_eq(p.seg[0].end, 333);
  ck_assert_int_eq(p.seg[2].end, 1000);
  ck_assert(segplan_valid(&p));
  /* by SF_MAX_SEGS */
  segplan_init(&p, -1);
  ck_assert_int_eq(segplan_split(&p, 1000000, 100, 1), SF_MAX_SEGS);
  ck_assert_int_eq(p.seg[SF_MAX_SEGS - 1].end, 1000000);
  ck_assert(segplan_valid(&p));
  /* min < 1 counts as 1 */
  segplan_init(&p, -1);
  ck_assert_int_eq(segplan_split(&p, 3, 8, 0), 3);
  ck_assert(segplan_valid(&p));
}
END_TEST

START_TEST(split_none)
{
  struct sf_segplan p;

  /* n < 2 */
  segplan_init(&p, -1);
  ck_assert_int_eq(segplan_split(&p, 1000, 1, 1), 1);
  ck_assert_int_eq(p.n, 1);
  ck_assert_int_eq(p.size, 1000);
  ck_assert_int_eq(p.seg[0].end, 1000);
  ck_assert(segplan_valid(&p));
  segplan_init(&p, -1);
  ck_assert_int_eq(segplan_split(&p, 1000, 0, 1), 1);
  ck_assert(segplan_valid(&p));
  segplan_init(&p, -1);
  ck_assert_int_eq(segplan_split(&p, 1000, -4, 1), 1);
  ck_assert(segplan_valid(&p));
  /* the rest is too small for two pieces */
  segplan_init(&p, -1);
  p.seg[0].pos = 900;
  ck_assert_int_eq(segplan_split(&p, 1000, 4, 100), 1);
  ck_assert_int_eq(p.seg[0].pos, 900);
  ck_assert_int_eq(p.seg[0].end, 1000);
  ck_assert(segplan_valid(&p));
  segplan_init(&p, -1);
  ck_assert_int_eq(segplan_split(&p, 199, 4, 100), 1);
  ck_assert(segplan_valid(&p));
  /* nothing left */
  segplan_init(&p, -1);
  p.seg[0].pos = 1000;
  ck_assert_int_eq(segplan_split(&p, 1000, 4, 1), 1);
  ck_assert(segplan_complete(&p));
  /* unknown total */
  segplan_init(&p, -1);
  ck_assert_int_eq(segplan_split(&p, -1, 4, 1), 1);
  ck_assert_int_eq(p.size, -1);
  ck_assert(segplan_valid(&p));
}
END_TEST

START_TEST(split_once)
{
  struct sf_segplan p;
  struct sf_segplan q;

  segplan_init(&p, -1);
  ck_assert_int_eq(segplan_split(&p, 1000, 4, 1), 4);
  q = p;
  ck_assert_int_eq(segplan_split(&p, 1000, 8, 1), 4);
  ck_assert_int_eq(segplan_split(&p, 5000, 2, 1), 4);
  ck_assert(memcmp(&p, &q, sizeof(p)) == 0);
}
END_TEST

START_TEST(progress)
{
  static const struct {
    int64_t pos[4];
    int64_t frontier;
    int64_t done;
    bool complete;
  } c[] = {
    { { 0, 250, 500, 750 }, 0, 0, false },
    { { 100, 250, 500, 750 }, 100, 100, false },
    { { 100, 400, 600, 1000 }, 100, 600, false },
    { { 250, 250, 500, 750 }, 250, 250, false },
    { { 250, 300, 500, 750 }, 300, 300, false },
    { { 250, 500, 500, 750 }, 500, 500, false },
    { { 250, 500, 750, 900 }, 900, 900, false },
    { { 250, 500, 600, 1000 }, 600, 850, false },
    { { 250, 500, 750, 1000 }, 1000, 1000, true },
  };
  struct sf_segplan p;
  size_t i;

  for(i = 0; i < countof(c); i++) {
    mkfour(&p, c[i].pos);
    ck_assert(segplan_valid(&p));
    ck_assert_msg(segplan_frontier(&p) == c[i].frontier, "case %zu", i);
    ck_assert_msg(segplan_done(&p) == c[i].done, "case %zu", i);
    ck_assert_msg(segplan_complete(&p) == c[i].complete, "case %zu", i);
  }
  /* one open segment */
  segplan_init(&p, -1);
  p.seg[0].pos = 4242;
  ck_assert_int_eq(segplan_frontier(&p), 4242);
  ck_assert_int_eq(segplan_done(&p), 4242);
  ck_assert(!segplan_complete(&p));
}
END_TEST

/* A free connection takes the upper half of the largest rest; the
   segment it came from now ends where the new one starts. */
START_TEST(steal_largest)
{
  struct sf_segplan p;
  int j;

  segplan_init(&p, -1);
  segplan_split(&p, 40, 4, 1);          /* 0-10 10-20 20-30 30-40 */
  p.seg[0].pos = 10;                    /* done */
  p.seg[1].pos = 12;                    /* 8 left */
  p.seg[2].pos = 21;                    /* 9 left: the largest */
  p.seg[3].pos = 35;                    /* 5 left */
  j = segplan_steal(&p, 2);
  ck_assert_int_eq(j, 3);
  ck_assert_int_eq(p.n, 5);
  ck_assert_int_eq(p.seg[2].end, 25);   /* 21 + 9/2 */
  ck_assert_int_eq(p.seg[2].pos, 21);
  ck_assert_int_eq(p.seg[3].start, 25);
  ck_assert_int_eq(p.seg[3].pos, 25);
  ck_assert_int_eq(p.seg[3].end, 30);
  ck_assert_int_eq(p.seg[4].start, 30); /* later ones moved up */
  ck_assert_int_eq(p.seg[4].pos, 35);
  ck_assert(segplan_valid(&p));
  ck_assert_int_eq(segplan_done(&p), 10 + 2 + 1 + 0 + 5);
}
END_TEST

/* Never below the minimum, never an unknown size, never a full plan. */
START_TEST(steal_limits)
{
  struct sf_segplan p;
  int i;

  segplan_init(&p, -1);
  ck_assert_int_eq(segplan_steal(&p, 1), -1);   /* size unknown */
  segplan_init(&p, 100);
  ck_assert_int_eq(segplan_steal(&p, 51), -1);  /* halves of 50 */
  ck_assert_int_eq(segplan_steal(&p, 50), 1);
  ck_assert_int_eq(p.seg[0].end, 50);
  segplan_init(&p, 100);
  p.seg[0].pos = 100;
  ck_assert_int_eq(segplan_steal(&p, 1), -1);   /* nothing left */
  segplan_init(&p, 1 << 20);
  for(i = 1; i < SF_MAX_SEGS; i++)
    ck_assert_int_ge(segplan_steal(&p, 1), 1);
  ck_assert_int_eq(p.n, SF_MAX_SEGS);
  ck_assert_int_eq(segplan_steal(&p, 1), -1);   /* full */
  ck_assert(segplan_valid(&p));
}
END_TEST

/* Complete segments nobody holds merge into the next one (the last into
   a complete one before it); pinned ones are not merged away (they may
   take others in); the map says where each went. */
START_TEST(compact)
{
  struct sf_segplan p;
  bool busy[SF_MAX_SEGS] = { false };
  int map[SF_MAX_SEGS];

  segplan_init(&p, -1);
  segplan_split(&p, 60, 6, 1);  /* 0-10 10-20 ... 50-60 */
  p.seg[0].pos = 10;            /* complete */
  p.seg[1].pos = 15;
  p.seg[2].pos = 30;            /* complete, pinned */
  busy[2] = true;
  p.seg[3].pos = 40;            /* complete */
  p.seg[4].pos = 50;            /* complete */
  p.seg[5].pos = 60;            /* complete, last */
  ck_assert_int_eq(segplan_compact(&p, busy, map), 2);
  ck_assert_int_eq(map[0], -1);
  ck_assert_int_eq(map[1], 0);
  ck_assert_int_eq(map[2], 1);
  ck_assert_int_eq(map[3], -1);
  ck_assert_int_eq(map[4], -1);
  ck_assert_int_eq(map[5], -1);
  ck_assert_int_eq(p.seg[0].start, 0);
  ck_assert_int_eq(p.seg[0].pos, 15);
  ck_assert_int_eq(p.seg[0].end, 20);
  ck_assert_int_eq(p.seg[1].start, 20); /* pinned, grown by 30-60 */
  ck_assert_int_eq(p.seg[1].pos, 60);
  ck_assert_int_eq(p.seg[1].end, 60);
  ck_assert(segplan_valid(&p));
  ck_assert_int_eq(segplan_done(&p), 15 + 10 + 30);

  /* the last complete one joins a complete one before it */
  segplan_init(&p, -1);
  segplan_split(&p, 30, 3, 1);
  p.seg[0].pos = 5;
  p.seg[1].pos = 20;
  p.seg[2].pos = 30;
  memset(busy, 0, sizeof(busy));
  busy[1] = true;               /* pinned: not merged away, but may grow */
  ck_assert_int_eq(segplan_compact(&p, busy, map), 2);
  ck_assert_int_eq(map[1], 1);
  ck_assert_int_eq(map[2], -1);
  ck_assert_int_eq(p.seg[1].start, 10);
  ck_assert_int_eq(p.seg[1].end, 30);
  ck_assert_int_eq(p.seg[1].pos, 30);
  ck_assert(segplan_valid(&p));
}
END_TEST

/* N pieces from pos and the rest in one more segment; when N pieces
   would cover the rest, an even split. */
START_TEST(split_pieces)
{
  struct sf_segplan p;

  segplan_init(&p, -1);
  p.seg[0].pos = 5;
  ck_assert_int_eq(segplan_split_pieces(&p, 105, 3, 10, 4), 4);
  ck_assert_int_eq(p.size, 105);
  ck_assert_int_eq(p.seg[0].start, 0);
  ck_assert_int_eq(p.seg[0].pos, 5);
  ck_assert_int_eq(p.seg[0].end, 15);
  ck_assert_int_eq(p.seg[1].start, 15);
  ck_assert_int_eq(p.seg[2].end, 35);
  ck_assert_int_eq(p.seg[3].start, 35);   /* the rest */
  ck_assert_int_eq(p.seg[3].pos, 35);
  ck_assert_int_eq(p.seg[3].end, 105);
  ck_assert(segplan_valid(&p));

  /* 3 pieces of 30 leave less than MIN: an even split instead */
  segplan_init(&p, -1);
  ck_assert_int_eq(segplan_split_pieces(&p, 92, 3, 30, 4), 3);
  ck_assert_int_eq(p.seg[2].end, 92);
  ck_assert(segplan_valid(&p));

  /* not twice: only a plan of one segment is split */
  ck_assert_int_eq(segplan_split_pieces(&p, 92, 3, 30, 4), 3);
}
END_TEST

/* A piece off the front of a segment; never leaving less than MIN. */
START_TEST(carve)
{
  struct sf_segplan p;

  segplan_init(&p, -1);
  segplan_split_pieces(&p, 100, 2, 10, 1);   /* 0-10 10-20 20-100 */
  p.seg[2].pos = 25;
  ck_assert_int_eq(segplan_carve(&p, 2, 10, 5), 3);
  ck_assert_int_eq(p.n, 4);
  ck_assert_int_eq(p.seg[2].end, 35);
  ck_assert_int_eq(p.seg[2].pos, 25);
  ck_assert_int_eq(p.seg[3].start, 35);
  ck_assert_int_eq(p.seg[3].pos, 35);
  ck_assert_int_eq(p.seg[3].end, 100);
  ck_assert(segplan_valid(&p));
  ck_assert_int_eq(segplan_carve(&p, 3, 61, 5), -1); /* 4 left behind */
  ck_assert_int_eq(segplan_carve(&p, 3, 60, 5), 4);
  ck_assert_int_eq(segplan_carve(&p, 0, 0, 1), -1);
  ck_assert(segplan_valid(&p));
}
END_TEST

START_TEST(collapse)
{
  static const int64_t pos[][4] = {
    { 100, 400, 600, 1000 }, { 250, 300, 750, 1000 },
    { 250, 500, 750, 1000 }, { 0, 500, 750, 1000 },
    { 250, 500, 750, 751 },
  };
  static const int64_t front[] = { 100, 300, 1000, 0, 751 };
  struct sf_segplan p;
  size_t i;

  for(i = 0; i < countof(pos); i++) {
    mkfour(&p, pos[i]);
    segplan_collapse(&p);
    ck_assert_int_eq(p.n, 1);
    ck_assert_int_eq(p.size, 1000);
    ck_assert_int_eq(p.seg[0].start, 0);
    ck_assert_int_eq(p.seg[0].end, 1000);
    ck_assert_msg(p.seg[0].pos == front[i], "case %zu", i);
    ck_assert_int_eq(segplan_done(&p), front[i]);
    ck_assert(segplan_valid(&p));
  }
}
END_TEST

START_TEST(valid_rejects_tiling)
{
  static const int64_t ok[][3] = { { 0, 50, 100 }, { 100, 100, 200 } };
  static const int64_t gap[][3] = { { 0, 50, 100 }, { 150, 150, 200 } };
  static const int64_t lap[][3] = { { 0, 50, 100 }, { 90, 100, 200 } };
  static const int64_t low[][3] = { { 0, 50, 100 }, { 100, 99, 200 } };
  static const int64_t high[][3] = { { 0, 101, 100 }, { 100, 100, 200 } };
  static const int64_t open1[][3] = { { 0, 50, -1 }, { 100, 100, 200 } };
  static const int64_t open2[][3] = { { 0, 50, 100 }, { 100, 100, -1 } };
  static const int64_t late[][3] = { { 1, 50, 100 }, { 100, 100, 200 } };
  static const int64_t back[][3] = { { 0, 0, 100 }, { 100, 100, 50 } };
  struct sf_segplan p;

  mkplan(&p, 200, 2, ok);
  ck_assert(segplan_valid(&p));
  mkplan(&p, 200, 2, gap);
  ck_assert(!segplan_valid(&p));
  mkplan(&p, 200, 2, lap);
  ck_assert(!segplan_valid(&p));
  mkplan(&p, 200, 2, low);
  ck_assert(!segplan_valid(&p));
  mkplan(&p, 200, 2, high);
  ck_assert(!segplan_valid(&p));
  mkplan(&p, 200, 2, open1);
  ck_assert(!segplan_valid(&p));
  mkplan(&p, 200, 2, open2);
  ck_assert(!segplan_valid(&p));
  mkplan(&p, -1, 2, open2);
  ck_assert(!segplan_valid(&p));
  mkplan(&p, 200, 2, late);
  ck_assert(!segplan_valid(&p));
  mkplan(&p, 50, 2, back);
  ck_assert(!segplan_valid(&p));
}
END_TEST

START_TEST(valid_rejects_shape)
{
  static const int64_t ok[][3] = { { 0, 50, 100 }, { 100, 100, 200 } };
  static const int64_t one_open[][3] = { { 0, 50, -1 } };
  struct sf_segplan p;

  /* wrong total */
  mkplan(&p, 300, 2, ok);
  ck_assert(!segplan_valid(&p));
  mkplan(&p, 199, 2, ok);
  ck_assert(!segplan_valid(&p));
  mkplan(&p, -1, 2, ok);
  ck_assert(!segplan_valid(&p));
  /* an open segment with a known size */
  mkplan(&p, -1, 1, one_open);
  ck_assert(segplan_valid(&p));
  mkplan(&p, 100, 1, one_open);
  ck_assert(!segplan_valid(&p));
  /* segment count */
  mkplan(&p, 200, 2, ok);
  p.n = 0;
  ck_assert(!segplan_valid(&p));
  p.n = SF_MAX_SEGS + 1;
  ck_assert(!segplan_valid(&p));
  p.n = -1;
  ck_assert(!segplan_valid(&p));
}
END_TEST

START_TEST(trim)
{
  static const int64_t pos[4] = { 250, 400, 600, 750 };
  struct sf_segplan p;
  struct sf_segplan q;

  /* the partial holds 500 bytes: segment 2 claims 600 */
  mkfour(&p, pos);
  ck_assert_int_eq(segplan_trim(&p, 500), 100);
  ck_assert_int_eq(p.seg[0].pos, 250);
  ck_assert_int_eq(p.seg[1].pos, 400);
  ck_assert_int_eq(p.seg[2].pos, 500);
  ck_assert_int_eq(p.seg[3].pos, 750);
  ck_assert(segplan_valid(&p));
  /* 550: segment 2 claims past it and goes back to its start, all of
     its 100 bytes unclaimed (what lies below 550 may be a hole) */
  mkfour(&p, pos);
  ck_assert_int_eq(segplan_trim(&p, 550), 100);
  ck_assert_int_eq(p.seg[2].pos, 500);
  /* 300: segments 1 and 2 */
  mkfour(&p, pos);
  ck_assert_int_eq(segplan_trim(&p, 300), 250);
  ck_assert_int_eq(p.seg[0].pos, 250);
  ck_assert_int_eq(p.seg[1].pos, 250);
  ck_assert_int_eq(p.seg[2].pos, 500);
  ck_assert(segplan_valid(&p));
  /* nothing on disk */
  mkfour(&p, pos);
  ck_assert_int_eq(segplan_trim(&p, 0), 500);
  ck_assert_int_eq(segplan_done(&p), 0);
  ck_assert(segplan_valid(&p));
  /* consistent: unchanged */
  mkfour(&p, pos);
  q = p;
  ck_assert_int_eq(segplan_trim(&p, 600), 0);
  ck_assert(memcmp(&p, &q, sizeof(p)) == 0);
  ck_assert_int_eq(segplan_trim(&p, 1000), 0);
  ck_assert_int_eq(segplan_trim(&p, 1 << 30), 0);
  ck_assert(memcmp(&p, &q, sizeof(p)) == 0);
  /* one open segment */
  segplan_init(&p, -1);
  p.seg[0].pos = 800;
  ck_assert_int_eq(segplan_trim(&p, 799), 800);
  ck_assert_int_eq(p.seg[0].pos, 0);
  segplan_init(&p, -1);
  p.seg[0].pos = 800;
  ck_assert_int_eq(segplan_trim(&p, 800), 0);
  ck_assert_int_eq(p.seg[0].pos, 800);
}
END_TEST

/* A deterministic generator (xorshift64*), seeded per test. */
static uint64_t
rnd(uint64_t *s)
{
  *s ^= *s >> 12;
  *s ^= *s << 25;
  *s ^= *s >> 27;
  return *s * 2685821657736338717ULL;
}

/* Uniform in [lo, hi] (hi >= lo). */
static int64_t
rnd_in(uint64_t *s, int64_t lo, int64_t hi)
{
  return lo + (int64_t)(rnd(s) % (uint64_t)(hi - lo + 1));
}

/* Sizes from tiny to beyond 4 GiB, below 2^53 (exact in JSON). */
static int64_t
rnd_size(uint64_t *s)
{
  switch(rnd(s) % 4) {
  case 0:
    return rnd_in(s, 0, 64);
  case 1:
    return rnd_in(s, 0, 100000);
  case 2:
    return rnd_in(s, 1 << 20, 1 << 30);
  default:
    return rnd_in(s, 1LL << 32, 1LL << 44);
  }
}

/* Prefix wholly received, by definition. */
static int64_t
ref_frontier(const struct sf_segplan *p)
{
  int i;

  for(i = 0; i < p->n; i++)
    if(p->seg[i].pos != p->seg[i].end)
      return p->seg[i].pos;
  return p->size;
}

/* No segment claims bytes past HAVE unless it claims none at all. */
static bool
within(const struct sf_segplan *p, int64_t have)
{
  int i;

  for(i = 0; i < p->n; i++)
    if(p->seg[i].pos > have && p->seg[i].pos != p->seg[i].start)
      return false;
  return true;
}

static int64_t
max_pos(const struct sf_segplan *p)
{
  int64_t m = 0;
  int i;

  for(i = 0; i < p->n; i++)
    if(p->seg[i].pos > m)
      m = p->seg[i].pos;
  return m;
}

/* What trim must give back: each claim past HAVE, whole. */
static int64_t
ref_over(const struct sf_segplan *p, int64_t have)
{
  int64_t over = 0;
  int i;

  for(i = 0; i < p->n; i++)
    if(p->seg[i].pos > have)
      over += p->seg[i].pos - p->seg[i].start;
  return over;
}

/* A fresh plan with POS0 bytes in, split at random; checks the split. */
static void
prop_split(uint64_t *s, struct sf_segplan *p, int64_t *total)
{
  int64_t pos0;
  int64_t min;
  int want;
  int k;
  int i;

  *total = rnd_size(s);
  pos0 = rnd(s) % 4 ? rnd_in(s, 0, *total) : 0;
  want = (int)rnd_in(s, -1, SF_MAX_SEGS + 4);
  min = rnd(s) % 3 ? rnd_in(s, 1, *total / 2 + 1) : rnd_in(s, -1, 4);
  segplan_init(p, -1);
  p->seg[0].pos = pos0;
  ck_assert(segplan_valid(p));
  k = segplan_split(p, *total, want, min);
  ck_assert_msg(segplan_valid(p), "split %lld %lld %d %lld",
                (long long)pos0, (long long)*total, want, (long long)min);
  ck_assert_int_eq(k, p->n);
  ck_assert_int_le(k, SF_MAX_SEGS);
  ck_assert_int_le(k, want > 1 ? want : 1);
  ck_assert_int_eq(p->size, *total);
  ck_assert_int_eq(p->seg[0].pos, pos0);
  ck_assert_int_eq(segplan_done(p), pos0);
  ck_assert_int_eq(segplan_frontier(p), pos0);
  for(i = 1; i < k; i++) {
    int64_t piece = p->seg[0].end - pos0;
    int64_t len = p->seg[i].end - p->seg[i].start;
    ck_assert_int_eq(p->seg[i].pos, p->seg[i].start);
    ck_assert_int_ge(piece, min);
    ck_assert(i == k - 1 ? len >= piece && len < piece + k : len == piece);
  }
}

/* Random progress of every segment. */
static void
prop_progress(uint64_t *s, struct sf_segplan *p)
{
  int i;

  for(i = 0; i < p->n; i++) {
    struct sf_seg *g = &p->seg[i];
    switch(rnd(s) % 4) {
    case 0:
      g->pos = g->start;
      break;
    case 1:
      g->pos = g->end;
      break;
    default:
      g->pos = rnd_in(s, g->start, g->end);
    }
  }
}

static void
prop_check_progress(const struct sf_segplan *p)
{
  struct sf_segplan c = *p;
  int64_t f = segplan_frontier(p);
  int64_t d = segplan_done(p);

  ck_assert(segplan_valid(p));
  ck_assert_int_eq(f, ref_frontier(p));
  ck_assert_int_le(f, d);
  ck_assert_int_le(d, p->size);
  ck_assert(segplan_complete(p) == (d == p->size));
  segplan_collapse(&c);
  ck_assert(segplan_valid(&c));
  ck_assert_int_eq(c.n, 1);
  ck_assert_int_eq(c.seg[0].pos, f);
  ck_assert_int_eq(segplan_done(&c), f);
}

static void
prop_check_trim(const struct sf_segplan *p, int64_t have)
{
  struct sf_segplan c = *p;
  int64_t over = segplan_trim(&c, have);

  ck_assert(segplan_valid(&c));
  ck_assert(within(&c, have));
  ck_assert_int_eq(over, ref_over(p, have));
  ck_assert_int_eq(segplan_done(&c), segplan_done(p) - over);
  if(have >= max_pos(p)) {
    ck_assert_int_eq(over, 0);
    ck_assert(memcmp(&c, p, sizeof(c)) == 0);
  }
}

/* Q, restored with HAVE bytes on disk, against D, the plan as recorded
   (disk positions). */
static void
check_restored(const struct sf_segplan *d, const struct sf_segplan *q,
               int64_t have, int64_t over)
{
  int i;

  ck_assert(segplan_valid(q));
  ck_assert(within(q, have));
  if(d->n == 1) {
    /* one stream: an open range from what the partial holds */
    ck_assert_int_eq(q->n, 1);
    ck_assert_int_eq(q->size, -1);
    ck_assert_int_eq(q->seg[0].end, -1);
    ck_assert_int_eq(q->seg[0].pos, have);
    ck_assert_int_eq(over, 0);
  }
  else if(have >= max_pos(d)) {
    ck_assert(memcmp(q, d, sizeof(*q)) == 0);
    ck_assert_int_eq(over, 0);
  }
  else {
    ck_assert_int_eq(q->n, d->n);
    ck_assert_int_eq(q->size, d->size);
    ck_assert_int_eq(over, ref_over(d, have));
    for(i = 0; i < q->n; i++) {
      const struct sf_seg *g = &q->seg[i];
      ck_assert_int_eq(g->start, d->seg[i].start);
      ck_assert_int_eq(g->end, d->seg[i].end);
      ck_assert(g->pos == d->seg[i].pos || g->pos == g->start);
    }
  }
}

/* Record P with random disk positions, write and read the state file,
   resume with HAVE bytes on disk. */
static void
prop_round_trip(uint64_t *s, const struct sf_segplan *p, int64_t have)
{
  struct sf_state a;
  struct sf_state b;
  struct sf_segplan disk_plan = *p;
  struct sf_segplan q;
  int64_t disk[SF_MAX_SEGS];
  int64_t over = -1;
  char *text;
  int i;

  for(i = 0; i < p->n; i++) {
    disk[i] = rnd(s) % 2 ? p->seg[i].pos
                         : rnd_in(s, p->seg[i].start, p->seg[i].pos);
    disk_plan.seg[i].pos = disk[i];
  }
  state_init(&a);
  state_init(&b);
  a.locator = strdup("kdocs:abc");
  a.etag = strdup("\"e1\"");
  resume_record(&a, p, disk);
  ck_assert_int_eq(a.bytes_done, segplan_done(&disk_plan));
  text = state_to_json(&a);
  ck_assert_ptr_nonnull(text);
  ck_assert_msg(state_from_json(text, &b) == SF_OK, "%s", text);
  ck_assert_int_eq(b.bytes_done, a.bytes_done);
  ck_assert_int_eq(b.n_segs, p->n > 1 ? p->n : 0);
  resume_plan(&b, have, &q, &over);
  check_restored(&disk_plan, &q, have, over);
  free(text);
  state_free(&a);
  state_free(&b);
}

START_TEST(property)
{
  uint64_t seed = 0x5eed5eed12345678ULL;
  int plans;

  for(plans = 0; plans < PROP_PLANS; plans++) {
    struct sf_segplan p;
    int64_t total;
    int cut;

    prop_split(&seed, &p, &total);
    for(cut = 0; cut < PROP_CUTS; cut++) {
      struct sf_segplan c = p;
      int64_t have;
      prop_progress(&seed, &c);
      prop_check_progress(&c);
      have = rnd(&seed) % 2 ? rnd_in(&seed, max_pos(&c), total)
                            : rnd_in(&seed, 0, total);
      prop_check_trim(&c, have);
      prop_round_trip(&seed, &c, have);
    }
  }
}
END_TEST

/* Random progress, carves, steals and compactions keep a valid plan
   that claims exactly what was received. */
START_TEST(steal_property)
{
  uint64_t seed = 0xabcdef0123456789ULL;
  int round;

  for(round = 0; round < 2000; round++) {
    struct sf_segplan p;
    bool busy[SF_MAX_SEGS];
    int map[SF_MAX_SEGS];
    int64_t total = 1 + (int64_t)(rnd(&seed) % 100000);
    int64_t done;
    int k;

    segplan_init(&p, -1);
    segplan_split(&p, total, 1 + (int)(rnd(&seed) % SF_MAX_SEGS), 1);
    for(k = 0; k < 40; k++) {
      int i = (int)(rnd(&seed) % (uint64_t)p.n);
      int64_t left = p.seg[i].end - p.seg[i].pos;
      if(left > 0)
        p.seg[i].pos += (int64_t)(rnd(&seed) % (uint64_t)left) + 1;
      done = segplan_done(&p);
      if(rnd(&seed) % 3 == 2) {
        int j = segplan_carve(&p, i, 1 + (int64_t)(rnd(&seed) % 1000),
                              1 + (int64_t)(rnd(&seed) % 100));
        ck_assert(j < 0 || (j == i + 1 && p.seg[j].pos == p.seg[j].start));
      }
      else if(rnd(&seed) % 2) {
        int j = segplan_steal(&p, 1 + (int64_t)(rnd(&seed) % 100));
        ck_assert(j < 0 || (j >= 1 && p.seg[j].pos == p.seg[j].start &&
                            p.seg[j - 1].end == p.seg[j].start));
      }
      else {
        for(i = 0; i < SF_MAX_SEGS; i++)
          busy[i] = rnd(&seed) % 4 == 0;
        segplan_compact(&p, busy, map);
      }
      ck_assert(segplan_valid(&p));
      ck_assert_int_eq(segplan_done(&p), done);
    }
  }
}
END_TEST

Suite *
suite_segplan(void)
{
  Suite *s = suite_create("segplan");
  TCase *tc = tcase_create("plan");
  TCase *pr = tcase_create("property");

  tcase_add_test(tc, init_plan);
  tcase_add_test(tc, split_even);
  tcase_add_test(tc, split_from_pos);
  tcase_add_test(tc, split_remainder);
  tcase_add_test(tc, split_limits);
  tcase_add_test(tc, split_none);
  tcase_add_test(tc, split_once);
  tcase_add_test(tc, progress);
  tcase_add_test(tc, split_pieces);
  tcase_add_test(tc, carve);
  tcase_add_test(tc, steal_largest);
  tcase_add_test(tc, steal_limits);
  tcase_add_test(tc, compact);
  tcase_add_test(tc, steal_property);
  tcase_add_test(tc, collapse);
  tcase_add_test(tc, valid_rejects_tiling);
  tcase_add_test(tc, valid_rejects_shape);
  tcase_add_test(tc, trim);
  suite_add_tcase(s, tc);
  tcase_add_test(pr, property);
  tcase_set_timeout(pr, 60);
  suite_add_tcase(s, pr);
  return s;
}
