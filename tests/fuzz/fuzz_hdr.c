/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Response header values (src/base/hdr.c): Content-Range.  Property: an
   accepted range is ordered, 0 <= start <= end, and end < total when the
   total is known. */
#include "fuzz.h"

#include "hdr.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char *in = fuzz_str(data, size);
  int64_t start = 0;
  int64_t end = 0;
  int64_t total = 0;

  if(hdr_content_range(in, &start, &end, &total)) {
    if(start >= 0) {
      FUZZ_CHECK(end >= start);
      FUZZ_CHECK(total < 0 || end < total);
    }
  }
  free(in);
  return 0;
}
