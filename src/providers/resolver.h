/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The resolver interface and the table of providers. */
#ifndef SIGFETCH_RESOLVER_H
#define SIGFETCH_RESOLVER_H

#include "download.h"

/* One provider: the locators it claims and how to resolve them.  A
   resolver reads settings through opts->config (config.h), calls its API
   through api.h, and fills a struct sf_resolved; it never prints. */
struct sf_resolver {
  const char *name;                     /* "direct", "kdocs-personal", ... */
  /* Does LOCATOR belong to this provider (by prefix)? */
  bool (*match)(const char *locator);
  /* Is LOCATOR well formed?  SF_E_BAD_LOCATOR with the expected form. */
  enum sf_err (*check)(const char *locator, struct sf_error *err);
  /* Resolve one locator.  May be NULL when resolve_batch is set: then
     resolver_resolve() asks for a batch of one. */
  enum sf_err (*resolve)(const struct sf_options *opts, const char *locator,
                         struct sf_resolved *out, struct sf_error *err);
  /* Optional: resolve N <= batch_max locators in as few calls as the
     provider allows.  OUTS[i] / ERRS[i] hold each file's own outcome
     (ERRS[i].code == SF_OK for success); a failure of the whole call is
     copied into every ERRS[i]. */
  void (*resolve_batch)(const struct sf_options *opts,
                        const char *const *locators, size_t n,
                        struct sf_resolved *outs, struct sf_error *errs);
  size_t batch_max;                     /* files per provider call */
  bool refreshable;                     /* resolving again gives a new URL */
};

/* The resolver for LOCATOR, or NULL (then SF_E_BAD_LOCATOR in ERR with
   the accepted forms). */
const struct sf_resolver *resolver_find(const char *locator,
                                        struct sf_error *err);

/* Resolve one LOCATOR with RV, through its resolve() or else its
   resolve_batch() on a batch of one.  OUT / ERR as for resolve(). */
enum sf_err resolver_resolve(const struct sf_resolver *rv,
                             const struct sf_options *opts,
                             const char *locator, struct sf_resolved *out,
                             struct sf_error *err);

/* resolver_find plus the resolver's own syntax check. */
enum sf_err resolver_check(const char *locator, struct sf_error *err);

/* Fill OUT's expiry: the URL's own (Expires=, x-oss-expires,
   q-sign-time) when it carries one, else NOW + LIFETIME seconds. */
void resolver_set_expiry(struct sf_resolved *out, time_t now, long lifetime);

#endif /* SIGFETCH_RESOLVER_H */
