/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Small helpers shared by the TCB, Ekuaibao and Fxiaoke resolvers. */
#ifndef SIGFETCH_PROV_COMMON_H
#define SIGFETCH_PROV_COMMON_H

#include "api.h"

/* ENDPOINT (trailing '/' dropped) + PATH, then "?QNAME=QVALUE" with QVALUE
   percent-encoded when QNAME is not NULL.  NULL when out of memory.  The
   result may hold a token: never show it unredacted. */
char *prov_url(const char *endpoint, const char *path, const char *qname,
               const char *qvalue);

/* POST BODY as application/json to URL through api_call.  PROVIDER names
   the provider in messages.  The body may hold secrets: it is sent, never
   shown. */
enum sf_err prov_post_json(const struct sf_options *opts, const char *url,
                           const cJSON *body, const char *provider,
                           struct sf_api_resp *resp, struct sf_error *err);

/* prov_post_json to ENDPOINT + PATH (no query). */
enum sf_err prov_post_path(const struct sf_options *opts,
                           const char *endpoint, const char *path,
                           const cJSON *body, const char *provider,
                           struct sf_api_resp *resp, struct sf_error *err);

/* S (provider text, may be NULL) made fit for a one-line message in BUF:
   control characters become spaces, at most LEN - 1 bytes, never cut
   inside a UTF-8 sequence.  Returns BUF. */
const char *prov_text(const char *s, char *buf, size_t len);

/* SF_E_NOMEM with its message in ERR. */
enum sf_err prov_nomem(struct sf_error *err);

/* Record the provider's own error code in ERR (--json "provider_code"). */
void prov_set_code(struct sf_error *err, long long code);

/* Copy ERR into ERRS[0..N): a failure of a whole provider call. */
void prov_fail_all(struct sf_error *errs, size_t n,
                   const struct sf_error *err);

/* True when S starts with http:// or https://. */
bool prov_is_http_url(const char *s);

#endif /* SIGFETCH_PROV_COMMON_H */
