/* SPDX-License-Identifier: GPL-3.0-or-later */
/* error.c owns the mapping from sigfetch error codes to exit statuses,
   JSON kinds and default messages (CLI.md "Exit status"). */
#include "error.h"

#include <signal.h>
#include <stdarg.h>

struct err_info {
  int exit_code;
  const char *kind;
  const char *text;
};

static const struct err_info err_table[SF_E_COUNT] = {
  [SF_OK] = { 0, "ok", N_("success") },
  [SF_E_INTERNAL] = { 1, "internal", N_("internal error") },
  [SF_E_NOMEM] = { 1, "internal", N_("out of memory") },
  [SF_E_USAGE] = { 2, "usage", N_("usage error") },
  [SF_E_BAD_LOCATOR] = { 2, "usage", N_("unrecognised locator") },
  [SF_E_CONFIG] = { 3, "config", N_("configuration error") },
  [SF_E_CREDENTIALS] = { 3, "config", N_("credentials missing or rejected") },
  [SF_E_PROVIDER] = { 4, "provider", N_("the provider refused the request") },
  [SF_E_PROVIDER_PARSE] = { 4, "provider",
                            N_("the provider's answer could not be parsed") },
  [SF_E_NOT_FOUND] = { 4, "provider",
                       N_("the provider does not know the file") },
  [SF_E_NETWORK] = { 5, "network", N_("network failure") },
  [SF_E_HTTP] = { 5, "network", N_("HTTP failure") },
  [SF_E_TLS] = { 5, "network", N_("TLS failure") },
  [SF_E_REDIRECT] = { 5, "network", N_("redirect refused") },
  [SF_E_EXPIRED] = { 4, "provider", N_("the signed URL was refused twice") },
  [SF_E_SIZE_MISMATCH] = { 6, "integrity", N_("size mismatch") },
  [SF_E_DIGEST_MISMATCH] = { 6, "integrity", N_("checksum mismatch") },
  [SF_E_EXISTS] = { 7, "local", N_("output file exists") },
  [SF_E_LOCKED] = { 7, "local", N_("output is locked by another run") },
  [SF_E_IO] = { 7, "local", N_("local file error") },
  [SF_E_DISK_FULL] = { 7, "local", N_("disk full") },
  [SF_E_INTERRUPTED] = { 130, "interrupted", N_("interrupted") },
  [SF_E_TERMINATED] = { 143, "interrupted", N_("terminated") },
};

static const struct err_info *
err_lookup(enum sf_err code)
{
  if((unsigned)code >= SF_E_COUNT)
    code = SF_E_INTERNAL;
  return &err_table[code];
}

int
error_exit_code(enum sf_err code)
{
  return err_lookup(code)->exit_code;
}

const char *
error_kind(enum sf_err code)
{
  return err_lookup(code)->kind;
}

enum sf_err
error_for_signal(int sig)
{
  if(!sig)
    return SF_OK;
  return sig == SIGTERM ? SF_E_TERMINATED : SF_E_INTERRUPTED;
}

const char *
error_text(enum sf_err code)
{
  return _(err_lookup(code)->text);
}

enum sf_err
error_set(struct sf_error *err, enum sf_err code, const char *fmt, ...)
{
  va_list ap;

  if(!err)
    return code;
  err->code = code;
  va_start(ap, fmt);
  vsnprintf(err->message, sizeof(err->message), fmt, ap);
  va_end(ap);
  return code;
}

void
error_clear(struct sf_error *err)
{
  err->code = SF_OK;
  err->message[0] = '\0';
  err->provider_code[0] = '\0';
}
