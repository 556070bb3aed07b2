/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Option and number parsing (src/cli.c cli_parse, src/base/num.c): the
   input, split at line breaks, is the argument list, followed by our
   own "--set tcb.access_token=SEKRETVALUE".  Properties: a parsed number
   is finite; when that pair was parsed as an option (its value is not
   left among the locators: a fuzzed "--" or "-o" before it makes it one),
   the secret is gone from argv and kept in the options; parsing never
   crashes.  The same text given as a locator or as another option's
   value is not a secret and stays. */
#include "fuzz.h"

#include <getopt.h>
#include <math.h>

#include "cli.h"
#include "num.h"

#define MAX_ARGS 24
#define SECRET_SET "tcb.access_token=SEKRETVALUE"

/* True when MINE was parsed as --set's value: it is not among the
   non-options, which getopt_long leaves in ARGV[optind..ARGC). */
static int
parsed_as_set(char **argv, int argc, const char *mine)
{
  int i;

  for(i = optind; i < argc; i++)
    if(argv[i] == mine)
      return 0;
  return 1;
}

/* True when the options keep the secret --set text for the run. */
static int
kept(const struct sf_options *opts)
{
  size_t i;

  for(i = 0; i < opts->n_sets; i++)
    if(!strcmp(opts->sets[i], SECRET_SET))
      return 1;
  return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char *in = fuzz_str(data, size);
  char *argv[MAX_ARGS + 3];
  char set_opt[] = "--set";
  char mine[] = SECRET_SET;
  char *p = in;
  int argc = 1;
  int i;
  double d;
  struct sf_options opts;
  enum sf_cli_action action;
  struct sf_error err;

  if(num_parse_double(in, &d))
    FUZZ_CHECK(isfinite(d));
  argv[0] = (char *)"sigfetch";
  while(argc < MAX_ARGS) {
    char *nl = strchr(p, '\n');
    argv[argc++] = p;
    if(!nl)
      break;
    *nl = '\0';
    p = nl + 1;
  }
  argv[argc++] = set_opt;
  argv[argc++] = mine;
  argv[argc] = NULL;
  for(i = 1; i < argc; i++)
    if(num_parse_double(argv[i], &d))
      FUZZ_CHECK(isfinite(d));
  error_clear(&err);
  memset(&opts, 0, sizeof(opts));
  if(cli_parse(argc, argv, &opts, &action, &err) == SF_OK &&
     parsed_as_set(argv, argc, mine)) {
    FUZZ_CHECK(!strstr(mine, "SEKRETVALUE"));
    FUZZ_CHECK(kept(&opts));
  }
  cli_free(&opts);
  free(in);
  return 0;
}
