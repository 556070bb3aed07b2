/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Common includes and helpers shared by every sigfetch source file. */
#ifndef SIGFETCH_SYSTEM_H
#define SIGFETCH_SYSTEM_H

#include <config.h>

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if ENABLE_NLS
#include <libintl.h>
#define _(s) gettext(s)
#else
#define _(s) (s)
#define ngettext(s, p, n) ((n) == 1 ? (s) : (p))
#endif
#define N_(s) (s)

#define countof(a) (sizeof(a) / sizeof((a)[0]))

/* Functions that are static in the program but visible to unit tests. */
#ifdef SF_UNITTEST
#define SF_STATIC
#else
#define SF_STATIC static
#endif

#define SF_PRINTF(f, a) __attribute__((format(printf, f, a)))

#endif /* SIGFETCH_SYSTEM_H */
