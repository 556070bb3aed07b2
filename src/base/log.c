/* SPDX-License-Identifier: GPL-3.0-or-later */
/* log.c writes every human message to stderr, each one masked by
   redact.c first.  On a terminal it first clears the line, so a progress
   bar drawn there never garbles a message. */
#include "log.h"

#include <stdarg.h>
#include <unistd.h>

#include "redact.h"

static bool
level_shown(const struct sf_options *opts, enum sf_log_level level)
{
  if(level == SF_LOG_ERROR)
    return true;
  if(opts && opts->quiet)
    return false;
  if(level == SF_LOG_DEBUG)
    return opts && opts->verbose > 0;
  return true;
}

/* On a terminal the progress area sits below the cursor: clear it, the
   message takes its place and the area is redrawn under it. */
static void
clear_line(void)
{
  if(isatty(STDERR_FILENO))
    fputs("\r\033[J", stderr);
}

void
log_msg(const struct sf_options *opts, enum sf_log_level level,
        const char *fmt, ...)
{
  char buf[4096];
  va_list ap;

  if(!level_shown(opts, level))
    return;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof(buf), fmt, ap);
  va_end(ap);
  /* a provider may echo a credential in its error text */
  redact_secrets(buf);
  clear_line();
  fprintf(stderr, "%s\n", buf);
}

void
log_wire(const struct sf_options *opts, const char *prefix, const char *line,
         size_t len)
{
  char *shown;

  if(!level_shown(opts, SF_LOG_DEBUG))
    return;
  shown = prefix[0] == '>' ? redact_request_line_out(line, len)
                           : redact_header_line(line, len);
  if(!shown)
    return;
  if(*shown) {
    clear_line();
    fprintf(stderr, "%s%s\n", prefix, shown);
  }
  free(shown);
}
