/* SPDX-License-Identifier: GPL-3.0-or-later */
/* clock.c owns the one monotonic clock: back-off, stall and progress
   timers all read it, so none of them jumps when the wall clock does. */
#include "clock.h"

#include <time.h>

double
clock_now(void)
{
  struct timespec ts;

  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
