/* SPDX-License-Identifier: GPL-3.0-or-later */
/* resolver.c holds the provider table: a new provider is one file and one
   line here. */
#include "resolver.h"

#include "prov_direct.h"

static const struct sf_resolver *const resolvers[] = {
  &prov_direct,
};

const struct sf_resolver *
resolver_find(const char *locator, struct sf_error *err)
{
  size_t i;

  for(i = 0; i < countof(resolvers); i++)
    if(resolvers[i]->match(locator))
      return resolvers[i];
  error_set(err, SF_E_BAD_LOCATOR,
            _("not a locator sigfetch knows (accepted: http://URL, "
              "https://URL)"));
  return NULL;
}
