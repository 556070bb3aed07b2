/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The "kdocs-personal" provider: kdocs:personal/FILE_TOKEN, a file of the
   user whose OAuth access token is kdocs.access_token. */
#ifndef SIGFETCH_PROV_KDOCS_PERSONAL_H
#define SIGFETCH_PROV_KDOCS_PERSONAL_H

#include "resolver.h"

extern const struct sf_resolver prov_kdocs_personal;

#endif /* SIGFETCH_PROV_KDOCS_PERSONAL_H */
