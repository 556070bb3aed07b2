/* SPDX-License-Identifier: GPL-3.0-or-later */
/* log.c writes every human message to stderr.  On a terminal it first
   clears the line, so a progress bar drawn there never garbles a message. */
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

static void
clear_line(void)
{
  if(isatty(STDERR_FILENO))
    fputs("\r\033[K", stderr);
}

void
log_msg(const struct sf_options *opts, enum sf_log_level level,
        const char *fmt, ...)
{
  va_list ap;

  if(!level_shown(opts, level))
    return;
  clear_line();
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
}

void
log_wire(const struct sf_options *opts, const char *prefix, const char *line,
         size_t len)
{
  char *shown;

  if(!level_shown(opts, SF_LOG_DEBUG))
    return;
  shown = redact_header_line(line, len);
  if(!shown)
    return;
  if(*shown) {
    clear_line();
    fprintf(stderr, "%s%s\n", prefix, shown);
  }
  free(shown);
}
