/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Error codes, and the one table that maps them to exit statuses. */
#ifndef SIGFETCH_ERROR_H
#define SIGFETCH_ERROR_H

#include "system.h"

enum sf_err {
  SF_OK = 0,
  SF_E_INTERNAL,
  SF_E_NOMEM,
  SF_E_USAGE,
  SF_E_BAD_LOCATOR,
  SF_E_CONFIG,
  SF_E_CREDENTIALS,
  SF_E_PROVIDER,
  SF_E_PROVIDER_PARSE,
  SF_E_NOT_FOUND,
  SF_E_NETWORK,
  SF_E_HTTP,
  SF_E_TLS,
  SF_E_REDIRECT,
  SF_E_EXPIRED,
  SF_E_SIZE_MISMATCH,
  SF_E_DIGEST_MISMATCH,
  SF_E_EXISTS,
  SF_E_LOCKED,
  SF_E_IO,
  SF_E_DISK_FULL,
  SF_E_INTERRUPTED,
  SF_E_TERMINATED,
  SF_E_COUNT
};

/* What a failing module hands back to its caller, who reports it once. */
struct sf_error {
  enum sf_err code;
  char message[1024];
  char provider_code[64];
};

/* Exit status (0-7, 130, 143) for CODE: the only place that knows them. */
int error_exit_code(enum sf_err code);

/* Stable machine-readable kind for --json ("integrity", "network", ...). */
const char *error_kind(enum sf_err code);

/* What a stop request by signal SIG means: SF_E_TERMINATED for SIGTERM,
   SF_E_INTERRUPTED for any other (SIGINT); SF_OK for 0 (no signal). */
enum sf_err error_for_signal(int sig);

/* Translated generic text for CODE, used when no message was set. */
const char *error_text(enum sf_err code);

/* Fill ERR (may be NULL) with CODE and a formatted message; returns CODE.
   The format and its arguments must hold no secret. */
enum sf_err error_set(struct sf_error *err, enum sf_err code,
                      const char *fmt, ...) SF_PRINTF(3, 4);

/* Reset ERR to SF_OK with an empty message. */
void error_clear(struct sf_error *err);

#endif /* SIGFETCH_ERROR_H */
