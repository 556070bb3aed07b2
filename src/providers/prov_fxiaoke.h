/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The "fxiaoke" provider: fxiaoke:PATH through Fxiaoke's signed URLs for
   large-file download. */
#ifndef SIGFETCH_PROV_FXIAOKE_H
#define SIGFETCH_PROV_FXIAOKE_H

#include "system.h"

#include <cjson/cJSON.h>

#include "resolver.h"

extern const struct sf_resolver prov_fxiaoke;

/* The signed URL in a generateDownloadSignatureUrlByAuth REPLY for PATH,
   or NULL.  The field is undocumented, so in this order: "data" itself
   when it is an http(s) string; data.url, data.signatureUrl,
   data.signedUrl, data.downloadUrl; data[PATH] (a string, or an object
   with those fields); else the first http(s) string anywhere under
   "data".  Pure: no I/O. */
const char *fxiaoke_find_url(const cJSON *reply, const char *path);

/* A new random RFC 4122 version 4 UUID, lower case, in OUT. */
enum sf_err fxiaoke_uuid4(char out[37]);

#endif /* SIGFETCH_PROV_FXIAOKE_H */
