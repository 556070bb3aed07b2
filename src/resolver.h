/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The resolver interface and the table of providers. */
#ifndef SIGFETCH_RESOLVER_H
#define SIGFETCH_RESOLVER_H

#include "download.h"

/* One provider: a locator prefix it claims and how to resolve it. */
struct sf_resolver {
  const char *name;                     /* "direct", "kdocs-personal", ... */
  bool (*match)(const char *locator);
  enum sf_err (*resolve)(const struct sf_options *opts, const char *locator,
                         struct sf_resolved *out, struct sf_error *err);
  size_t batch_max;                     /* files per provider call */
  bool refreshable;                     /* resolving again gives a new URL */
};

/* The resolver for LOCATOR, or NULL (then SF_E_BAD_LOCATOR in ERR with
   the accepted forms). */
const struct sf_resolver *resolver_find(const char *locator,
                                        struct sf_error *err);

#endif /* SIGFETCH_RESOLVER_H */
