/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The segment plan of one file: which byte ranges exist, how far each has
   come.  Pure data and arithmetic, no I/O, so every interruption point
   can be unit-tested. */
#ifndef SIGFETCH_SEGPLAN_H
#define SIGFETCH_SEGPLAN_H

#include "system.h"

/* Segments of a plan: room for 16 connections' pieces, the rest of the
   file not yet handed out, and what completes meanwhile. */
#define SF_MAX_SEGS 32

/* Bytes [start, end) of the file, received up to pos (start <= pos <=
   end).  end is -1 while the size is unknown (a single open range). */
struct sf_seg {
  int64_t start;
  int64_t pos;
  int64_t end;
};

/* Segments tile [0, size) in file order; n >= 1 always.  A file fetched
   over one connection is one segment. */
struct sf_segplan {
  struct sf_seg seg[SF_MAX_SEGS];
  int n;
  int64_t size;      /* -1 unknown */
};

/* One open segment [0, size) with nothing received (SIZE may be -1). */
void segplan_init(struct sf_segplan *p, int64_t size);

/* Split what segment 0 has left among N connections (at most
   SF_MAX_SEGS), no piece smaller than MIN.  Only a plan of one segment
   whose size is now known as TOTAL is split; returns the number of
   segments afterwards (1: not split). */
int segplan_split(struct sf_segplan *p, int64_t total, int n, int64_t min);

/* A connection is free and every segment has one: split the segment
   with the most bytes left (from its pos) in two, the upper half a new
   segment right after it (later segments move up one).  Neither half is
   below MIN bytes, and a full plan (SF_MAX_SEGS) is not split.  Returns
   the new segment's index, or -1 when nothing is worth splitting. */
int segplan_steal(struct sf_segplan *p, int64_t min);

/* Make room: merge each complete segment that BUSY[i] does not pin into
   the segment after it (the last one into a complete one before it).
   MAP[i] gets segment i's new index, -1 when it was merged away.
   Returns the number of segments afterwards. */
int segplan_compact(struct sf_segplan *p, const bool *busy, int *map);

/* Split what segment 0 has left into N pieces of PIECE bytes from its
   pos and one more segment for the rest, handed out piece by piece
   (segplan_carve()) so that the file completes roughly in order.  When
   N pieces cover the rest, it is segplan_split() (N, MIN).  Only a plan
   of one segment whose size is now known as TOTAL is split; returns the
   number of segments afterwards (1: not split). */
int segplan_split_pieces(struct sf_segplan *p, int64_t total, int n,
                         int64_t piece, int64_t min);

/* Cut segment I after LEN more bytes (from its pos) when what is left
   behind is at least MIN: the remainder becomes a new segment right
   after it.  Returns the new segment's index, -1 when I stays whole. */
int segplan_carve(struct sf_segplan *p, int i, int64_t len, int64_t min);

/* Give up segments: one segment again, keeping only what is contiguous
   from byte 0 (the frontier). */
void segplan_collapse(struct sf_segplan *p);

/* Bytes received over all segments. */
int64_t segplan_done(const struct sf_segplan *p);

/* Length of the prefix [0, frontier) that is wholly received. */
int64_t segplan_frontier(const struct sf_segplan *p);

/* True when the size is known and every segment is complete. */
bool segplan_complete(const struct sf_segplan *p);

/* Does P describe a valid plan for a file of SIZE bytes (-1 unknown)?
   Segments tile [0, SIZE) in order, each pos inside its range. */
bool segplan_valid(const struct sf_segplan *p);

/* Never claim bytes past HAVE (the partial file's length): a segment
   that claims more than the file holds is not trusted at all (its pos
   goes back to its start: what lies below HAVE may be a hole).  Returns
   the bytes no longer claimed (0 when the plan was consistent). */
int64_t segplan_trim(struct sf_segplan *p, int64_t have);

#endif /* SIGFETCH_SEGPLAN_H */
