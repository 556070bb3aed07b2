/* SPDX-License-Identifier: GPL-3.0-or-later */
/* progress.c is the only code that draws progress.  On a terminal (bar)
   it keeps an area of one line per active file plus a total line, redrawn
   at most 10 times a second, and always leaves the cursor at the area's
   first line, so a message printed after "\r\033[J" (log.c) replaces the
   area instead of garbling it.  For logs (plain) it prints a line every
   few seconds.  Everything goes to stderr, never stdout. */
#include "progress.h"

#include <ctype.h>
#include <langinfo.h>
#include <limits.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <wchar.h>

#include "clock.h"
#include "redact.h"

#define BAR_INTERVAL 0.1
#define PLAIN_INTERVAL 5.0
#define MAX_LINES 12
#define RATE_SLOTS 64
#define LINE_MAX_BYTES 4096   /* 1000 columns of 4-byte characters */

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
  int width;                 /* columns, fixed at the first frame */
  size_t files_done;         /* files finished (any status) */
  size_t files_all;          /* files of the run, 0 if unknown */
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

/* NAME as wide characters in *OUT (caller frees), each one printable:
   under the user's locale (main.c's setlocale), else byte by byte with
   '?' for what is not ASCII.  Their count, or -1 without memory. */
static long
wide_name(const char *name, wchar_t **out)
{
  size_t n = mbstowcs(NULL, name, 0);
  size_t len = strlen(name);
  size_t i;

  *out = calloc((n == (size_t)-1 ? len : n) + 1, sizeof(**out));
  if(!*out)
    return -1;
  if(n == (size_t)-1) {
    for(i = 0; i < len; i++) {
      unsigned char c = (unsigned char)name[i];
      (*out)[i] = c < 0x80 && isprint(c) ? (wchar_t)c : L'?';
    }
    return (long)len;
  }
  mbstowcs(*out, name, n + 1);
  for(i = 0; i < n; i++)
    if(wcwidth((*out)[i]) < 0)
      (*out)[i] = L'?';
  return (long)n;
}

void
progress_fit_name(const char *name, int width, char *out, size_t len)
{
  bool utf8 = !strcmp(nl_langinfo(CODESET), "UTF-8");
  const char *ell = utf8 ? "\u2026" : "...";
  int ell_w = utf8 ? 1 : 3;
  wchar_t *w = NULL;
  long n = wide_name(name, &w);
  int used = 0;
  int all = 0;
  size_t o = 0;
  long i;
  mbstate_t st;

  out[0] = '\0';
  for(i = 0; i < n; i++)
    all += wcwidth(w[i]);
  memset(&st, 0, sizeof(st));
  for(i = 0; i < n; i++) {
    char mb[MB_LEN_MAX];
    int cw = wcwidth(w[i]);
    size_t k;
    if(used + cw > (all > width ? width - ell_w : width))
      break;
    k = wcrtomb(mb, w[i], &st);
    if(k == (size_t)-1 || o + k + 1 > len)
      break;
    memcpy(out + o, mb, k);
    o += k;
    used += cw;
  }
  if(all > width && used + ell_w <= width && o + strlen(ell) + 1 <= len) {
    memcpy(out + o, ell, strlen(ell));
    o += strlen(ell);
    used += ell_w;
  }
  /* pad: a wide character that did not fit leaves one column */
  for(; used < width && o + 1 < len; used++)
    out[o++] = ' ';
  out[o] = '\0';
  free(w);
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

/* The terminal's width: the tty's, else $COLUMNS (a terminal that does
   not tell its size, e.g. under script(1)), else 80. */
static int
term_width(void)
{
  struct winsize ws;
  const char *env = getenv("COLUMNS");
  char *end = NULL;
  long cols;

  if(!ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) && ws.ws_col >= 20)
    return ws.ws_col;
  errno = 0;
  cols = env ? strtol(env, &end, 10) : 0;
  if(env && !errno && end != env && !*end && cols >= 20 && cols <= 1000)
    return (int)cols;
  return 80;
}

/* The figures after the bar, always TAIL_W columns wide so that the bar
   keeps its width from frame to frame: percent, bytes, rate, time left. */
static void
format_tail(char *out, size_t len, double done, double total, double rate)
{
  char sz[32];
  char rt[32];
  char eta[32] = "";
  int pct = total > 0 ? (int)(done * 100 / total) : 0;

  progress_human(done, sz, sizeof(sz));
  progress_human(rate, rt, sizeof(rt));
  if(rate > 0 && total > done) {
    double left = (total - done) / rate;
    long s = left < 360000 ? (long)left : 359999;
    if(s < 3600)
      snprintf(eta, sizeof(eta), "ETA %ld:%02ld", s / 60, s % 60);
    else
      snprintf(eta, sizeof(eta), "ETA %ld:%02ld:%02ld", s / 3600,
               s / 60 % 60, s % 60);
  }
  snprintf(out, len, " %3d%% %10s %10s/s %-12s", pct > 100 ? 100 : pct, sz,
           rt, eta);
}

/* The file name part of PATH, as the bars show it. */
static const char *
base_name(const char *path)
{
  const char *slash = strrchr(path, '/');

  return slash && slash[1] ? slash + 1 : path;
}

/* One line: name, bar, then the figures; exactly WIDTH - 1 columns (a
   line reaching the last column may wrap, which would break the cursor
   arithmetic of draw_area). */
static void
format_line(char *out, size_t len, int width, const char *name, double done,
            double total, double rate)
{
  char tail[128];
  char shown[LINE_MAX_BYTES];
  int name_w = width / 4;
  int tail_w;
  int bar_w;
  int fill;
  int pct = total > 0 ? (int)(done * 100 / total) : -1;
  size_t n;
  int i;

  format_tail(tail, sizeof(tail), done, total, rate);
  tail_w = (int)strlen(tail);
  bar_w = width - 1 - name_w - 3 - tail_w;
  if(bar_w < 4) {
    /* narrow terminal: the name gives up columns before the bar does */
    name_w = width - 1 - 3 - 4 - tail_w;
    if(name_w < 6)
      name_w = 6;
    bar_w = width - 1 - name_w - 3 - tail_w;
  }
  if(bar_w < 0)
    bar_w = 0;
  progress_fit_name(name, name_w, shown, sizeof(shown));
  fill = pct < 0 ? 0 : bar_w * (pct > 100 ? 100 : pct) / 100;
  n = (size_t)snprintf(out, len, "%s [", shown);
  for(i = 0; i < bar_w && n + 2 < len; i++)
    out[n++] = i < fill ? '=' : (i == fill ? '>' : ' ');
  out[n] = '\0';
  /* the name and the bar hold name_w + 2 + bar_w columns; what follows
     is ASCII, so bytes are columns there */
  i = width - 1 - name_w - 2 - bar_w;
  if(i > 0 && n < len)
    snprintf(out + n, len - n, "%.*s", i, "]");
  if(i > 1 && strlen(out) + 1 < len)
    snprintf(out + strlen(out), len - strlen(out), "%.*s", i - 1, tail);
}

/* Replace the area with LINES lines of TEXT; the cursor returns to the
   area's first line. */
static void
draw_area(struct sf_progress *p, char text[][LINE_MAX_BYTES], int lines)
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

/* --progress=plain: "sigfetch: NAME: 42% 1.0 MiB 2.0 MiB/s ETA 0:03". */
static void
plain_line(const char *name, double done, double total, double rate)
{
  char tail[128];
  char shown[1024];
  size_t n;

  format_tail(tail, sizeof(tail), done, total, rate);
  n = strlen(tail);
  while(n && tail[n - 1] == ' ')
    tail[--n] = '\0';
  /* a name from a list may hold control characters: never raw */
  redact_controls(name, shown, sizeof(shown), false);
  fprintf(stderr, "sigfetch: %s:%s\n", shown, tail);
}

/* The width of this frame: the first frame's, so the bars keep their
   width, unless the terminal has become narrower since. */
static int
frame_width(struct sf_progress *p)
{
  int now = term_width();

  if(!p->width || now < p->width)
    p->width = now;
  return p->width;
}

void
progress_count(struct sf_progress *p, size_t done, size_t all)
{
  if(!p)
    return;
  p->files_done = done;
  p->files_all = all;
}

void
progress_update(struct sf_progress *p, const struct sf_progress_item *items,
                size_t n)
{
  char text[MAX_LINES + 1][LINE_MAX_BYTES];
  double t = clock_now();
  double done = 0;
  double total = 0;
  int width;
  int lines = 0;
  size_t i;

  if(!p || !n)
    return;
  if(t - p->last_draw < (p->mode == SF_PROGRESS_BAR ? BAR_INTERVAL
                                                    : PLAIN_INTERVAL))
    return;
  p->last_draw = t;
  width = frame_width(p);
  for(i = 0; i < n; i++) {
    double r = rate_update(slot_for(p, items[i].id), t,
                           (double)items[i].done);
    done += (double)items[i].done;
    total = (total < 0 || items[i].total < 0) ? -1
                                              : total + (double)items[i].total;
    /* a file that has not received a byte yet says nothing in a log */
    if(p->mode == SF_PROGRESS_PLAIN && items[i].done > 0)
      plain_line(items[i].name, (double)items[i].done,
                 (double)items[i].total, r);
    else if(lines < MAX_LINES)
      format_line(text[lines++], sizeof(text[0]), width,
                  base_name(items[i].name),
                  (double)items[i].done, (double)items[i].total, r);
  }
  if(p->mode == SF_PROGRESS_PLAIN)
    return;
  if(n > 1 || p->files_all > 1) {
    char label[64];
    if(p->files_all)
      /* TRANSLATORS: the total line of the progress bars: files done of
         all files, "12/20 files" */
      snprintf(label, sizeof(label),
               ngettext("%zu/%zu file", "%zu/%zu files", p->files_all),
               p->files_done, p->files_all);
    else
      snprintf(label, sizeof(label), ngettext("%zu file", "%zu files", n),
               n);
    format_line(text[lines++], sizeof(text[0]), width, label, done, total,
                rate_update(&p->total, t, done));
  }
  draw_area(p, text, lines);
}

void
progress_done(struct sf_progress *p, const char *name, int64_t bytes,
              int64_t moved, double elapsed_s)
{
  char line[LINE_MAX_BYTES];
  double rate = elapsed_s > 0 ? (double)moved / elapsed_s : 0;

  if(!p)
    return;
  if(p->mode == SF_PROGRESS_PLAIN) {
    plain_line(name, (double)bytes, (double)bytes, rate);
    return;
  }
  format_line(line, sizeof(line), frame_width(p), base_name(name),
              (double)bytes, (double)bytes, rate);
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
