/* SPDX-License-Identifier: GPL-3.0-or-later */
/* File descriptors as a budget: the run's concurrency fits RLIMIT_NOFILE. */
#ifndef SIGFETCH_FDLIMIT_H
#define SIGFETCH_FDLIMIT_H

#include "system.h"

/* Raise the soft RLIMIT_NOFILE to the hard one (at most 65536): what the
   administrator allows, without asking the user to run ulimit. */
void fdlimit_raise(void);

/* Descriptors this process may still open: the soft limit, minus those
   open now, minus a reserve for libcurl, logs, locks and the archive. */
long fdlimit_available(void);

/* Descriptors one running file with CONNECTIONS connections may hold at
   once (sockets, name lookups, partial file, state, lock). */
long fdlimit_per_job(long connections);

/* Lower *JOBS, then *CONNECTIONS, until that many files (each also able to
   wait for its commit with one descriptor) fit in AVAIL descriptors; never
   below 1.  True when something was lowered.  Pure. */
bool fdlimit_fit(long avail, long *jobs, long *connections);

#endif /* SIGFETCH_FDLIMIT_H */
