/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Progress display on stderr: bar, plain lines, or nothing. */
#ifndef SIGFETCH_PROGRESS_H
#define SIGFETCH_PROGRESS_H

#include "download.h"

struct sf_progress;

/* A display for OPTS->progress (auto: bar on a terminal, else none).
   NULL when there is nothing to show. */
struct sf_progress *progress_new(const struct sf_options *opts);

/* Show ITEMS (the active files); rate-limited inside. */
void progress_update(struct sf_progress *p,
                     const struct sf_progress_item *items, size_t n);

/* DONE of ALL files have finished (ALL 0: unknown), for the total line
   "12/20 files". */
void progress_count(struct sf_progress *p, size_t done, size_t all);

/* A final line for a finished file of BYTES, MOVED of them transferred
   in ELAPSED_S seconds. */
void progress_done(struct sf_progress *p, const char *name, int64_t bytes,
                   int64_t moved, double elapsed_s);

/* NAME in exactly WIDTH terminal columns into OUT (LEN bytes): padded
   with spaces, or cut and ended with an ellipsis ("\u2026", or "..." when
   the locale is not UTF-8); widths by wcwidth() under the user's locale
   (CJK characters take 2). */
void progress_fit_name(const char *name, int width, char *out, size_t len);

/* Clear the bar line and free. */
void progress_free(struct sf_progress *p);

#endif /* SIGFETCH_PROGRESS_H */
