/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Archive entry and output names (src/base/fname.c fname_normalize and
   fname_climbs, as src/input.c and src/stage.c use them for names that
   go into an archive or under -d).  Properties: a normalised name has no
   empty or "." component and, when fname_climbs says no, no ".." either;
   normalising twice changes nothing. */
#include "fuzz.h"

#include "fname.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char *in = fuzz_str(data, size);
  char *norm = fname_normalize(in);

  if(norm) {
    char *again = fname_normalize(norm);
    FUZZ_CHECK(again && !strcmp(again, norm));
    FUZZ_CHECK(!strstr(norm, "//"));
    FUZZ_CHECK(strcmp(norm, ".") || !norm[1]);
    if(!fname_climbs(norm))
      FUZZ_CHECK(strncmp(norm, "../", 3) && strcmp(norm, ".."));
    free(again);
    free(norm);
  }
  free(in);
  return 0;
}
