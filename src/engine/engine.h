/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The transfer engine: one libcurl multi handle, one thread, any number
   of files at once. */
#ifndef SIGFETCH_ENGINE_H
#define SIGFETCH_ENGINE_H

#include "system.h"

#include <signal.h>

#include "download.h"

/* Where downloads come from and where their results go. */
struct sf_engine_source {
  /* The next download, or NULL when there are no more.  Called only when
     a slot is free, so a long list is never held in memory at once. */
  struct sf_download *(*next)(void *ud);
  /* DL ended with RES; the callee reports and frees DL. */
  void (*done)(void *ud, struct sf_download *dl, const struct sf_result *res);
  /* The active files now (called often; the callee rate-limits), or
     NULL for no progress display. */
  void (*progress)(void *ud, const struct sf_progress_item *items,
                   size_t n);
  void *ud;
};

/* Run every download of SRC, at most OPTS->jobs at once.  Returns SF_OK,
   or SF_E_INTERRUPTED / SF_E_TERMINATED when *STOP became SIGINT /
   SIGTERM (running files keep their partial and state). */
enum sf_err engine_run(const struct sf_options *opts,
                       const struct sf_engine_source *src,
                       volatile sig_atomic_t *stop);

#endif /* SIGFETCH_ENGINE_H */
