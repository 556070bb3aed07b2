/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The one clock for durations, rates and timers. */
#ifndef SIGFETCH_CLOCK_H
#define SIGFETCH_CLOCK_H

#include "system.h"

/* Seconds on CLOCK_MONOTONIC: only differences mean anything, and they
   never jump when the wall clock is set. */
double clock_now(void);

#endif /* SIGFETCH_CLOCK_H */
