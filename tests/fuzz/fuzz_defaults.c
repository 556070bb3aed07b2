/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The [defaults] section of the configuration file (src/base/config.c
   config_load, src/cli.c cli_apply_defaults and the option parsers it
   reuses: rates, times, counts, proxy URLs, booleans).  The input is the
   file's text after our own "[defaults] proxy = http://u:SEKRETPXY@h:1"
   line; the command line is "-j 3".  Properties: a failure is exit 3
   (configuration) or out of memory, naming the file and a line; the
   proxy password never shows in a message once masked as every message
   is; the command line wins (-j stays 3); the values taken are in range. */
#include "fuzz.h"

#include <fcntl.h>
#include <unistd.h>

#include "cli.h"
#include "config.h"
#include "error.h"
#include "redact.h"

#define HEAD "[defaults]\nproxy = http://u:SEKRETPXY@h:1\n"

/* Write HEAD and DATA into a private file; its path (static). */
static const char *
config_file(const uint8_t *data, size_t size)
{
  static char path[64];
  int fd;

  if(!path[0])
    snprintf(path, sizeof(path), "/tmp/fuzz_defaults.%ld.ini",
             (long)getpid());
  fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  FUZZ_CHECK(fd >= 0);
  FUZZ_CHECK(write(fd, HEAD, strlen(HEAD)) == (ssize_t)strlen(HEAD));
  FUZZ_CHECK(!size || write(fd, data, size) == (ssize_t)size);
  FUZZ_CHECK(!close(fd));
  return path;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char a0[] = "sigfetch";
  char a1[] = "-j";
  char a2[] = "3";
  char a3[] = "--config";
  char a4[64];
  char a5[] = "https://h/a";
  char *argv[] = { a0, a1, a2, a3, a4, a5, NULL };
  struct sf_options opts;
  struct sf_config *cfg = NULL;
  enum sf_cli_action action;
  struct sf_error err;
  enum sf_err rc;

  snprintf(a4, sizeof(a4), "%s", config_file(data, size));
  error_clear(&err);
  FUZZ_CHECK(cli_parse(6, argv, &opts, &action, &err) == SF_OK);
  rc = config_load(&opts, &cfg, NULL, &err);
  if(!rc)
    rc = cli_apply_defaults(&opts, cfg, &err);
  if(rc) {
    char shown[sizeof(err.message)];
    FUZZ_CHECK(rc == SF_E_NOMEM || error_exit_code(rc) == 3);
    FUZZ_CHECK(rc == SF_E_NOMEM || strstr(err.message, a4));
    snprintf(shown, sizeof(shown), "%s", err.message);
    redact_secrets(shown);
    FUZZ_CHECK(!strstr(shown, "SEKRETPXY") ||
               memmem(data, size, "SEKRETPXY", 9));
  }
  else {
    FUZZ_CHECK(opts.jobs == 3);
    FUZZ_CHECK(opts.limit_rate >= 0 && opts.max_time >= 0);
    FUZZ_CHECK(opts.connections >= 0 && opts.retries >= 0);
    FUZZ_CHECK(opts.proxy);
  }
  config_free(cfg);
  cli_free(&opts);
  redact_secrets_clear(); /* each input starts with no secret known */
  return 0;
}
