/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Result lines: --json on stdout, a human line on stderr. */
#ifndef SIGFETCH_REPORT_H
#define SIGFETCH_REPORT_H

#include "download.h"

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
