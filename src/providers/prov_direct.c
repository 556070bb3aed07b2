/* SPDX-License-Identifier: GPL-3.0-or-later */
/* prov_direct.c resolves http:// and https:// locators to themselves. */
#include "prov_direct.h"

#include "url.h"

static bool
direct_match(const char *locator)
{
  return url_is_http(locator);
}

static enum sf_err
direct_resolve(const struct sf_options *opts, const char *locator,
               struct sf_resolved *out, struct sf_error *err)
{
  (void)opts;
  out->url = strdup(locator);
  out->provider = "direct";
  out->expect.size = -1;
  if(!out->url)
    return error_set(err, SF_E_NOMEM, "%s", error_text(SF_E_NOMEM));
  return SF_OK;
}

const struct sf_resolver prov_direct = {
  .name = "direct",
  .match = direct_match,
  .resolve = direct_resolve,
  .batch_max = 1,
};
