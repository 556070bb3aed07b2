/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libcurl settings and verdicts every request shares: transfers and
   provider calls. */
#ifndef SIGFETCH_NET_H
#define SIGFETCH_NET_H

#include <curl/curl.h>

#include "options.h"

/* Protocols (http, https), no redirects (we follow them ourselves), TLS
   trust, connect timeout, user agent, and the redacted -v trace. */
bool net_common_options(CURL *e, const struct sf_options *opts);

/* True when RC says TLS trust failed (certificate, CA file, issuer,
   pinned key, cipher, engine): retrying cannot help, the user must fix
   --cacert or the server.  The one list, for downloads and API calls. */
bool net_is_tls_failure(CURLcode rc);

#endif /* SIGFETCH_NET_H */
