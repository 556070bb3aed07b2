/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Small helpers shared by the TCB, Ekuaibao and Fxiaoke resolvers. */
#ifndef SIGFETCH_PROV_COMMON_H
#define SIGFETCH_PROV_COMMON_H

#include "api.h"
#include "token.h"

/* One provider's calls with a token that the provider may refuse: a
   refused token is renewed once from app credentials and the call made
   again.  The provider's context holds it and points CTX at itself. */
struct sf_prov_call {
  const struct sf_options *opts;
  const char *provider;         /* "tcb": names the provider in messages */
  const char *endpoint;         /* the API's base URL */
  char *token;                  /* the current token: a secret */
  time_t token_at;              /* when it was issued; 0: configured */
  bool renewable;               /* app credentials can fetch a new token */
  /* A token refused within PROV_FRESH_S of its issue is tried once more
     after a pause before it is renewed (Ekuaibao changelog 1.17.0). */
  bool fresh_retry;
  void *ctx;                    /* the provider's context, for callbacks */
  /* This attempt's URL (the current token or a fresh trace id in its
     query), asked for before every HTTP attempt; NULL when out of
     memory.  Caller frees. */
  char *(*url)(void *ctx);
  /* This attempt's body when the token goes in the body, NULL when out of
     memory; when this is NULL the caller's body is sent as is. */
  cJSON *(*body)(void *ctx);
  /* Judge an answer: SF_E_CREDENTIALS when the token was refused. */
  enum sf_err (*envelope)(const struct sf_api_resp *resp,
                          struct sf_error *err);
  /* A new token into TOKEN (its issue time into TOKEN_AT); REJECTED
     (NULL at first) was just refused. */
  enum sf_err (*renew)(void *ctx, const char *rejected,
                       struct sf_error *err);
  /* Is this answer, which ENVELOPE judged SF_E_PROVIDER, the provider
     saying it is busy?  The least wait before the next try in units of
     --retry-delay (a rate limit's own minimum), else 0.  NULL: never. */
  double (*busy)(const struct sf_api_resp *resp);
};

/* A refused token younger than this many seconds may just not be live
   yet (CALL->fresh_retry); the pause is twice --retry-delay. */
#define PROV_FRESH_S 5
#define PROV_FRESH_PAUSE 2.0

/* Turn a token service's answer into OUT (an sf_token_fetch_fn's part). */
typedef enum sf_err (*sf_prov_token_reply_fn)(
  const struct sf_api_resp *resp, struct sf_token *out, struct sf_error *err);

/* CALL's first token: a copy of CONFIGURED when it is set, else one from
   CALL->renew.  SF_E_CREDENTIALS with the message MISSING when there is
   neither a configured token nor app credentials. */
enum sf_err prov_call_start(struct sf_prov_call *call,
                            const char *configured, const char *missing,
                            struct sf_error *err);

/* POST to CALL->url() the body CALL->body() or else BODY, and judge the
   answer with CALL->envelope.  Busy answers (CALL->busy) are retried with
   back-off at most --retries times; the last one is the result.  When the
   token is refused and CALL is renewable, renew it once and make the call
   again (a CALL->fresh_retry token just issued is first tried once more
   after a pause); the answer (or the renewal's error) is then the
   result.  RESP holds the last answer. */
enum sf_err prov_call_renewing(struct sf_prov_call *call,
                               const cJSON *body, struct sf_api_resp *resp,
                               struct sf_error *err);

/* An sf_token_fetch_fn's request: POST BODY (app credentials, a secret;
   NULL when it could not be built, which is out of memory) to CALL's
   endpoint + PATH and let REPLY judge the answer into OUT. */
enum sf_err prov_fetch_token(const struct sf_prov_call *call,
                             const char *path, const cJSON *body,
                             sf_prov_token_reply_fn reply,
                             struct sf_token *out, struct sf_error *err);

/* Wipe and free CALL's token. */
void prov_call_free(struct sf_prov_call *call);

/* ENDPOINT (trailing '/' dropped) + PATH, then "?QNAME=QVALUE" with QVALUE
   percent-encoded when QNAME is not NULL.  NULL when out of memory.  The
   result may hold a token: never show it unredacted. */
char *prov_url(const char *endpoint, const char *path, const char *qname,
               const char *qvalue);

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

#endif /* SIGFETCH_PROV_COMMON_H */
