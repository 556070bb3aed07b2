/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libcurl settings every request shares: transfers and provider calls. */
#ifndef SIGFETCH_NET_H
#define SIGFETCH_NET_H

#include <curl/curl.h>

#include "options.h"

/* Protocols (http, https), no redirects (we follow them ourselves), TLS
   trust, connect timeout, user agent, and the redacted -v trace. */
bool net_common_options(CURL *e, const struct sf_options *opts);

#endif /* SIGFETCH_NET_H */
