/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fdlimit.c owns the descriptor budget: with `ulimit -n 64` and -j 32 the
   run must slow down, not fail files with "Too many open files". */
#include "fdlimit.h"

#include <dirent.h>
#include <sys/resource.h>

#define FDLIMIT_CAP 65536
#define FDLIMIT_RESERVE 12       /* libcurl's wakeup pair, log, locks... */
#define FDLIMIT_UNKNOWN_OPEN 8   /* when /proc/self/fd cannot be read */

void
fdlimit_raise(void)
{
  struct rlimit rl;
  rlim_t want;

  if(getrlimit(RLIMIT_NOFILE, &rl))
    return;
  want = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > FDLIMIT_CAP
         ? FDLIMIT_CAP : rl.rlim_max;
  if(rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < want) {
    rl.rlim_cur = want;
    (void)setrlimit(RLIMIT_NOFILE, &rl); /* best effort */
  }
}

/* Descriptors open now. */
static long
open_now(void)
{
  DIR *d = opendir("/proc/self/fd");
  long n = 0;

  if(!d)
    return FDLIMIT_UNKNOWN_OPEN;
  while(readdir(d) && n < FDLIMIT_CAP)
    n++;
  closedir(d);
  return n - 3;                  /* ".", ".." and the listing's own */
}

long
fdlimit_available(void)
{
  struct rlimit rl;
  long soft;

  if(getrlimit(RLIMIT_NOFILE, &rl) || rl.rlim_cur == RLIM_INFINITY ||
     rl.rlim_cur > FDLIMIT_CAP)
    soft = FDLIMIT_CAP;
  else
    soft = (long)rl.rlim_cur;
  return soft - open_now() - FDLIMIT_RESERVE;
}

long
fdlimit_per_job(long connections)
{
  return 3 * connections + 3;
}

bool
fdlimit_fit(long avail, long *jobs, long *connections)
{
  bool lowered = false;

  while(*jobs > 1 && *jobs * (fdlimit_per_job(*connections) + 1) > avail) {
    *jobs = avail / (fdlimit_per_job(*connections) + 1);
    if(*jobs < 1)
      *jobs = 1;
    lowered = true;
  }
  while(*connections > 1 && fdlimit_per_job(*connections) + 1 > avail) {
    (*connections)--;
    lowered = true;
  }
  return lowered;
}
