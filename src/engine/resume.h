/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The rules of resuming: whether a partial file found beside the output
   belongs to this download, what of it may be kept, and what a state
   file records about it. */
#ifndef SIGFETCH_RESUME_H
#define SIGFETCH_RESUME_H

#include "state.h"

/* What this run wants: the state it would write, and what the user or
   the provider expects (size -1 / sha1 "" when unknown). */
struct sf_resume_want {
  const char *locator;       /* without its query */
  int64_t size;
  const char *sha1;
  bool checksum;             /* any checksum is known (sha1 or another) */
};

/* May the partial of HAVE bytes that OLD describes be resumed for W?  It
   must be the same locator, fit the sizes, and something must vouch that
   its bytes are this file's: a validator the server checks (If-Range), or
   a size or checksum this run checks the whole file against at the end
   (CLI.md "Resume without validators"). */
bool resume_matches(const struct sf_state *old, int64_t have,
                    const struct sf_resume_want *w);

/* Is OLD this locator's partial, refused only because nothing proves its
   bytes (no validator recorded, nothing known to verify)? */
bool resume_unproven(const struct sf_state *old,
                     const struct sf_resume_want *w);

/* The plan a kept partial resumes with: OLD's segments, or one segment
   up to HAVE.  A plan never claims bytes past HAVE: *OVER gets what OLD
   claimed beyond the file (those bytes are fetched again). */
void resume_plan(const struct sf_state *old, int64_t have,
                 struct sf_segplan *plan, int64_t *over);

/* Record PLAN in ST, each segment only as far as DISK[i] (what is on
   disk of it; the rest is still in memory).  One segment is recorded
   as bytes_done alone. */
void resume_record(struct sf_state *st, const struct sf_segplan *plan,
                   const int64_t *disk);

/* OLD was written in another boot (a power loss may have come since):
   keep only its durable claims (none when it has none). */
void resume_after_reboot(struct sf_state *old);

/* What of the restored PLAN this run may count as durable: OLD's
   durable claims, never past the plan's positions, into DUR. */
void resume_durable(const struct sf_state *old,
                    const struct sf_segplan *plan, int64_t *dur);

/* Record DUR (how far each segment of PLAN is durable) and BOOT_ID in
   ST, beside the written claims resume_record put there. */
void resume_record_durable(struct sf_state *st,
                           const struct sf_segplan *plan,
                           const int64_t *dur, const char *boot_id);

#endif /* SIGFETCH_RESUME_H */
