/* SPDX-License-Identifier: GPL-3.0-or-later */
/* log.c writes every human message to stderr, each one masked by
   redact.c first.  On a terminal it first clears the line, so a progress
   bar drawn there never garbles a message.  With --log-file the same
   (already masked) text is appended to the log file too, each line
   stamped with the UTC time. */
#include "log.h"

#include <fcntl.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "redact.h"

/* The --log-file; WRITE_ERRNO: why the first failed write failed. */
struct sf_log {
  int fd;
  int write_errno;
};

/* Open PATH for appending.  A symbolic link at PATH is followed only
   when it is ours or root's (/dev/stderr, /dev/fd/N, a link we made): in
   a directory others can write, a link someone else planted would have
   our messages, parts of which a server chooses, appended to a file of
   ours.  Non-blocking: a FIFO without a reader fails (ENXIO) instead of
   hanging the run.  The fd, or -1 with errno set. */
static int
open_append(const char *path)
{
  const int flags = O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOCTTY |
                    O_NONBLOCK;
  struct stat link;
  struct stat opened;
  struct stat now;
  int fd = open(path, flags | O_NOFOLLOW, 0600);

  /* a link makes that open fail (ELOOP; some kernels say EACCES) */
  if(fd < 0 && !lstat(path, &link) && S_ISLNK(link.st_mode)) {
    if(link.st_uid != geteuid() && link.st_uid != 0) {
      errno = EPERM;
      return -1;
    }
    fd = open(path, flags, 0600);
    /* the link still names what was opened (not swapped meanwhile) */
    if(fd >= 0 && (lstat(path, &now) || now.st_uid != link.st_uid ||
                   stat(path, &now) || fstat(fd, &opened) ||
                   now.st_dev != opened.st_dev ||
                   now.st_ino != opened.st_ino)) {
      close(fd);
      errno = EPERM;
      return -1;
    }
  }
  /* blocking again: a message is written whole or the failure kept */
  if(fd >= 0 && fcntl(fd, F_SETFL, O_APPEND)) {
    int e = errno;
    close(fd);
    errno = e;
    return -1;
  }
  return fd;
}

int
log_file_open(const char *path, struct sf_log **out)
{
  struct sf_log *lf = calloc(1, sizeof(*lf));

  *out = NULL;
  if(!lf)
    return ENOMEM;
  /* O_APPEND: one write(2) per message lands whole at the end even when
     several runs share the file */
  lf->fd = open_append(path);
  if(lf->fd < 0) {
    int e = errno;
    free(lf);
    return e;
  }
  *out = lf;
  return 0;
}

int
log_file_close(struct sf_log *lf)
{
  int e;

  if(!lf)
    return 0;
  e = lf->write_errno;
  if(close(lf->fd) && !e)
    e = errno;
  free(lf);
  return e;
}

/* Write all of BUF to LF; a failure (disk full) is kept for
   log_file_close, the run goes on. */
static void
log_file_write(struct sf_log *lf, const char *buf, size_t len)
{
  while(len) {
    ssize_t n = write(lf->fd, buf, len);
    if(n < 0 && errno == EINTR)
      continue;
    if(n <= 0) {
      if(!lf->write_errno)
        lf->write_errno = n < 0 ? errno : ENOSPC;
      return;
    }
    buf += n;
    len -= (size_t)n;
  }
}

/* Append TEXT to the --log-file of OPTS, if any: every line of it
   "STAMP PREFIXline", STAMP the UTC time in ISO 8601. */
static void
log_to_file(const struct sf_options *opts, const char *prefix,
            const char *text)
{
  char stamp[32];
  struct tm tm;
  time_t now = time(NULL);
  size_t lines = 1;
  size_t per;
  size_t n = 0;
  char *buf;
  const char *p;

  if(!opts || !opts->log)
    return;
  if(!gmtime_r(&now, &tm) ||
     !strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ ", &tm))
    stamp[0] = '\0';
  for(p = text; *p; p++)
    lines += *p == '\n';
  per = strlen(stamp) + strlen(prefix) + 1;
  buf = malloc(strlen(text) + lines * per + 1);
  if(!buf)
    return;
  for(p = text; *p || p == text; ) {
    size_t len = strcspn(p, "\n");
    size_t shown = len;
    if(shown && p[shown - 1] == '\r')
      shown--;
    n += (size_t)snprintf(buf + n, per + shown + 1, "%s%s%.*s\n", stamp,
                          prefix, (int)shown, p);
    p += len;
    if(!*p)
      break;
    p++;
  }
  log_file_write(opts->log, buf, n);
  free(buf);
}

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
  char shown[4096];
  va_list ap;

  if(!level_shown(opts, level))
    return;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof(buf), fmt, ap);
  va_end(ap);
  /* a provider may echo a credential in its error text */
  redact_secrets(buf);
  /* nor may a locator, a name or a provider's text drive the terminal */
  redact_controls(buf, shown, sizeof(shown), true);
  clear_line();
  fprintf(stderr, "%s\n", shown);
  log_to_file(opts, "", shown);
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
    log_to_file(opts, prefix, shown);
  }
  free(shown);
}
