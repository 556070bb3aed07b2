/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Human messages on stderr; the only module that writes them. */
#ifndef SIGFETCH_LOG_H
#define SIGFETCH_LOG_H

#include "options.h"

enum sf_log_level {
  SF_LOG_ERROR,   /* always shown */
  SF_LOG_WARN,    /* hidden by -q */
  SF_LOG_INFO,    /* hidden by -q */
  SF_LOG_DEBUG    /* shown with -v */
};

/* Print one message line "sigfetch: ..." on stderr at LEVEL.  URLs and
   headers in the arguments must already be redacted (see redact.h); the
   configured secrets are masked here.  The text is one line. */
void log_msg(const struct sf_options *opts, enum sf_log_level level,
             const char *fmt, ...) SF_PRINTF(3, 4);

/* With -v: print one protocol line (PREFIX "> " or "< "), redacted here. */
void log_wire(const struct sf_options *opts, const char *prefix,
              const char *line, size_t len);

#endif /* SIGFETCH_LOG_H */
