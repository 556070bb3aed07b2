/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Settings SECTION.KEY from --set, SIGFETCH_* and the INI file. */
#ifndef SIGFETCH_CONFIG_H
#define SIGFETCH_CONFIG_H

#include "error.h"

struct sf_options;
struct sf_config;

/* One "key = value" line of the file's [defaults] section (CLI.md
   "Defaults in the config file").  The tool checks key and value against
   its option table: this file knows no option. */
struct sf_config_default {
  char *key;
  char *value;
  int line;
};

/* Called by config_parse_ini for every "key = value" line. */
typedef enum sf_err (*sf_ini_fn)(void *ud, const char *section,
                                 const char *key, const char *value,
                                 int line, struct sf_error *err);

/* Parse INI TEXT (named FNAME in messages): [section] headers, key = value
   lines, '#' / ';' comments (also after a value, following white space),
   optional double quotes around a value.  A malformed line is SF_E_CONFIG
   naming FNAME and the line.  Pure: no I/O, safe for fuzzing. */
enum sf_err config_parse_ini(const char *text, const char *fname,
                             sf_ini_fn fn, void *ud, struct sf_error *err);

/* Load every source for OPTS (--set, environment, file) into *OUT.  Every
   key must be known.  Secret values are handed to redact_add_secret(), so
   every message is masked with them from then on.  When the file read is
   readable by group or others, *EXPOSED (may be NULL) gets its path,
   malloc'd, even if loading fails: the caller warns (chmod 600). */
enum sf_err config_load(const struct sf_options *opts,
                        struct sf_config **out, char **exposed,
                        struct sf_error *err);

void config_free(struct sf_config *cfg);

/* The [defaults] lines of the file read, in file order (*N of them; none
   when CFG is NULL), and in *FNAME that file's path for messages. */
const struct sf_config_default *config_defaults(const struct sf_config *cfg,
                                                size_t *n,
                                                const char **fname);

/* Value of KEY ("kdocs.endpoint"), its default, or NULL. */
const char *config_get(const struct sf_config *cfg, const char *key);

/* Like config_get, but a missing value is SF_E_CREDENTIALS naming the
   setting and its environment variable; WHAT says what needs it. */
enum sf_err config_require(const struct sf_config *cfg, const char *key,
                           const char *what, const char **value,
                           struct sf_error *err);

/* KEY as a whole number in [MIN, MAX] (default when unset). */
enum sf_err config_get_long(const struct sf_config *cfg, const char *key,
                            long min, long max, long *out,
                            struct sf_error *err);

/* True when KEY's value is a secret (never printed). */
bool config_is_secret(const char *key);

/* The environment variable for KEY ("SIGFETCH_KDOCS_APP_ID") into BUF. */
void config_env_name(const char *key, char *buf, size_t len);

#endif /* SIGFETCH_CONFIG_H */
