/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Command-line parsing into struct sf_options. */
#ifndef SIGFETCH_CLI_H
#define SIGFETCH_CLI_H

#include "error.h"
#include "options.h"

enum sf_cli_action {
  SF_CLI_RUN,
  SF_CLI_HELP,
  SF_CLI_VERSION
};

/* Whether an option takes a value (getopt_long's has_arg). */
enum sf_cli_arg {
  SF_CLI_ARG_NONE,
  SF_CLI_ARG_REQUIRED
};

/* How an option sets its field in struct sf_options. */
enum sf_cli_kind {
  SF_CLI_FLAG,     /* bool becomes true */
  SF_CLI_COUNT,    /* int goes up by one per use */
  SF_CLI_STRING,   /* const char * points at the argument */
  SF_CLI_LONG,     /* long: a whole number from MIN to MAX */
  SF_CLI_SECONDS,  /* double: seconds from MIN to MAX, '.' in any locale */
  SF_CLI_HEX,      /* char[MAX + 1]: exactly MAX hex digits, lower-cased */
  SF_CLI_LIST,     /* const char ** grows by one; size_t at COUNT_FIELD */
  SF_CLI_FUNC,     /* PARSE checks the argument and sets what it needs */
  SF_CLI_ACTION    /* no field: cli_parse reports enum sf_cli_action MIN */
};

struct sf_cli_option;

typedef enum sf_err (*sf_cli_parse_fn)(const struct sf_cli_option *o,
                                       const char *arg,
                                       struct sf_options *opts,
                                       struct sf_error *err);

/* One command-line option, declared once: the getopt_long table, the
   short-option string, the value check and --help all come from it. */
struct sf_cli_option {
  const char *name;          /* long name; the table is sorted by it */
  char short_name;           /* single-letter form, or 0 */
  enum sf_cli_arg arg;
  enum sf_cli_kind kind;
  size_t field;              /* offsetof(struct sf_options, ...) */
  size_t count_field;        /* SF_CLI_LIST: offsetof its size_t count */
  long min;                  /* bounds, digits or action: see the kind */
  long max;
  sf_cli_parse_fn parse;     /* SF_CLI_FUNC only */
  int help_order;            /* where --help prints the line, ascending */
  const char *help;          /* N_(): the whole --help line, untranslated */
  const char *const *values; /* the only values it takes (NULL-ended), for
                                shell completion; NULL: any */
  bool in_defaults;          /* may be set in the config's [defaults] */
};

/* The option table, sorted by long name, and its length in *COUNT. */
const struct sf_cli_option *cli_options(size_t *count);

/* Parse ARGV into OPTS (pointers into ARGV are kept; ARGV may be
   permuted).  Returns SF_E_USAGE with a message in ERR for anything
   malformed.  Numbers are read the same way in every locale.  May be
   called again after cli_free, e.g. by tests. */
enum sf_err cli_parse(int argc, char **argv, struct sf_options *opts,
                      enum sf_cli_action *action, struct sf_error *err);

struct sf_config;

/* Apply the [defaults] section of CFG to OPTS: each key names an option
   of the table marked in_defaults ('_' for '-'), its value goes through
   that option's own parser (booleans: true / false), and an option given
   on the command line keeps its value.  An unknown key or a bad value is
   SF_E_CONFIG naming the file, line and key. */
enum sf_err cli_apply_defaults(struct sf_options *opts,
                               const struct sf_config *cfg,
                               struct sf_error *err);

/* Release what cli_parse allocated. */
void cli_free(struct sf_options *opts);

/* Print --help / --version text to stdout. */
void cli_print_help(void);
void cli_print_version(void);

#endif /* SIGFETCH_CLI_H */
