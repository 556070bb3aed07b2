/* SPDX-License-Identifier: GPL-3.0-or-later */
/* metrics.c owns --metrics: the run's figures in the Prometheus text
   format, written as the node_exporter textfile collector wants them
   (a temporary file beside FILE renamed over it, so that a scrape never
   sees half a file), and the last success carried over from the FILE an
   earlier run left.  It prints nothing: run.c reports failures. */
#include "metrics.h"

#include <ctype.h>
#include <fcntl.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic.h"
#include "num.h"

#define LAST_SUCCESS "sigfetch_last_success_timestamp_seconds"
#define METRICS_MAX 4096     /* an earlier FILE read back: ours are ~1 KiB */

bool
metrics_dir_ok(const char *path)
{
  char *dir = strdup(path);
  char *slash = dir ? strrchr(dir, '/') : NULL;
  bool ok;

  if(!dir)
    return false;
  if(slash == dir)
    slash[1] = '\0';
  else if(slash)
    *slash = '\0';
  ok = !access(slash ? dir : ".", W_OK | X_OK);
  free(dir);
  return ok;
}

/* Append to the growing text BUF (LEN used of CAP); false when full. */
static bool SF_PRINTF(4, 5)
add(char *buf, size_t *len, size_t cap, const char *fmt, ...)
{
  va_list ap;
  int n;

  va_start(ap, fmt);
  n = vsnprintf(buf + *len, cap - *len, fmt, ap);
  va_end(ap);
  if(n < 0 || (size_t)n >= cap - *len)
    return false;
  *len += (size_t)n;
  return true;
}

/* One gauge: HELP and TYPE, then its sample with LABEL (a status label
   or ""), the shard label added. */
static bool
gauge(char *buf, size_t *len, size_t cap, const struct sf_metrics *m,
      const char *name, const char *help, const char *label,
      const char *value)
{
  char shard[64] = "";
  bool any = *label || m->shard_n;

  if(m->shard_n)
    snprintf(shard, sizeof(shard), "%sshard=\"%lu/%lu\"", *label ? "," : "",
             m->shard_k, m->shard_n);
  if(help &&
     !add(buf, len, cap, "# HELP %s %s\n# TYPE %s gauge\n", name, help, name))
    return false;
  return add(buf, len, cap, "%s%s%s%s%s %s\n", name, any ? "{" : "", label,
             shard, any ? "}" : "", value);
}

char *
metrics_text(const struct sf_metrics *m, time_t last_success)
{
  const size_t cap = METRICS_MAX;
  char *buf = malloc(cap);
  size_t len = 0;
  char v[4][64];
  bool ok;

  if(!buf)
    return NULL;
  if(!m->exit_code)
    last_success = m->ended;
  snprintf(v[0], sizeof(v[0]), "%ld", m->ok);
  snprintf(v[1], sizeof(v[1]), "%ld", m->skipped);
  snprintf(v[2], sizeof(v[2]), "%ld", m->failed);
  ok = gauge(buf, &len, cap, m, "sigfetch_files",
             "Files handled by the last run, by status.", "status=\"ok\"",
             v[0]) &&
       gauge(buf, &len, cap, m, "sigfetch_files", NULL,
             "status=\"skipped\"", v[1]) &&
       gauge(buf, &len, cap, m, "sigfetch_files", NULL, "status=\"failed\"",
             v[2]);
  snprintf(v[0], sizeof(v[0]), "%lld", (long long)m->bytes);
  snprintf(v[1], sizeof(v[1]), "%.3f", m->seconds);
  snprintf(v[2], sizeof(v[2]), "%d", m->exit_code);
  snprintf(v[3], sizeof(v[3]), "%lld", (long long)m->ended);
  ok = ok &&
       gauge(buf, &len, cap, m, "sigfetch_bytes_received",
             "Body bytes received by the last run.", "", v[0]) &&
       gauge(buf, &len, cap, m, "sigfetch_run_seconds",
             "Wall time of the last run.", "", v[1]) &&
       gauge(buf, &len, cap, m, "sigfetch_exit_code",
             "Exit status of the last run.", "", v[2]) &&
       gauge(buf, &len, cap, m, "sigfetch_last_run_timestamp_seconds",
             "When the last run ended.", "", v[3]);
  snprintf(v[3], sizeof(v[3]), "%lld", (long long)last_success);
  if(ok && last_success > 0)
    ok = gauge(buf, &len, cap, m, LAST_SUCCESS,
               "When a run last ended with exit 0.", "", v[3]);
  if(!ok) {
    free(buf);
    return NULL;
  }
  return buf;
}

/* The value of the sample line LINE (LEN bytes, no newline) that starts
   with LAST_SUCCESS: "NAME VALUE" or "NAME{LABELS} VALUE", VALUE a
   finite number of seconds after 1970 (read in the C locale); else 0. */
static time_t
sample_value(const char *line, size_t len)
{
  char buf[256];
  const char *v;
  double t;

  if(len >= sizeof(buf))
    return 0;
  memcpy(buf, line, len);
  buf[len] = '\0';
  v = buf + strlen(LAST_SUCCESS);
  if(*v == '{') {
    v = strchr(v, '}');
    if(!v)
      return 0;
    v++;
  }
  /* one space, then the number: strtod would skip more white space */
  if(*v != ' ' || !isdigit((unsigned char)v[1]) ||
     !num_parse_double(v + 1, &t) || t < 1 || t > 4e12)
    return 0;
  return (time_t)t;
}

time_t
metrics_last_success(const char *text)
{
  const char *p = text;
  size_t n = strlen(LAST_SUCCESS);

  while(*p) {
    size_t len = strcspn(p, "\n");
    if(len > n && !strncmp(p, LAST_SUCCESS, n) &&
       (p[n] == ' ' || p[n] == '{'))
      return sample_value(p, len);
    p += len;
    if(*p)
      p++;
  }
  return 0;
}

/* The text of the FILE an earlier run left at PATH, or "" (malloc'd;
   NULL when out of memory).  Only a regular file is read, never through
   a link: a FIFO or a device planted at FILE in a shared directory would
   block the run or feed it. */
static char *
read_old(const char *path)
{
  char *buf = calloc(1, METRICS_MAX + 1);
  int fd = buf ? open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC |
                               O_NOCTTY)
               : -1;
  struct stat sb;
  size_t n = 0;

  if(fd >= 0 && !fstat(fd, &sb) && S_ISREG(sb.st_mode)) {
    while(n < METRICS_MAX) {
      ssize_t r = read(fd, buf + n, METRICS_MAX - n);
      if(r < 0 && errno == EINTR)
        continue;
      if(r <= 0)
        break;
      n += (size_t)r;
    }
  }
  if(fd >= 0)
    close(fd);
  return buf;
}

enum sf_err
metrics_write(const char *path, const struct sf_metrics *m)
{
  char *old = m->exit_code ? read_old(path) : NULL;
  time_t last = old ? metrics_last_success(old) : 0;
  char *text = metrics_text(m, last);
  enum sf_err rc;

  free(old);
  if(!text)
    return SF_E_NOMEM;
  /* PATH.tmp: the textfile collector reads only *.prom */
  rc = atomic_write_file(path, text, 0644, SF_WRITE_SYNC, NULL);
  free(text);
  return rc;
}
