/* SPDX-License-Identifier: GPL-3.0-or-later */
/* run.c turns the command line's locators into downloads for the engine:
   it resolves each one just before it starts (signed URLs are short-lived),
   reports every result, and keeps the first failure in input order for the
   exit status (not the lowest code, unlike Wget2). */
#include "run.h"

#include "engine.h"
#include "log.h"
#include "redact.h"
#include "report.h"
#include "resolver.h"

/* A download plus what re-resolving it needs; dl comes first so the
   engine's pointer converts back. */
struct run_item {
  struct sf_download dl;
  const struct sf_resolver *rv;
  const struct sf_options *opts;
};

struct run {
  const struct sf_options *opts;
  size_t next_index;
  size_t first_fail;          /* input index of the first failure */
  enum sf_err first_err;
  enum sf_err report_err;
};

static enum sf_err
item_refresh(void *ctx, struct sf_resolved *out, struct sf_error *err)
{
  struct run_item *it = ctx;

  return it->rv->resolve(it->opts, it->dl.locator, out, err);
}

static void
item_free(struct run_item *it)
{
  if(!it)
    return;
  resolved_free(&it->dl.resolved);
  free(it->dl.locator_shown);
  free(it);
}

static void
note_result(struct run *r, const struct sf_download *dl,
            const struct sf_result *res)
{
  if(report_result(r->opts, dl, res) && !r->report_err)
    r->report_err = SF_E_IO;
  if(res->status == SF_STATUS_FAILED &&
     (!r->first_err || dl->index < r->first_fail)) {
    r->first_err = res->err.code ? res->err.code : SF_E_INTERNAL;
    r->first_fail = dl->index;
  }
}

static struct run_item *
item_new(struct run *r, size_t i)
{
  const struct sf_options *o = r->opts;
  struct run_item *it = calloc(1, sizeof(*it));

  if(!it)
    return NULL;
  it->opts = o;
  it->dl.index = i;
  it->dl.locator = o->locators[i];
  it->dl.locator_shown = redact_url(o->locators[i]);
  it->dl.output = o->output;
  it->dl.user = &o->expect;
  it->dl.headers = o->headers;
  it->dl.n_headers = o->n_headers;
  it->dl.resolved.expect.size = -1;
  it->rv = resolver_find(it->dl.locator, NULL);
  if(!it->dl.locator_shown || !it->rv) {
    item_free(it);
    return NULL;
  }
  if(it->rv->refreshable) {
    it->dl.refresh = item_refresh;
    it->dl.refresh_ctx = it;
  }
  return it;
}

/* engine source: resolve the next locator; failures are reported here. */
static struct sf_download *
run_next(void *ud)
{
  struct run *r = ud;

  while(r->next_index < r->opts->n_locators) {
    struct run_item *it = item_new(r, r->next_index++);
    struct sf_result res;

    if(!it)
      return NULL;
    result_init(&res);
    if(!it->rv->resolve(r->opts, it->dl.locator, &it->dl.resolved,
                        &res.err))
      return &it->dl;
    if(!it->dl.resolved.provider)
      it->dl.resolved.provider = it->rv->name;
    note_result(r, &it->dl, &res);
    item_free(it);
  }
  return NULL;
}

static void
run_done(void *ud, struct sf_download *dl, const struct sf_result *res)
{
  note_result(ud, dl, res);
  item_free((struct run_item *)dl);
}

/* Usage errors come before any transfer. */
static enum sf_err
check_locators(const struct sf_options *opts, struct sf_error *err)
{
  size_t i;

  for(i = 0; i < opts->n_locators; i++) {
    if(!resolver_find(opts->locators[i], err)) {
      char *shown = redact_url(opts->locators[i]);
      char msg[sizeof(err->message)];
      snprintf(msg, sizeof(msg), "%s", err->message);
      error_set(err, err->code, "sigfetch: %.200s: %.800s",
                shown ? shown : "?", msg);
      free(shown);
      return err->code;
    }
  }
  return SF_OK;
}

enum sf_err
run_all(const struct sf_options *opts, volatile sig_atomic_t *stop,
        struct sf_error *err)
{
  struct run r;
  struct sf_engine_source src;
  enum sf_err rc;

  rc = check_locators(opts, err);
  if(rc)
    return rc;
  memset(&r, 0, sizeof(r));
  r.opts = opts;
  src.next = run_next;
  src.done = run_done;
  src.ud = &r;
  rc = engine_run(opts, &src, stop);
  if(rc)
    return rc;
  if(r.first_err)
    return r.first_err;
  return r.report_err;
}
