/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Pure parsers for HTTP response header values (fuzzable, no I/O). */
#ifndef SIGFETCH_HDR_H
#define SIGFETCH_HDR_H

#include "system.h"

/* Parse a Content-Range value: "bytes A-B/N", or the unsatisfied form
   (an asterisk, a slash, N).  START and END are -1 for the unsatisfied
   form, TOTAL is -1 for an asterisk total.  False when malformed. */
bool hdr_content_range(const char *value, int64_t *start, int64_t *end,
                       int64_t *total);

/* The file name from a Content-Disposition value (filename*=UTF-8''...
   preferred over filename=), percent-decoded and unsanitised; NULL when
   none.  Caller frees. */
char *hdr_disposition_filename(const char *value);

#endif /* SIGFETCH_HDR_H */
