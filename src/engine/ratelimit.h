/* SPDX-License-Identifier: GPL-3.0-or-later */
/* --limit-rate: one token bucket for the whole run, shared by every
   connection of every file.  Pure: the caller passes the time. */
#ifndef SIGFETCH_RATELIMIT_H
#define SIGFETCH_RATELIMIT_H

#include "system.h"

struct sf_ratelimit {
  double rate;       /* bytes per second */
  double burst;      /* most tokens saved up while nobody reads */
  double tokens;     /* below 0: a chunk was taken on credit */
  double last;       /* when tokens were last added */
  bool starved;      /* a take was refused: streams wait to be resumed;
                        whoever resumes them clears it */
};

/* RATE bytes per second from NOW on, nothing saved up yet. */
void ratelimit_init(struct sf_ratelimit *rl, int64_t rate, double now);

/* May N bytes that arrived at NOW be taken?  Yes while the bucket holds
   any token: the whole chunk is taken, on credit if need be, so a chunk
   larger than the bucket never blocks for ever and the credit is paid
   back before anyone takes more.  No: the caller pauses its stream until
   ratelimit_wait returns 0. */
bool ratelimit_take(struct sf_ratelimit *rl, size_t n, double now);

/* Seconds from NOW until the bucket holds a token again (0: now). */
double ratelimit_wait(struct sf_ratelimit *rl, double now);

#endif /* SIGFETCH_RATELIMIT_H */
