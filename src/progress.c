/* SPDX-License-Identifier: GPL-3.0-or-later */
/* progress.c is the only code that draws progress: one bar line on a
   terminal (redrawn at most 10 times a second), or a plain line every few
   seconds for logs.  Everything goes to stderr, never stdout. */
#include "progress.h"

#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#define BAR_INTERVAL 0.1
#define PLAIN_INTERVAL 5.0
#define RATE_SAMPLES 16
#define RATE_WINDOW 3.0

struct sample {
  double t;
  double bytes;
};

struct sf_progress {
  enum sf_progress_mode mode;
  double last_draw;
  struct sample ring[RATE_SAMPLES];
  size_t n_samples;
  size_t head;
  bool drawn;
};

static double
now_s(void)
{
  struct timespec ts;

  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct sf_progress *
progress_new(const struct sf_options *opts)
{
  enum sf_progress_mode mode = opts->progress;
  struct sf_progress *p;

  if(mode == SF_PROGRESS_AUTO)
    mode = (isatty(STDERR_FILENO) && !opts->quiet) ? SF_PROGRESS_BAR
                                                   : SF_PROGRESS_NONE;
  if(mode == SF_PROGRESS_NONE)
    return NULL;
  p = calloc(1, sizeof(*p));
  if(p)
    p->mode = mode;
  return p;
}

void
progress_human(double bytes, char *buf, size_t len)
{
  static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB" };
  size_t u = 0;

  while(bytes >= 1024 && u + 1 < countof(units)) {
    bytes /= 1024;
    u++;
  }
  snprintf(buf, len, u ? "%.1f %s" : "%.0f %s", bytes, units[u]);
}

/* Bytes per second over the last few seconds. */
static double
rate_of(struct sf_progress *p, double t, double bytes)
{
  size_t i;
  const struct sample *oldest = NULL;

  p->ring[p->head] = (struct sample){ t, bytes };
  p->head = (p->head + 1) % RATE_SAMPLES;
  if(p->n_samples < RATE_SAMPLES)
    p->n_samples++;
  for(i = 0; i < p->n_samples; i++) {
    const struct sample *s = &p->ring[i];
    if(t - s->t <= RATE_WINDOW && (!oldest || s->t < oldest->t))
      oldest = s;
  }
  if(!oldest || t - oldest->t < 0.05)
    return 0;
  return (bytes - oldest->bytes) / (t - oldest->t);
}

static int
term_width(void)
{
  struct winsize ws;

  if(!ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) && ws.ws_col >= 20)
    return ws.ws_col;
  return 80;
}

/* Sum the items into one line's worth of figures. */
static void
totals(const struct sf_progress_item *items, size_t n, double *done,
       double *total)
{
  size_t i;

  *done = 0;
  *total = 0;
  for(i = 0; i < n; i++) {
    *done += (double)items[i].done;
    if(items[i].total < 0 || *total < 0)
      *total = -1;
    else
      *total += (double)items[i].total;
  }
}

static void
draw_line(struct sf_progress *p, const char *name, double done, double total,
          double rate, bool final)
{
  char sz[32];
  char rt[32];
  char eta[32] = "";
  char tail[128];
  int pct = total > 0 ? (int)(done * 100 / total) : -1;
  int width = term_width();
  int name_w;
  int bar_w;

  progress_human(done, sz, sizeof(sz));
  progress_human(rate, rt, sizeof(rt));
  if(rate > 0 && total > 0 && !final) {
    long s = (long)((total - done) / rate);
    snprintf(eta, sizeof(eta), " ETA %ld:%02ld", s / 60, s % 60);
  }
  snprintf(tail, sizeof(tail), " %3d%% %10s %10s/s%-10s", pct < 0 ? 0 : pct,
           sz, rt, eta);
  if(p->mode == SF_PROGRESS_PLAIN) {
    size_t n = strlen(tail);
    while(n && tail[n - 1] == ' ')
      tail[--n] = '\0';
    fprintf(stderr, "sigfetch: %s:%s\n", name, tail);
    return;
  }
  name_w = width / 4;
  bar_w = width - name_w - (int)strlen(tail) - 4;
  if(strrchr(name, '/') && strrchr(name, '/')[1])
    name = strrchr(name, '/') + 1;
  fprintf(stderr, "\r%-*.*s [", name_w, name_w, name);
  if(bar_w > 0) {
    int fill = pct < 0 ? 0 : bar_w * pct / 100;
    int i;
    for(i = 0; i < bar_w; i++)
      fputc(i < fill ? '=' : (i == fill ? '>' : ' '), stderr);
  }
  fprintf(stderr, "]%s\033[K", tail);
  if(final)
    fputc('\n', stderr);
  p->drawn = !final;
  fflush(stderr);
}

void
progress_update(struct sf_progress *p, const struct sf_progress_item *items,
                size_t n)
{
  double t = now_s();
  double done;
  double total;
  double interval;
  char label[64];
  const char *name;
  double rate;

  if(!p || !n)
    return;
  interval = p->mode == SF_PROGRESS_BAR ? BAR_INTERVAL : PLAIN_INTERVAL;
  if(t - p->last_draw < interval)
    return;
  totals(items, n, &done, &total);
  rate = rate_of(p, t, done);
  p->last_draw = t;
  if(n == 1)
    name = items[0].name;
  else {
    snprintf(label, sizeof(label), ngettext("%zu file", "%zu files", n), n);
    name = label;
  }
  draw_line(p, name, done, total, rate, false);
}

void
progress_done(struct sf_progress *p, const char *name, int64_t bytes,
              int64_t moved, double elapsed_s)
{
  if(!p)
    return;
  draw_line(p, name, (double)bytes, (double)bytes,
            elapsed_s > 0 ? (double)moved / elapsed_s : 0, true);
  p->n_samples = 0;
  p->last_draw = 0;
}

void
progress_free(struct sf_progress *p)
{
  if(!p)
    return;
  if(p->drawn)
    fputs("\r\033[K", stderr);
  free(p);
}
