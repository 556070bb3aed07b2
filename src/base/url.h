/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Small URL helpers built on libcurl's URL API. */
#ifndef SIGFETCH_URL_H
#define SIGFETCH_URL_H

#include "system.h"

/* Does S start with http:// or https:// (any case)? */
bool url_is_http(const char *s);

/* scheme://host:port of URL (the port always given), the unit headers
   are scoped to; malloc'd, NULL when URL is not a URL. */
char *url_origin(const char *url);

#endif /* SIGFETCH_URL_H */
