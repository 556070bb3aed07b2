/* SPDX-License-Identifier: GPL-3.0-or-later */
/* prov_kdocs_personal.c resolves kdocs:personal/FILE_TOKEN with
   GET {kdocs.endpoint}/api/v1/openapi/personal/files/FILE_TOKEN/download
   ?access_token=... (PROVIDERS.md 4.3): a temporary URL with the file's
   size and sha1.  The reply is judged in prov_kdocs_common.c. */
#include "prov_kdocs_personal.h"

#include "config.h"
#include "prov_kdocs_common.h"

#define KIND "kdocs:personal"
#define FORM "kdocs:personal/FILE_TOKEN"
#define NAME "kdocs-personal"

static bool
personal_match(const char *locator)
{
  return kdocs_match(locator, KIND);
}

static enum sf_err
personal_check(const char *locator, struct sf_error *err)
{
  return kdocs_check(locator, KIND, FORM, err);
}

static enum sf_err
personal_resolve(const struct sf_options *opts, const char *locator,
                 struct sf_resolved *out, struct sf_error *err)
{
  const char *file = kdocs_file_token(locator, KIND);
  const char *token;
  char *url;
  enum sf_err rc;

  out->provider = NAME;
  if(!file)
    return kdocs_check(locator, KIND, FORM, err);
  rc = config_require(opts->config, "kdocs.access_token", FORM, &token, err);
  if(rc)
    return rc;
  url = kdocs_api_url(opts, "personal", file, "access_token", token, err);
  if(!url)
    return err->code;
  rc = kdocs_fetch(opts, url, NULL, NULL, out, err);
  free(url);
  return rc;
}

const struct sf_resolver prov_kdocs_personal = {
  .name = NAME,
  .match = personal_match,
  .check = personal_check,
  .resolve = personal_resolve,
  .batch_max = 1,
  .refreshable = true,
};
