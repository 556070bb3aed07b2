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

/* NAME: T as RFC 3339 UTC in whole seconds ("2026-11-29T16:20:00Z"). */
static bool
add_time(cJSON *o, const char *name, time_t t)
{
  char buf[32];
  struct tm tm;

  if(!t || !gmtime_r(&t, &tm) ||
     !strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm))
    return cJSON_AddNullToObject(o, name) != NULL;
  return cJSON_AddStringToObject(o, name, buf) != NULL;
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
     add_int_or_null(o, "index", dl->number ? (int64_t)dl->number : -1) &&
     add_int_or_null(o, "http_status",
                     res->http_status > 0 ? res->http_status : -1) &&
     add_time(o, "finished_at", time(NULL)) &&
     add_error(o, res))
    text = cJSON_PrintUnformatted(o);
  cJSON_Delete(o);
  return text;
}

/* Print the JSON text LINE and a newline on stdout; nonzero on failure.
   cJSON escapes C0 controls but writes C1 (U+0080..U+009F in UTF-8) raw:
   they go out as \u escapes, the same JSON, so that --json output shown
   on a terminal never carries a CSI (U+009B) from a locator or name. */
static int
print_json_line(const char *line)
{
  const char *p = line;

  for(;;) {
    const char *c = p;
    while(*c && !((unsigned char)c[0] == 0xc2 &&
                  (unsigned char)c[1] >= 0x80 && (unsigned char)c[1] <= 0x9f))
      c++;
    if(fwrite(p, 1, (size_t)(c - p), stdout) != (size_t)(c - p))
      return -1;
    if(!*c)
      break;
    if(printf("\\u00%02x", (unsigned)(unsigned char)c[1]) < 0)
      return -1;
    p = c + 2;
  }
  return putchar('\n') == EOF ? -1 : 0;
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
  bad = print_json_line(line) || fflush(stdout);
  free(line);
  return bad ? SF_E_IO : SF_OK;
}

void
report_tally(struct sf_tally *t, const struct sf_result *res)
{
  t->bytes += res->bytes_transferred;
  if(res->status == SF_STATUS_OK)
    t->ok++;
  else if(res->status == SF_STATUS_SKIPPED)
    t->skipped++;
  else {
    t->failed++;
    t->by_code[res->err.code < SF_E_COUNT ? res->err.code
                                          : SF_E_INTERNAL]++;
  }
}

/* "1 network, 1 integrity": T's failures by --json error kind, in the
   order of error.c's table, into BUF. */
static void
failure_kinds(const struct sf_tally *t, char *buf, size_t len)
{
  size_t n = 0;
  int i;
  int j;

  buf[0] = '\0';
  for(i = 1; i < SF_E_COUNT; i++) {
    const char *kind = error_kind((enum sf_err)i);
    size_t count = 0;
    bool seen = false;
    for(j = 1; j < i && !seen; j++)
      seen = !strcmp(error_kind((enum sf_err)j), kind);
    for(j = i; j < SF_E_COUNT && !seen; j++)
      if(!strcmp(error_kind((enum sf_err)j), kind))
        count += t->by_code[j];
    if(seen || !count || n >= len)
      continue;
    n += (size_t)snprintf(buf + n, len - n, "%s%zu %s", n ? ", " : "",
                          count, kind);
  }
}

/* "50.0 MiB" style size into BUF. */
static void
human_bytes(int64_t n, char *buf, size_t len)
{
  static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB" };
  double v = (double)n;
  size_t u = 0;

  while(v >= 1024 && u + 1 < countof(units)) {
    v /= 1024;
    u++;
  }
  snprintf(buf, len, u ? "%.1f %s" : "%.0f %s", v, units[u]);
}

void
report_summary(const struct sf_options *opts, const struct sf_tally *t,
               double elapsed_s)
{
  size_t n = t->ok + t->skipped + t->failed;
  char kinds[256];
  char bytes[32];
  char files[64];
  char failed[320];

  if(n < 2 || opts->quiet)
    return;
  human_bytes(t->bytes, bytes, sizeof(bytes));
  /* TRANSLATORS: the start of the end-of-run line */
  snprintf(files, sizeof(files), ngettext("%zu file", "%zu files", n), n);
  failure_kinds(t, kinds, sizeof(kinds));
  if(t->failed)
    snprintf(failed, sizeof(failed), _("%zu failed (%s)"), t->failed,
             kinds);
  else
    snprintf(failed, sizeof(failed), _("%zu failed"), t->failed);
  /* TRANSLATORS: "sigfetch: 20 files: 17 ok, 1 skipped, 2 failed (1
     network, 1 integrity); 50.0 MiB received in 12.3 s"; the kinds in
     parentheses stay in English (they are the --json error kinds) */
  log_msg(opts, SF_LOG_INFO,
          _("sigfetch: %s: %zu ok, %zu skipped, %s; %s received in %.1f s"),
          files, t->ok, t->skipped, failed, bytes, elapsed_s);
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
     add_str_or_null(o, "name", rv->name) &&
     add_time(o, "expires_at", rv->expires_at))
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
  bad = print_json_line(line) || fflush(stdout);
  free(line);
  return bad ? SF_E_IO : SF_OK;
}
