/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The "direct" provider: http:// and https:// URLs used as given. */
#ifndef SIGFETCH_PROV_DIRECT_H
#define SIGFETCH_PROV_DIRECT_H

#include "resolver.h"

extern const struct sf_resolver prov_direct;

#endif /* SIGFETCH_PROV_DIRECT_H */
