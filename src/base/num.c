/* SPDX-License-Identifier: GPL-3.0-or-later */
/* num.c owns reading numbers from strings independently of the locale:
   main.c calls setlocale(LC_ALL, ""), after which strtod would want a
   decimal comma in, e.g., de_DE.  It does no I/O and keeps no state. */
#include "num.h"

#include <locale.h>
#include <math.h>

bool
num_parse_double(const char *s, double *out)
{
  /* glibc hands out its static C locale object here: no allocation */
  locale_t c_numeric = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
  locale_t previous;
  char *end = NULL;
  double v;
  int saved_errno;

  if(c_numeric == (locale_t)0)
    return false;
  /* uselocale changes this thread only, so other threads are unaffected */
  previous = uselocale(c_numeric);
  errno = 0;
  v = strtod(s, &end);
  saved_errno = errno;
  uselocale(previous);
  freelocale(c_numeric);
  if(saved_errno || end == s || *end || !isfinite(v))
    return false;
  *out = v;
  return true;
}
