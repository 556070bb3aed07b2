/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Result lines: --json on stdout, a human line on stderr. */
#ifndef SIGFETCH_REPORT_H
#define SIGFETCH_REPORT_H

#include "download.h"

/* What a run's results add up to, for its end-of-run line. */
struct sf_tally {
  size_t ok;
  size_t skipped;
  size_t failed;
  size_t by_code[SF_E_COUNT]; /* failures by error code */
  int64_t bytes;              /* body bytes received, over all files */
};

/* Count RES into T. */
void report_tally(struct sf_tally *t, const struct sf_result *res);

/* The end-of-run line of CLI.md ("sigfetch: N files: ...") on stderr (and
   the log file), for a run of more than one file and without -q. */
void report_summary(const struct sf_options *opts, const struct sf_tally *t,
                    double elapsed_s);

/* Report how DL ended.  SF_E_IO when stdout could not be written. */
enum sf_err report_result(const struct sf_options *opts,
                          const struct sf_download *dl,
                          const struct sf_result *res);

/* --resolve-only: the line for DL (resolved) or its failure ERR (code
   set).  URL queries and header values are masked unless --show-secrets.
   SF_E_IO when stdout could not be written. */
enum sf_err report_resolved(const struct sf_options *opts,
                            const struct sf_download *dl,
                            const struct sf_error *err);

#endif /* SIGFETCH_REPORT_H */
