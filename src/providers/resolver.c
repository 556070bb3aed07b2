/* SPDX-License-Identifier: GPL-3.0-or-later */
/* resolver.c holds the provider table (a new provider is one file and one
   line here), the locator check that runs before anything starts, and
   the expiry rules shared by every signed URL. */
#include "resolver.h"

#include "prov_direct.h"
#include "prov_ekuaibao.h"
#include "prov_fxiaoke.h"
#include "prov_kdocs_app.h"
#include "prov_kdocs_personal.h"
#include "prov_tcb.h"
#include "url.h"

static const struct sf_resolver *const resolvers[] = {
  &prov_direct,
  &prov_kdocs_personal,
  &prov_kdocs_app,
  &prov_tcb,
  &prov_ekuaibao,
  &prov_fxiaoke,
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
              "https://URL, kdocs:personal/FILE_TOKEN, "
              "kdocs:app/FILE_TOKEN, cloud://ENV.BUCKET/PATH, "
              "ekuaibao:ID:KEY, fxiaoke:PATH)"));
  return NULL;
}

enum sf_err
resolver_check(const char *locator, struct sf_error *err)
{
  const struct sf_resolver *r = resolver_find(locator, err);

  if(!r)
    return SF_E_BAD_LOCATOR;
  return r->check ? r->check(locator, err) : SF_OK;
}

enum sf_err
resolver_resolve(const struct sf_resolver *rv, const struct sf_options *opts,
                 const char *locator, struct sf_resolved *out,
                 struct sf_error *err)
{
  if(rv->resolve)
    return rv->resolve(opts, locator, out, err);
  rv->resolve_batch(opts, &locator, 1, out, err);
  return err->code;
}

static bool
parse_time(const char *s, time_t *out)
{
  char *end = NULL;
  long long v;

  if(!s)
    return false;
  errno = 0;
  v = strtoll(s, &end, 10);
  if(errno || end == s || v <= 0)
    return false;
  *out = (time_t)v;
  return true;
}

/* The expiry a signed URL states about itself, or 0. */
static time_t
url_expiry(const char *url)
{
  char *v = url_query_param(url, "Expires");
  time_t t = 0;

  if(!parse_time(v, &t)) {
    /* COS: q-sign-time=START;END */
    free(v);
    v = url_query_param(url, "q-sign-time");
    if(!(v && strchr(v, ';') && parse_time(strchr(v, ';') + 1, &t)))
      t = 0;
  }
  free(v);
  return t;
}

void
resolver_set_expiry(struct sf_resolved *out, time_t now, long lifetime)
{
  time_t t = out->url ? url_expiry(out->url) : 0;

  out->expires_at = t ? t : (lifetime > 0 ? now + lifetime : 0);
}
