/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libcurl settings and verdicts every request shares: transfers and
   provider calls. */
#ifndef SIGFETCH_NET_H
#define SIGFETCH_NET_H

#include "system.h"

#include <curl/curl.h>

#include "options.h"

/* Protocols (http, https), no redirects (we follow them ourselves), TLS
   trust, connect timeout, user agent, proxy (--proxy, --noproxy, else
   libcurl's environment variables), -4 / -6, and the redacted -v trace:
   the one place that applies network options to any easy handle, a
   download's or a provider call's alike. */
bool net_common_options(CURL *e, const struct sf_options *opts);

/* True when RC says TLS trust failed (certificate, CA file, issuer,
   pinned key, cipher, engine): retrying cannot help, the user must fix
   --cacert or the server.  The one list, for downloads and API calls. */
bool net_is_tls_failure(CURLcode rc);

/* True when retrying RC cannot help, for downloads and API calls alike:
   a TLS failure (above), a protocol we do not speak, a malformed URL, or
   libcurl running out of memory or refusing an argument (a URL or header
   too large for it: the same request fails the same way again). */
bool net_is_permanent(CURLcode rc);

/* The one back-off rule for every retry, of a transfer or a provider
   call: DELAY * 2^(ATTEMPT-1) with +-25 % jitter from U (0 <= U < 1), at
   most 60 s, but never less than RETRY_AFTER seconds (the server's
   Retry-After, or a provider's busy pause; < 0: none), capped at 600 s. */
double net_backoff(double delay, long attempt, double retry_after, double u);

#endif /* SIGFETCH_NET_H */
