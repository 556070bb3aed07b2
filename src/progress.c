/* SPDX-License-Identifier: GPL-3.0-or-later */
/* progress.c is the only code that draws progress.  On a terminal (bar)
   it keeps an area of one line per active file plus a total line, redrawn
   at most 10 times a second, and always leaves the cursor at the area's
   first line, so a message printed after "\r\033[J" (log.c) replaces the
   area instead of garbling it.  For logs (plain) it prints a line every
   few seconds.  Everything goes to stderr, never stdout. */
#include "progress.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include "clock.h"

#define BAR_INTERVAL 0.1
#define PLAIN_INTERVAL 5.0
#define MAX_LINES 12
#define RATE_SLOTS 64

/* Rate of one file, smoothed between drawings. */
struct rate_slot {
  const void *id;
  double t;
  double done;
  double rate;
};

struct sf_progress {
  enum sf_progress_mode mode;
  double last_draw;
  struct rate_slot slots[RATE_SLOTS];
  struct rate_slot total;
  int lines;                 /* lines of the area on screen (bar) */
};

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

/* "1.5 MiB" style size into BUF. */
static void
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

/* Update S with DONE bytes at time T; returns the smoothed rate. */
static double
rate_update(struct rate_slot *s, double t, double done)
{
  double dt = t - s->t;

  if(s->t > 0 && dt >= 0.05) {
    double r = (done - s->done) / dt;
    s->rate = s->rate > 0 ? 0.7 * s->rate + 0.3 * r : r;
  }
  if(s->t == 0 || dt >= 0.05) {
    s->t = t;
    s->done = done;
  }
  return s->rate < 0 ? 0 : s->rate;
}

/* The slot for ID, taking over the stalest one when new. */
static struct rate_slot *
slot_for(struct sf_progress *p, const void *id)
{
  struct rate_slot *old = &p->slots[0];
  int i;

  for(i = 0; i < RATE_SLOTS; i++) {
    if(p->slots[i].id == id)
      return &p->slots[i];
    if(p->slots[i].t < old->t)
      old = &p->slots[i];
  }
  memset(old, 0, sizeof(*old));
  old->id = id;
  return old;
}

static int
term_width(void)
{
  struct winsize ws;

  if(!ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) && ws.ws_col >= 20)
    return ws.ws_col;
  return 80;
}

/* One line: name, bar, percent, bytes, rate, ETA; never wider than the
   terminal (a wrapped line would break the cursor arithmetic). */
static void
format_line(char *out, size_t len, int width, const char *name, double done,
            double total, double rate)
{
  char sz[32];
  char rt[32];
  char eta[32] = "";
  char tail[128];
  int pct = total > 0 ? (int)(done * 100 / total) : -1;
  int name_w = width / 4;
  int bar_w;
  int n;

  progress_human(done, sz, sizeof(sz));
  progress_human(rate, rt, sizeof(rt));
  if(rate > 0 && total > done) {
    long s = (long)((total - done) / rate);
    snprintf(eta, sizeof(eta), " ETA %ld:%02ld", s / 60, s % 60);
  }
  snprintf(tail, sizeof(tail), " %3d%% %10s %10s/s%s", pct < 0 ? 0 : pct, sz,
           rt, eta);
  if(strrchr(name, '/') && strrchr(name, '/')[1])
    name = strrchr(name, '/') + 1;
  bar_w = width - name_w - (int)strlen(tail) - 4;
  n = snprintf(out, len, "%-*.*s [", name_w, name_w, name);
  for(; bar_w > 0 && n + 2 < (int)len; bar_w--) {
    int fill = pct < 0 ? 0 : (width - name_w - (int)strlen(tail) - 4) *
                             pct / 100;
    int pos = (width - name_w - (int)strlen(tail) - 4) - bar_w;
    out[n++] = pos < fill ? '=' : (pos == fill ? '>' : ' ');
  }
  snprintf(out + n, len - (size_t)n, "]%s", tail);
  out[width - 1 < (int)len ? width - 1 : (int)len - 1] = '\0';
}

/* Replace the area with LINES lines of TEXT; the cursor returns to the
   area's first line. */
static void
draw_area(struct sf_progress *p, char text[][512], int lines)
{
  int i;

  fputs("\r\033[J", stderr);
  for(i = 0; i < lines; i++)
    fprintf(stderr, "%s%s", text[i], i + 1 < lines ? "\n" : "");
  if(lines > 1)
    fprintf(stderr, "\033[%dA", lines - 1);
  fputc('\r', stderr);
  fflush(stderr);
  p->lines = lines;
}

static void
plain_line(const char *name, double done, double total, double rate)
{
  char line[512];
  const char *figures;
  size_t n;

  format_line(line, sizeof(line), 200, "", done, total, rate);
  figures = strrchr(line, ']') ? strrchr(line, ']') + 1 : line;
  n = strlen(line);
  while(n && line[n - 1] == ' ')
    line[--n] = '\0';
  fprintf(stderr, "sigfetch: %s:%s\n", name, figures);
}

void
progress_update(struct sf_progress *p, const struct sf_progress_item *items,
                size_t n)
{
  char text[MAX_LINES + 1][512];
  double t = clock_now();
  double done = 0;
  double total = 0;
  int width = term_width();
  int lines = 0;
  size_t i;

  if(!p || !n)
    return;
  if(t - p->last_draw < (p->mode == SF_PROGRESS_BAR ? BAR_INTERVAL
                                                    : PLAIN_INTERVAL))
    return;
  p->last_draw = t;
  for(i = 0; i < n; i++) {
    double r = rate_update(slot_for(p, items[i].id), t,
                           (double)items[i].done);
    done += (double)items[i].done;
    total = (total < 0 || items[i].total < 0) ? -1
                                              : total + (double)items[i].total;
    if(p->mode == SF_PROGRESS_PLAIN)
      plain_line(items[i].name, (double)items[i].done,
                 (double)items[i].total, r);
    else if(lines < MAX_LINES)
      format_line(text[lines++], sizeof(text[0]), width, items[i].name,
                  (double)items[i].done, (double)items[i].total, r);
  }
  if(p->mode == SF_PROGRESS_PLAIN)
    return;
  if(n > 1) {
    char label[64];
    snprintf(label, sizeof(label), ngettext("%zu file", "%zu files", n), n);
    format_line(text[lines++], sizeof(text[0]), width, label, done, total,
                rate_update(&p->total, t, done));
  }
  draw_area(p, text, lines);
}

void
progress_done(struct sf_progress *p, const char *name, int64_t bytes,
              int64_t moved, double elapsed_s)
{
  char line[512];
  double rate = elapsed_s > 0 ? (double)moved / elapsed_s : 0;

  if(!p)
    return;
  if(p->mode == SF_PROGRESS_PLAIN) {
    plain_line(name, (double)bytes, (double)bytes, rate);
    return;
  }
  format_line(line, sizeof(line), term_width(), name, (double)bytes,
              (double)bytes, rate);
  fprintf(stderr, "\r\033[J%s\n", line);
  fflush(stderr);
  p->lines = 0;
  p->last_draw = 0; /* redraw the others at once */
}

void
progress_free(struct sf_progress *p)
{
  if(!p)
    return;
  if(p->lines)
    fputs("\r\033[J", stderr);
  free(p);
}
