/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One libFuzzer target per parser of outside bytes.  Each file defines
   LLVMFuzzerTestOneInput; built with clang -fsanitize=fuzzer for
   "make fuzz", or linked with replay.c (any compiler) so that "make check"
   replays the committed corpus.  FUZZ_CHECK states a property: a failed
   one aborts, which both libFuzzer and the replay report as a crash. */
#ifndef SIGFETCH_FUZZ_H
#define SIGFETCH_FUZZ_H

#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_CHECK(cond)                                                  \
  do {                                                                    \
    if(!(cond)) {                                                         \
      fprintf(stderr, "%s:%d: property failed: %s\n", __FILE__, __LINE__, \
              #cond);                                                     \
      abort();                                                            \
    }                                                                     \
  } while(0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* DATA as a NUL-terminated string (stops at the first NUL); free it. */
static inline char *
fuzz_str(const uint8_t *data, size_t size)
{
  char *s = malloc(size + 1);

  if(!s)
    abort();
  memcpy(s, data, size);
  s[size] = '\0';
  return s;
}

#endif /* SIGFETCH_FUZZ_H */
