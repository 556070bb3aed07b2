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

/* The API URL for FILE with the escaped TOKEN.  Caller frees. */
static char *
personal_api_url(const struct sf_options *opts, const char *file,
                 const char *token, struct sf_error *err)
{
  static const char fmt[] =
    "/api/v1/openapi/personal/files/%s/download?access_token=%s";
  char *esc = api_escape(token);
  char *path = NULL;
  char *url = NULL;
  size_t n;

  if(esc) {
    n = sizeof(fmt) + strlen(file) + strlen(esc);
    path = malloc(n);
  }
  if(!path) {
    error_set(err, SF_E_NOMEM, "%s", error_text(SF_E_NOMEM));
    goto out;
  }
  snprintf(path, n, fmt, file, esc);
  url = kdocs_url(config_get(opts->config, "kdocs.endpoint"), path, err);
out:
  free(esc);
  free(path);
  return url;
}

static enum sf_err
personal_resolve(const struct sf_options *opts, const char *locator,
                 struct sf_resolved *out, struct sf_error *err)
{
  const char *file = kdocs_file_token(locator, KIND);
  const char *token;
  struct sf_api_req req;
  char *url;
  enum sf_err rc;

  out->provider = NAME;
  if(!file)
    return kdocs_check(locator, KIND, FORM, err);
  rc = config_require(opts->config, "kdocs.access_token", FORM, &token, err);
  if(rc)
    return rc;
  url = personal_api_url(opts, file, token, err);
  if(!url)
    return err->code;
  memset(&req, 0, sizeof(req));
  req.method = "GET";
  req.url = url;
  req.provider = NAME;
  rc = kdocs_fetch(opts, &req, out, err);
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
