/* SPDX-License-Identifier: GPL-3.0-or-later */
/* --metrics: a run's figures in the Prometheus text format. */
#ifndef SIGFETCH_METRICS_H
#define SIGFETCH_METRICS_H

#include "system.h"

#include <time.h>

#include "error.h"

/* What a run did, as --metrics reports it (CLI.md "Metrics"). */
struct sf_metrics {
  long ok;
  long skipped;
  long failed;
  int64_t bytes;            /* body bytes received */
  double seconds;           /* wall time */
  int exit_code;
  time_t ended;             /* wall clock at the end */
  unsigned long shard_k;    /* shard_n 0: no --shard */
  unsigned long shard_n;
};

/* May PATH be written at the end of the run: does its directory exist
   (a directory we can write in)?  False with errno set. */
bool metrics_dir_ok(const char *path);

/* The text of M into a malloc'd string; the last success's time is M's
   end when it succeeded, else LAST_SUCCESS (0: none, the line is left
   out).  NULL when out of memory. */
char *metrics_text(const struct sf_metrics *m, time_t last_success);

/* The last success's time in the metrics text TEXT (an earlier run's
   FILE), or 0. */
time_t metrics_last_success(const char *text);

/* Replace PATH with M's text atomically (temporary file beside PATH,
   then a rename), keeping the last success's time from the PATH it
   replaces when this run failed.  SF_E_IO / SF_E_DISK_FULL with errno
   set, SF_E_NOMEM. */
enum sf_err metrics_write(const char *path, const struct sf_metrics *m);

#endif /* SIGFETCH_METRICS_H */
