/* SPDX-License-Identifier: GPL-3.0-or-later */
/* JSON over HTTP for resolvers: one blocking call, parsed with cJSON. */
#ifndef SIGFETCH_API_H
#define SIGFETCH_API_H

#include "system.h"

#include <cjson/cJSON.h>

#include "error.h"
#include "options.h"

struct sf_api_req;

/* Called before every attempt of a request, the first included, to make
   what must differ per attempt (a signature with its Date, a trace id):
   it may change REQ's url and headers, which must then stay valid until
   the next call or the end of api_call.  An error ends the call. */
typedef enum sf_err (*sf_api_prepare_fn)(void *ctx, struct sf_api_req *req,
                                         struct sf_error *err);

struct sf_api_req {
  const char *method;            /* "GET" or "POST" */
  const char *url;               /* may carry a token: never shown raw */
  const char *const *headers;    /* "Name: value" */
  size_t n_headers;
  const char *body;              /* POST body, or NULL */
  const char *provider;          /* for messages: "kdocs-personal" ... */
  sf_api_prepare_fn prepare;     /* or NULL: every attempt is the same */
  void *prepare_ctx;
};

struct sf_api_resp {
  long status;
  char *body;
  size_t len;
  cJSON *json;                   /* NULL when the body is not JSON */
};

/* Perform REQ.  Network failures, 429 and 5xx are retried (with back-off,
   at most --retries times), each attempt made afresh by REQ->prepare when
   it is set; any other HTTP status is returned in RESP for the resolver
   to judge.  SF_E_NETWORK/SF_E_TLS when no answer came. */
enum sf_err api_call(const struct sf_options *opts,
                     const struct sf_api_req *req, struct sf_api_resp *resp,
                     struct sf_error *err);

void api_resp_free(struct sf_api_resp *resp);

/* Wait before retry number RETRY (1 for the first) the way api_call does:
   net_backoff(), the transfers' rule, with at least MIN_S seconds (a
   provider's own minimum). */
void api_backoff(const struct sf_options *opts, long retry, double min_s);

/* JSON helpers that never crash on the wrong type: the string, integer
   or object member NAME of O, or NULL / false. */
const char *api_str(const cJSON *o, const char *name);
bool api_int(const cJSON *o, const char *name, long long *out);
const cJSON *api_obj(const cJSON *o, const char *name);

/* The top-level member names of O, comma-separated, for messages that
   must not quote values.  Caller frees. */
char *api_member_names(const cJSON *o);

/* A query-string-safe copy of S (percent-encoded).  Caller frees. */
char *api_escape(const char *s);

#endif /* SIGFETCH_API_H */
