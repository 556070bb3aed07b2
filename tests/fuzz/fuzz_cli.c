/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Option and number parsing (src/cli.c cli_parse, src/base/num.c): the
   input, split at line breaks, is the argument list.  Properties: a
   parsed number is finite; a secret --set value (here tcb.access_token)
   is gone from argv after parsing; parsing never crashes. */
#include "fuzz.h"

#include <math.h>

#include "cli.h"
#include "num.h"

#define MAX_ARGS 24

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char *in = fuzz_str(data, size);
  char *argv[MAX_ARGS + 1];
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
  argv[argc] = NULL;
  for(i = 1; i < argc; i++)
    if(num_parse_double(argv[i], &d))
      FUZZ_CHECK(isfinite(d));
  error_clear(&err);
  memset(&opts, 0, sizeof(opts));
  if(cli_parse(argc, argv, &opts, &action, &err) == SF_OK)
    for(i = 1; i < argc; i++)
      FUZZ_CHECK(!strstr(argv[i], "tcb.access_token=SEKRETVALUE"));
  cli_free(&opts);
  free(in);
  return 0;
}
