/* SPDX-License-Identifier: GPL-3.0-or-later */
/* report.c writes the outcome of each file: the --json result line of
   CLI.md on stdout (checked for write errors) and a one-line human summary
   on stderr.  Locators shown here are already redacted. */
#include "report.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <time.h>

#include "log.h"
#include "redact.h"

static const char *
status_name(enum sf_status s)
{
  switch(s) {
  case SF_STATUS_OK: return "ok";
  case SF_STATUS_SKIPPED: return "skipped";
  default: return "failed";
  }
}

static bool
add_str_or_null(cJSON *o, const char *name, const char *v)
{
  return (v && *v) ? cJSON_AddStringToObject(o, name, v) != NULL
                   : cJSON_AddNullToObject(o, name) != NULL;
}

static bool
add_int_or_null(cJSON *o, const char *name, int64_t v)
{
  return v >= 0 ? cJSON_AddNumberToObject(o, name, (double)v) != NULL
                : cJSON_AddNullToObject(o, name) != NULL;
}

static bool
add_error(cJSON *o, const struct sf_result *res)
{
  char message[sizeof(res->err.message)];
  cJSON *e;

  snprintf(message, sizeof(message), "%s", res->err.message);
  redact_secrets(message);
  if(res->status != SF_STATUS_FAILED)
    return true;
  e = cJSON_AddObjectToObject(o, "error");
  if(!e || !cJSON_AddNumberToObject(e, "exit_code",
                                    error_exit_code(res->err.code)) ||
     !cJSON_AddStringToObject(e, "kind", error_kind(res->err.code)) ||
     !cJSON_AddStringToObject(e, "message", message))
    return false;
  return !res->err.provider_code[0] ||
         cJSON_AddStringToObject(o, "provider_code", res->err.provider_code);
}

/* The --json object for DL/RES as one line (no newline).  Caller frees. */
static char *
report_json(const struct sf_options *opts, const struct sf_download *dl,
            const struct sf_result *res)
{
  cJSON *o = cJSON_CreateObject();
  char *text = NULL;
  const char *provider = dl->resolved.provider;

  if(o && add_str_or_null(o, "locator", dl->locator_shown) &&
     add_str_or_null(o, "provider", provider) &&
     add_str_or_null(o, "output", res->output) &&
     cJSON_AddStringToObject(o, "status", status_name(res->status)) &&
     add_int_or_null(o, "size", res->size) &&
     add_str_or_null(o, "sha1", res->sha1) &&
     cJSON_AddNumberToObject(o, "resumed_from", (double)res->resumed_from) &&
     cJSON_AddNumberToObject(o, "bytes_transferred",
                             (double)res->bytes_transferred) &&
     cJSON_AddNumberToObject(o, "retries", (double)res->retries) &&
     cJSON_AddNumberToObject(o, "elapsed_s",
                             round(res->elapsed_s * 1000) / 1000) &&
     add_error(o, res))
    text = cJSON_PrintUnformatted(o);
  cJSON_Delete(o);
  return text;
}

static void
report_human(const struct sf_options *opts, const struct sf_download *dl,
             const struct sf_result *res)
{
  const char *out = res->output ? res->output : "-";

  if(res->status == SF_STATUS_FAILED)
    log_msg(opts, SF_LOG_ERROR, _("sigfetch: %s: %s"), dl->locator_shown,
            res->err.message);
  else if(res->status == SF_STATUS_SKIPPED)
    log_msg(opts, SF_LOG_INFO,
            _("sigfetch: %s: '%s' is already complete; skipped"),
            dl->locator_shown, out);
  else
    log_msg(opts, SF_LOG_INFO,
            _("sigfetch: %s: saved '%s' (%lld bytes, sha1 %s)"),
            dl->locator_shown, out, (long long)res->size, res->sha1);
}

enum sf_err
report_result(const struct sf_options *opts, const struct sf_download *dl,
              const struct sf_result *res)
{
  char *line;
  int bad;

  report_human(opts, dl, res);
  if(!opts->json)
    return SF_OK;
  line = report_json(opts, dl, res);
  if(!line)
    return SF_E_NOMEM;
  bad = printf("%s\n", line) < 0 || fflush(stdout);
  free(line);
  return bad ? SF_E_IO : SF_OK;
}

static bool
add_headers(cJSON *o, const struct sf_resolved *rv, bool show)
{
  cJSON *h = cJSON_AddObjectToObject(o, "headers");
  size_t i;

  for(i = 0; h && i < rv->n_headers; i++) {
    const char *line = rv->headers[i];
    const char *colon = strchr(line, ':');
    char name[128];
    const char *v;

    if(!colon || (size_t)(colon - line) >= sizeof(name))
      continue;
    snprintf(name, sizeof(name), "%.*s", (int)(colon - line), line);
    for(v = colon + 1; *v == ' ' || *v == '\t'; v++)
      ;
    if(!cJSON_AddStringToObject(h, name, show ? v : "***"))
      return false;
  }
  return h != NULL;
}

static bool
add_expiry(cJSON *o, time_t t)
{
  char buf[32];
  struct tm tm;

  if(!t || !gmtime_r(&t, &tm) ||
     !strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm))
    return cJSON_AddNullToObject(o, "expires_at") != NULL;
  return cJSON_AddStringToObject(o, "expires_at", buf) != NULL;
}

/* --resolve-only's object for DL, as one line.  Caller frees. */
static char *
report_resolved_json(const struct sf_download *dl, bool show)
{
  const struct sf_resolved *rv = &dl->resolved;
  char *url = rv->url ? (show ? strdup(rv->url) : redact_url(rv->url)) : NULL;
  cJSON *o = cJSON_CreateObject();
  char *text = NULL;

  if(o && add_str_or_null(o, "locator", dl->locator_shown) &&
     add_str_or_null(o, "provider", rv->provider) &&
     add_str_or_null(o, "url", url) && add_headers(o, rv, show) &&
     add_int_or_null(o, "size", rv->expect.size) &&
     add_str_or_null(o, "sha1", rv->expect.sha1) &&
     add_str_or_null(o, "name", rv->name) && add_expiry(o, rv->expires_at))
    text = cJSON_PrintUnformatted(o);
  cJSON_Delete(o);
  free(url);
  return text;
}

enum sf_err
report_resolved(const struct sf_options *opts, const struct sf_download *dl,
                const struct sf_error *err)
{
  struct sf_result res;
  char *line;
  int bad;

  if(err->code) {
    result_init(&res);
    res.err = *err;
    report_human(opts, dl, &res);
    line = report_json(opts, dl, &res);
  }
  else
    line = report_resolved_json(dl, opts->show_secrets);
  if(!line)
    return SF_E_NOMEM;
  bad = printf("%s\n", line) < 0 || fflush(stdout);
  free(line);
  return bad ? SF_E_IO : SF_OK;
}
