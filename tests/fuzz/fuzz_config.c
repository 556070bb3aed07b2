/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The INI configuration file (src/base/config.c config_parse_ini).
   Properties: every key and value handed to the callback is a string
   inside the input's length, the key is non-empty and has no '=' or
   line break, the line number is positive; a failure names a line. */
#include "fuzz.h"

#include "config.h"

struct seen {
  size_t max;
  int calls;
};

static enum sf_err
on_key(void *ud, const char *section, const char *key, const char *value,
       int line, struct sf_error *err)
{
  struct seen *s = ud;

  (void)err;
  FUZZ_CHECK(key && value && line > 0);
  FUZZ_CHECK(key[0] && !strpbrk(key, "=\r\n"));
  FUZZ_CHECK(!strpbrk(value, "\r\n"));
  FUZZ_CHECK(strlen(key) <= s->max && strlen(value) <= s->max);
  FUZZ_CHECK(!section || strlen(section) <= s->max);
  s->calls++;
  return SF_OK;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char *in = fuzz_str(data, size);
  struct seen s = { strlen(in), 0 };
  struct sf_error err;

  error_clear(&err);
  if(config_parse_ini(in, "fuzz.ini", on_key, &s, &err))
    FUZZ_CHECK(err.code != SF_OK);
  error_clear(&err);
  free(in);
  return 0;
}
