/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Locale-independent parsing of numbers given by the user. */
#ifndef SIGFETCH_NUM_H
#define SIGFETCH_NUM_H

#include "system.h"

/* Parse all of S as a finite floating-point number written the C way
   ('.' decimal point), whatever LC_NUMERIC the program runs in: option
   and setting values mean the same thing in every locale.  Accepts what
   strtod accepts in the C locale (leading white space, an exponent, hex),
   except infinities and NaN.  False, and *OUT untouched, when S is empty,
   has anything after the number, or is out of range. */
bool num_parse_double(const char *s, double *out);

#endif /* SIGFETCH_NUM_H */
