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

/* Parse ARGV into OPTS (pointers into ARGV are kept).  Returns SF_E_USAGE
   with a message in ERR for anything malformed. */
enum sf_err cli_parse(int argc, char **argv, struct sf_options *opts,
                      enum sf_cli_action *action, struct sf_error *err);

/* Release what cli_parse allocated. */
void cli_free(struct sf_options *opts);

/* Print --help / --version text to stdout. */
void cli_print_help(void);
void cli_print_version(void);

#endif /* SIGFETCH_CLI_H */
