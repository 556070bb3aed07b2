/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the two Kdocs resolvers (personal files, app space) share: the
   locator syntax, the provider call and the reply envelope. */
#ifndef SIGFETCH_PROV_KDOCS_COMMON_H
#define SIGFETCH_PROV_KDOCS_COMMON_H

#include "api.h"
#include "resolver.h"

/* Kdocs does not document how long its download links live; its other
   attachment links last 10 minutes (PROVIDERS.md 4.3). */
#define KDOCS_URL_LIFETIME 600

/* Does LOCATOR start with KIND ("kdocs:personal") followed by '/' or the
   end?  Claims malformed locators too, so that the check can name the
   expected form. */
bool kdocs_match(const char *locator, const char *kind);

/* The FILE_TOKEN of "KIND/FILE_TOKEN", or NULL unless it is non-empty,
   made of [A-Za-z0-9_.~-] only and not all dots: it goes into a URL path
   unescaped, so it can never leave the file's own path. */
const char *kdocs_file_token(const char *locator, const char *kind);

/* SF_E_BAD_LOCATOR naming FORM unless kdocs_file_token accepts LOCATOR. */
enum sf_err kdocs_check(const char *locator, const char *kind,
                        const char *form, struct sf_error *err);

/* The download call for FILE (a kdocs_file_token) in SPACE ("personal",
   "appspace"): kdocs.endpoint + /api/v1/openapi/SPACE/files/FILE/download
   ?QNAME=QVALUE, QVALUE percent-encoded.  NULL with ERR set on failure
   (SF_E_CONFIG when kdocs.endpoint is not http(s)).  May hold a token:
   never show it unredacted.  Caller frees. */
char *kdocs_api_url(const struct sf_options *opts, const char *space,
                    const char *file, const char *qname, const char *qvalue,
                    struct sf_error *err);

/* Judge one reply of a Kdocs download call (body of LEN bytes, maybe not
   NUL-terminated, with HTTP_STATUS) and fill OUT's url, expect.size
   (fsize), expect.sha1 (checksums.sha1 when 40 hex digits) and name.
   OUT->provider, set by the caller, picks the settings that a credential
   error names.  Errors: SF_E_CREDENTIALS (token or signature refused),
   SF_E_NOT_FOUND, SF_E_PROVIDER (other code != 0, with provider_code),
   SF_E_HTTP (429/5xx without a code), SF_E_PROVIDER_PARSE (no JSON, or no
   usable fields: the message names the fields seen, never a value).
   Pure apart from allocation; safe on any input, for unit tests and
   fuzzing. */
enum sf_err kdocs_parse_reply(const char *body, size_t len, long http_status,
                              struct sf_resolved *out, struct sf_error *err);

/* GET URL, as OUT->provider, and judge the reply (kdocs_parse_reply); on
   success OUT's expiry is set.  PREPARE (or NULL), with CTX, sets the
   headers of every attempt afresh (see sf_api_prepare_fn).  A message
   never repeats a configured secret, even when the provider echoes
   one. */
enum sf_err kdocs_fetch(const struct sf_options *opts, const char *url,
                        sf_api_prepare_fn prepare, void *ctx,
                        struct sf_resolved *out, struct sf_error *err);

#endif /* SIGFETCH_PROV_KDOCS_COMMON_H */
