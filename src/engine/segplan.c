/* SPDX-License-Identifier: GPL-3.0-or-later */
/* segplan.c owns the arithmetic of segmented downloads: splitting the
   rest of a file among connections, what is done, what is contiguous,
   and the checks a plan read back from a state file must pass.  Nothing
   here touches a file or a socket. */
#include "segplan.h"

void
segplan_init(struct sf_segplan *p, int64_t size)
{
  memset(p, 0, sizeof(*p));
  p->n = 1;
  p->size = size;
  p->seg[0].end = size;
}

int
segplan_split(struct sf_segplan *p, int64_t total, int n, int64_t min)
{
  int64_t from;
  int64_t rest;
  int64_t piece;
  int i;

  if(p->n != 1 || total < 0 || p->seg[0].pos > total)
    return p->n;
  p->size = total;
  p->seg[0].end = total;
  from = p->seg[0].pos;
  rest = total - from;
  if(min < 1)
    min = 1;
  if(n > SF_MAX_SEGS)
    n = SF_MAX_SEGS;
  if((int64_t)n > rest / min)
    n = (int)(rest / min);
  if(n < 2)
    return 1;
  piece = rest / n;
  p->seg[0].end = from + piece;
  for(i = 1; i < n; i++) {
    p->seg[i].start = p->seg[i].pos = from + piece * i;
    p->seg[i].end = i == n - 1 ? total : from + piece * (i + 1);
  }
  p->n = n;
  return n;
}

int
segplan_split_pieces(struct sf_segplan *p, int64_t total, int n,
                     int64_t piece, int64_t min)
{
  int64_t from;
  int i;

  if(p->n != 1 || total < 0 || p->seg[0].pos > total)
    return p->n;
  if(min < 1)
    min = 1;
  if(piece < min)
    piece = min;
  if(n > SF_MAX_SEGS - 1)
    n = SF_MAX_SEGS - 1;
  from = p->seg[0].pos;
  if(n < 2 || total - from - (int64_t)n * piece < min)
    return segplan_split(p, total, n, min);
  p->size = total;
  for(i = 0; i < n; i++) {
    p->seg[i].start = p->seg[i].pos = from + piece * i;
    p->seg[i].end = from + piece * (i + 1);
  }
  p->seg[0].start = 0;
  p->seg[0].pos = from;
  p->seg[n].start = p->seg[n].pos = from + piece * n;
  p->seg[n].end = total;
  p->n = n + 1;
  return p->n;
}

/* Insert [at, end of I) after segment I, which now ends at AT. */
static void
cut_at(struct sf_segplan *p, int i, int64_t at)
{
  memmove(&p->seg[i + 2], &p->seg[i + 1],
          sizeof(p->seg[0]) * (size_t)(p->n - i - 1));
  p->seg[i + 1].start = p->seg[i + 1].pos = at;
  p->seg[i + 1].end = p->seg[i].end;
  p->seg[i].end = at;
  p->n++;
}

int
segplan_carve(struct sf_segplan *p, int i, int64_t len, int64_t min)
{
  const struct sf_seg *g = &p->seg[i];

  if(p->n >= SF_MAX_SEGS || g->end < 0 || len < 1 ||
     g->end - g->pos - len < (min < 1 ? 1 : min))
    return -1;
  cut_at(p, i, g->pos + len);
  return i + 1;
}

int
segplan_steal(struct sf_segplan *p, int64_t min)
{
  int64_t best = 0;
  int64_t mid;
  int j = -1;
  int i;

  if(p->size < 0 || p->n >= SF_MAX_SEGS)
    return -1;
  if(min < 1)
    min = 1;
  for(i = 0; i < p->n; i++) {
    int64_t left = p->seg[i].end - p->seg[i].pos;
    if(p->seg[i].end >= 0 && left > best) {
      best = left;
      j = i;
    }
  }
  if(j < 0 || best / 2 < min)
    return -1;
  mid = p->seg[j].pos + best / 2;
  cut_at(p, j, mid);
  return j + 1;
}

/* Is G all received? */
static bool
seg_done(const struct sf_seg *g)
{
  return g->end >= 0 && g->pos == g->end;
}

int
segplan_compact(struct sf_segplan *p, const bool *busy, int *map)
{
  int64_t carry = -1;   /* start of complete segments merged forward */
  int n = 0;
  int i;

  for(i = 0; i < p->n; i++) {
    struct sf_seg g = p->seg[i];
    if(carry >= 0)
      g.start = carry;
    carry = -1;
    if(seg_done(&g) && !busy[i] && i < p->n - 1) {
      carry = g.start;
      map[i] = -1;
      continue;
    }
    if(seg_done(&g) && !busy[i] && n > 0 && seg_done(&p->seg[n - 1]) &&
       p->seg[n - 1].end == g.start) {
      /* the last one: into a complete one before it */
      p->seg[n - 1].end = p->seg[n - 1].pos = g.end;
      map[i] = -1;
      continue;
    }
    p->seg[n] = g;
    map[i] = n++;
  }
  p->n = n;
  return n;
}

int64_t
segplan_frontier(const struct sf_segplan *p)
{
  int64_t f = 0;
  int i;

  for(i = 0; i < p->n; i++) {
    f = p->seg[i].pos;
    if(p->seg[i].pos != p->seg[i].end)
      break;
  }
  return f;
}

void
segplan_collapse(struct sf_segplan *p)
{
  int64_t f = segplan_frontier(p);
  int64_t size = p->size;

  segplan_init(p, size);
  p->seg[0].pos = f;
}

int64_t
segplan_done(const struct sf_segplan *p)
{
  int64_t n = 0;
  int i;

  for(i = 0; i < p->n; i++)
    n += p->seg[i].pos - p->seg[i].start;
  return n;
}

bool
segplan_complete(const struct sf_segplan *p)
{
  int i;

  if(p->size < 0)
    return false;
  for(i = 0; i < p->n; i++)
    if(p->seg[i].pos != p->seg[i].end)
      return false;
  return true;
}

bool
segplan_valid(const struct sf_segplan *p)
{
  int64_t next = 0;
  int i;

  if(p->n < 1 || p->n > SF_MAX_SEGS)
    return false;
  for(i = 0; i < p->n; i++) {
    const struct sf_seg *g = &p->seg[i];
    bool open = g->end < 0;
    if(g->start != next || g->pos < g->start ||
       (open && (i != p->n - 1 || p->size >= 0)) ||
       (!open && (g->pos > g->end || g->end < g->start)))
      return false;
    next = g->end;
  }
  return p->size < 0 ? p->n == 1 : next == p->size;
}

int64_t
segplan_trim(struct sf_segplan *p, int64_t have)
{
  int64_t over = 0;
  int i;

  for(i = 0; i < p->n; i++) {
    struct sf_seg *g = &p->seg[i];
    if(g->pos > have) {
      /* a claim past the end is a lie: none of this range is trusted */
      over += g->pos - g->start;
      g->pos = g->start;
    }
  }
  return over;
}
