/* SPDX-License-Identifier: GPL-3.0-or-later */
/* clock.c owns the monotonic clock that elapsed times, transfer rates,
   stall timers and retry wake-ups are measured on. */
#include "clock.h"

#include <time.h>

double
clock_now(void)
{
  struct timespec ts;

  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
