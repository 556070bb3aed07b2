/* SPDX-License-Identifier: GPL-3.0-or-later */
/* thread.c: helper threads (hashing, writeback, commit, checkpoint,
   resolving ahead) start with every signal blocked; the new thread
   inherits the mask, the caller gets its own back. */
#include "thread.h"

#include <signal.h>

bool
thread_start(pthread_t *th, void *(*fn)(void *), void *arg)
{
  sigset_t all;
  sigset_t old;
  bool ok;

  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &old);
  ok = pthread_create(th, NULL, fn, arg) == 0;
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  return ok;
}
