/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The "kdocs-app" provider: kdocs:app/FILE_TOKEN, a document in the app
   space of kdocs.app_id, with WPS-2 signed requests. */
#ifndef SIGFETCH_PROV_KDOCS_APP_H
#define SIGFETCH_PROV_KDOCS_APP_H

#include "system.h"

#include <time.h>

#include "digest.h"
#include "resolver.h"

extern const struct sf_resolver prov_kdocs_app;

/* The WPS-2 signature (PROVIDERS.md 4.1): lower-case hex SHA-1 of
   APP_KEY + CONTENT_MD5 + CONTENT_TYPE + DATE, into OUT_HEX.  Pure. */
enum sf_err kdocs_wps2_sign(const char *app_key, const char *content_md5,
                            const char *content_type, const char *date,
                            char out_hex[SF_HEX_MAX]);

/* T as an RFC 1123 date in GMT ("Wed, 23 Jan 2013 06:43:08 GMT") into
   BUF, whatever the locale.  False if T cannot be converted. */
bool kdocs_http_date(time_t t, char *buf, size_t len);

#endif /* SIGFETCH_PROV_KDOCS_APP_H */
