/* SPDX-License-Identifier: GPL-3.0-or-later */
/* thread.h: starting the run's helper threads. */
#ifndef SIGFETCH_THREAD_H
#define SIGFETCH_THREAD_H

#include "system.h"

#include <pthread.h>

/* Start FN(ARG) on a new thread *TH that takes no signals, so that
   SIGINT and SIGTERM always reach the event loop, whose poll they
   interrupt.  False when the thread cannot be created. */
bool thread_start(pthread_t *th, void *(*fn)(void *), void *arg);

#endif /* SIGFETCH_THREAD_H */
