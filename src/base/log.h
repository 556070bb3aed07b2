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

/* --log-file: open PATH for appending (created 0600 if missing) into
   *OUT; 0, or the errno why it cannot be opened.  Symbolic links are
   followed: the path is the user's own choice, as with curl --stderr or
   wget -a. */
int log_file_open(const char *path, struct sf_log **out);

/* Close the log file (NULL is fine): 0, or the errno of the first write
   or of the close that failed. */
int log_file_close(struct sf_log *lf);

#endif /* SIGFETCH_LOG_H */
