/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The monotonic clock every timer of the run reads. */
#ifndef SIGFETCH_CLOCK_H
#define SIGFETCH_CLOCK_H

/* Seconds on CLOCK_MONOTONIC: never jumps with the wall clock. */
double clock_now(void);

#endif /* SIGFETCH_CLOCK_H */
