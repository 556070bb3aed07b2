/* SPDX-License-Identifier: GPL-3.0-or-later */
/* transfer_seg.c decides which connection fetches which bytes of a
   segmented download: the split into pieces (at once when the size is
   known, else at the first response), a piece of the rest for each free
   connection in file order, and at the end half of the largest rest
   (aria2's way), moving the streams and the durable claims with the
   plan.  segplan.c does the arithmetic; nothing here changes a phase or
   finishes a file. */
#include "transfer_int.h"

/* No segment is made smaller than this, at the start or when a free
   connection takes half of another's rest (aria2's -k default).  Each
   piece costs one more request: a round trip on a kept-alive
   connection, and a new connection for one cut short at its new end.
   Pieces are about an eighth of a connection's share, so this floor
   only matters for files of less than 8 MiB per connection; below it
   the requests would cost more than an uneven tail does. */
#define SEG_MIN (1024 * 1024)
/* The file is handed out in pieces, about this many per connection, in
   file order: it completes roughly in order, so it is hashed while it
   arrives instead of read back at the end, and each connection asks
   only a few more requests (keep-alive: a round trip each). */
#define PIECES_PER_CONN 8
#define PIECE_MAX (64 * 1024 * 1024)
/* A file is split only when at least twice this much is left: two
   pieces. */
#define SPLIT_MIN SEG_MIN
#define SEG_FLUSH (16 * 1024)       /* segments write this often */

/* The size is known before the first request (--size, the provider, the
   state): split now, so that the first request asks for its own
   segment only, not for bytes the others fetch too.  The others start
   once its response showed that ranges work (transfer_body.c). */
void
tseg_split_early(struct sf_transfer *t)
{
  int64_t size = t->plan.size >= 0 ? t->plan.size : t->st.size;

  if(t->opts->connections < 2 || t->to_stdout || t->plan.n > 1 ||
     size <= 0 || t->plan.seg[0].pos >= size || transfer_split(t, size) < 2)
    return;
  t->presplit = true;
}

/* The piece a free connection takes of a segment nobody fetches: about
   PIECES_PER_CONN per connection of what is left. */
static int64_t
piece_size(const struct sf_transfer *t, int64_t left)
{
  int64_t c = left / (PIECES_PER_CONN * t->opts->connections);

  if(c < SEG_MIN)
    c = SEG_MIN;
  return c < PIECE_MAX ? c : PIECE_MAX;
}

int
transfer_split(struct sf_transfer *t, int64_t total)
{
  int64_t left = total - t->plan.seg[0].pos;
  int n;

  if(left < 2 * SPLIT_MIN)
    return 1;
  t->piece = piece_size(t, left);
  n = segplan_split_pieces(&t->plan, total, (int)t->opts->connections,
                           t->piece, SEG_MIN);
  if(n < 2)
    return n;
  for(int k = 1; k < n; k++)
    t->dur[k] = t->plan.seg[k].start;
  t->plan_gen++;
  sink_set_flush(t->sink, SEG_FLUSH);
  return n;
}

/* May a free connection take part of another's segment? */
static bool
may_rebalance(const struct sf_transfer *t)
{
  return t->opts->connections > 1 && !t->to_stdout && !t->no_split &&
         t->ranges_ok && t->plan.size > 0;
}

/* Move the durable claims and the streams with the plan after
   segplan_compact() (MAP) of the plan OLD: a merged segment is durable
   up to the first gap of its parts. */
static void
remap_segments(struct sf_transfer *t, const struct sf_segplan *old,
               const int *map)
{
  int64_t dur[SF_MAX_SEGS];
  int i;
  int m;

  for(m = 0; m < t->plan.n; m++) {
    const struct sf_seg *ns = &t->plan.seg[m];
    dur[m] = ns->start;
    for(i = 0; i < old->n; i++) {
      const struct sf_seg *os = &old->seg[i];
      if(os->start < ns->start || os->start >= ns->end)
        continue;
      dur[m] = t->dur[i];
      if(t->dur[i] < os->end)
        break;
    }
  }
  memcpy(t->dur, dur, sizeof(dur[0]) * (size_t)t->plan.n);
  for(i = 0; i < SF_MAX_SEGS; i++)
    if(t->s[i].idx >= 0)
      t->s[i].idx = map[t->s[i].idx];
  t->plan_gen++;
}

/* Before a segment is cut in two, with the plan (nearly) full: merge the
   complete segments nobody holds into their neighbours. */
static void
make_room(struct sf_transfer *t)
{
  bool busy[SF_MAX_SEGS] = { false };
  struct sf_segplan old;
  int map[SF_MAX_SEGS];
  int i;

  if(t->plan.n < SF_MAX_SEGS - 1)
    return;
  for(i = 0; i < SF_MAX_SEGS; i++)
    if(t->s[i].idx >= 0)
      busy[t->s[i].idx] = true;
  old = t->plan;
  if(segplan_compact(&t->plan, busy, map) < old.n)
    remap_segments(t, &old, map);
}

/* Every segment has a connection and one is free: split the segment
   with the most bytes left, the upper half for the free one (aria2's
   way).  Its stream stops exactly at the new end (transfer_body.c).
   Returns the new segment's index, -1 when none is worth it. */
static int
rebalance(struct sf_transfer *t)
{
  int j;
  int i;

  if(!may_rebalance(t))
    return -1;
  make_room(t);
  j = segplan_steal(&t->plan, SEG_MIN);
  if(j < 0)
    return -1;
  memmove(&t->dur[j + 1], &t->dur[j],
          sizeof(t->dur[0]) * (size_t)(t->plan.n - j - 1));
  t->dur[j] = t->plan.seg[j].start;
  for(i = 0; i < SF_MAX_SEGS; i++)
    if(t->s[i].idx >= j)
      t->s[i].idx++;
  t->plan_gen++;
  transfer_log_steal(t, j);
  if(t->state_saved && transfer_save_state(t, false))
    return -1; /* t->err says why; the next write fails the file */
  return j;
}

/* A segment with bytes left and no connection (the lowest), or -1. */
static int
unowned_segment(struct sf_transfer *t)
{
  int i;

  for(i = 0; i < t->plan.n; i++) {
    const struct sf_seg *seg = &t->plan.seg[i];
    if((seg->end < 0 || seg->pos < seg->end) && !transfer_seg_stream(t, i))
      return i;
  }
  return -1;
}

/* A piece of segment J (nobody fetches it) for a free connection: its
   first bytes, the rest stays for the next one.  Returns J's index
   afterwards (making room may move it). */
static int
take_piece(struct sf_transfer *t, int j)
{
  int64_t left = t->plan.size - segplan_done(&t->plan);
  int k;

  if(t->opts->connections < 2 || t->plan.n < 2 || t->plan.size <= 0 ||
     t->no_split)
    return j; /* one connection, or not split: each segment whole */
  if(t->plan.n >= SF_MAX_SEGS - 1) {
    make_room(t); /* J is not complete: it moves, it is not merged away */
    j = unowned_segment(t);
  }
  if(segplan_carve(&t->plan, j, t->piece ? t->piece : piece_size(t, left),
                   SEG_MIN) < 0)
    return j;
  memmove(&t->dur[j + 2], &t->dur[j + 1],
          sizeof(t->dur[0]) * (size_t)(t->plan.n - j - 2));
  t->dur[j + 1] = t->plan.seg[j + 1].start;
  for(k = 0; k < SF_MAX_SEGS; k++)
    if(t->s[k].idx > j)
      t->s[k].idx++;
  t->plan_gen++;
  return j;
}

/* Give free connections work, at most -x of them busy: pieces of
   segments nobody fetches first, then halves of the largest rests.
   Until the first response of an early split showed that ranges work,
   only segment 0. */
void
tseg_assign_free(struct sf_transfer *t)
{
  int cap = t->opts->connections < SF_MAX_SEGS
            ? (int)t->opts->connections : SF_MAX_SEGS;
  int busy = 0;
  int i;

  for(i = 0; i < SF_MAX_SEGS; i++)
    busy += t->s[i].idx >= 0;
  if(cap < 1)
    cap = 1;
  for(i = 0; i < SF_MAX_SEGS && busy < cap; i++) {
    struct stream *g = &t->s[i];
    int j;
    if(g->idx >= 0 || g->running)
      continue;
    j = unowned_segment(t);
    /* until a 206 shows that ranges work: one request per connection
       (and never none) */
    if(j > 0 && !t->ranges_ok && busy > 0 &&
       (t->presplit || t->unproven >= cap))
      return;
    j = j >= 0 ? take_piece(t, j) : rebalance(t);
    if(j < 0)
      return;
    t->unproven += !t->ranges_ok;
    g->idx = j;
    g->wake = 0;
    busy++;
  }
}

