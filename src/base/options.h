/* SPDX-License-Identifier: GPL-3.0-or-later */
/* struct sf_options: the parsed command line, the only shared state. */
#ifndef SIGFETCH_OPTIONS_H
#define SIGFETCH_OPTIONS_H

#include "system.h"

#include <signal.h>

struct sf_config;
struct sf_log;

enum sf_progress_mode {
  SF_PROGRESS_AUTO,
  SF_PROGRESS_BAR,
  SF_PROGRESS_PLAIN,
  SF_PROGRESS_NONE
};

/* Expected properties of a file; size < 0 and "" mean unknown. */
struct sf_expect {
  int64_t size;
  char sha1[41];
  char sha256[65];
  char md5[33];
  char crc64[17];     /* storage's CRC-64/XZ, hex (never from the user) */
};

struct sf_options {
  const char *output;          /* -o; "-" is stdout */
  const char *directory;       /* -P */
  struct sf_expect expect;     /* --sha1 --sha256 --md5 --size */
  const char **headers;        /* -H, "Name: value" */
  size_t n_headers;
  long jobs;                   /* -j */
  long connections;            /* -x */
  long retries;                /* --retries */
  double retry_delay;          /* --retry-delay, seconds */
  double connect_timeout;      /* seconds, 0 = libcurl default */
  double stall_timeout;        /* seconds, 0 = never */
  double max_time;             /* seconds per file from its first request,
                                  0 = no limit */
  int64_t limit_rate;          /* bytes/s over the whole run, 0 = none */
  const char *proxy;           /* --proxy; NULL: libcurl's environment */
  const char *noproxy;         /* --noproxy */
  bool ipv4;                   /* -4 */
  bool ipv6;                   /* -6 */
  const char *user_agent;      /* NULL: sigfetch/VERSION */
  bool no_continue;
  bool overwrite;
  bool json;
  bool quiet;
  int verbose;
  enum sf_progress_mode progress;
  const char *cacert;
  bool insecure;
  const char **locators;
  size_t n_locators;
  const char *input_file;      /* -i; "-" is stdin */
  const char *archive;         /* --archive */
  const char *config_file;     /* --config */
  const char **sets;           /* --set SECTION.KEY=VALUE */
  size_t n_sets;
  char **set_copies;           /* owned copies of secret sets[i] (or NULL):
                                  their argv bytes are wiped */
  char *proxy_copy;            /* owned copy of a --proxy URL whose
                                  password is wiped in argv (or NULL) */
  bool resolve_only;
  bool show_secrets;
  const char *log_file;        /* --log-file */
  struct sf_log *log;          /* its open file (main.c), or NULL */
  bool skip_existing;          /* --skip-existing */
  unsigned long shard_k;       /* --shard K/N; shard_n 0 = every locator */
  unsigned long shard_n;
  const char *metrics;         /* --metrics FILE */
  const struct sf_config *config;  /* loaded once, before any download */
  /* options given on the command line, by their index in cli.c's table:
     a [defaults] value of the config file never replaces one of them */
  unsigned char cli_given[128 / 8];
  /* main.c's signal flag: nonzero (the signal number) once SIGINT or
     SIGTERM asked the run to stop; every blocking step polls it.  NULL
     in unit tests. */
  volatile sig_atomic_t *stop;
};

#endif /* SIGFETCH_OPTIONS_H */
