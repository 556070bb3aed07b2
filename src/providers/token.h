/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Provider tokens obtained from app credentials, and their on-disk cache
   ($XDG_CACHE_HOME/sigfetch/, the only place a secret is ever written). */
#ifndef SIGFETCH_TOKEN_H
#define SIGFETCH_TOKEN_H

#include "system.h"

#include <time.h>

#include "error.h"

/* Renew this long before a cached token expires. */
#define SF_TOKEN_MARGIN_S 300
/* A token fetched less than this long ago counts as "just fetched". */
#define SF_TOKEN_FRESH_S 60

struct sf_token {
  char *value;          /* the token: a secret */
  char *corp_id;        /* Fxiaoke: the corpId issued with it, or NULL */
  time_t expires_at;    /* 0 when the provider did not say */
  time_t fetched_at;
};

/* Fetch a new token from the provider into OUT.  FORCE: the token that
   was just fetched was refused, ask for a new one even if the provider
   still thinks its current one valid (WeChat force_refresh). */
typedef enum sf_err (*sf_token_fetch_fn)(void *ctx, bool force,
                                         struct sf_token *out,
                                         struct sf_error *err);

/* Where a token comes from: one cache file per provider and app id. */
struct sf_token_src {
  const char *provider;       /* "tcb", "ekuaibao", "fxiaoke" */
  const char *app_id;         /* an identifier: part of the file name */
  const char *scope;          /* endpoint and credentials: a cached token
                                 of another scope is not used (secret;
                                 only its SHA-256 is stored) */
  sf_token_fetch_fn fetch;
  void *ctx;
};

/* A usable token in OUT: the cached one while more than
   SF_TOKEN_MARGIN_S seconds of it remain, else a fresh one, which is
   cached.  REJECTED (or NULL) is a token the provider just refused: it is
   dropped and a different one fetched once.  Concurrent runs renew one at
   a time (a lock file) and never see a half-written cache.  A cache that
   cannot be used (no home directory, read-only) only costs a fetch. */
enum sf_err token_get(const struct sf_token_src *src, const char *rejected,
                      struct sf_token *out, struct sf_error *err);

/* token_get with SRC's scope made of the N strings SCOPE (joined by
   newlines; SRC->scope is ignored).  On success the token replaces
   *TOKEN and, when CORP_ID is not NULL, its corpId replaces *CORP_ID (the
   old values are wiped and freed); when FETCHED_AT is not NULL it gets
   the time the provider issued the token (from the cache or now). */
enum sf_err token_renew(const struct sf_token_src *src,
                        const char *const *scope, size_t n,
                        const char *rejected, char **token, char **corp_id,
                        time_t *fetched_at, struct sf_error *err);

void token_free(struct sf_token *t);

/* Overwrite and free a secret string (NULL is fine). */
void token_wipe(char *secret);

/* The cache directory ("$XDG_CACHE_HOME/sigfetch", else
   "$HOME/.cache/sigfetch"), or NULL.  Caller frees. */
char *token_cache_dir(void);

/* The cache file for SRC inside DIR.  Caller frees. */
char *token_cache_path(const char *dir, const struct sf_token_src *src);

/* Read PATH into T; SF_E_NOT_FOUND when absent, unreadable, not ours,
   malformed or of another scope.  Expiry is not checked here. */
enum sf_err token_cache_read(const char *path, const struct sf_token_src *src,
                             struct sf_token *t);

#endif /* SIGFETCH_TOKEN_H */
