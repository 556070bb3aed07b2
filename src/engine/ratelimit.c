/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ratelimit.c is the run-wide token bucket behind --limit-rate.  One
   bucket for every connection keeps the total at the cap however many
   transfers run and however they start and end; libcurl's per-handle
   CURLOPT_MAX_RECV_SPEED_LARGE would need the cap shared out again at
   every change, and a connecting or backing-off handle would hold a
   share it does not use.  A refused stream is paused (the write callback
   returns CURL_WRITEFUNC_PAUSE: libcurl keeps that chunk and stops
   reading the socket, so TCP flow control slows the sender) and the
   engine resumes it when tokens are back. */
#include "ratelimit.h"

#define BURST_S 0.1     /* at most this much of the rate saved while idle */

void
ratelimit_init(struct sf_ratelimit *rl, int64_t rate, double now)
{
  memset(rl, 0, sizeof(*rl));
  rl->rate = (double)rate;
  rl->burst = rl->rate * BURST_S;
  if(rl->burst < 1.0)
    rl->burst = 1.0;
  rl->last = now;
}

static void
refill(struct sf_ratelimit *rl, double now)
{
  if(now > rl->last) {
    rl->tokens += (now - rl->last) * rl->rate;
    if(rl->tokens > rl->burst)
      rl->tokens = rl->burst;
  }
  rl->last = now;
}

bool
ratelimit_take(struct sf_ratelimit *rl, size_t n, double now)
{
  refill(rl, now);
  if(rl->tokens <= 0) {
    rl->starved = true;
    return false;
  }
  rl->tokens -= (double)n;
  return true;
}

double
ratelimit_wait(struct sf_ratelimit *rl, double now)
{
  refill(rl, now);
  if(rl->tokens <= 0)
    return (1.0 - rl->tokens) / rl->rate;
  return 0;
}
