/* SPDX-License-Identifier: GPL-3.0-or-later */
/* File names chosen by strangers (src/base/fname.c, src/base/hdr.c):
   Content-Disposition, the last URL segment, fname_sanitize.
   Properties of every name produced: non-empty, no '/', no leading '.'
   or '-', at most SF_NAME_MAX bytes (so that it and its longest sidecar
   suffix fit in 255 bytes: issue 10 item 5), and no sidecar ending
   (.sfpart, .sfstate, .sfstate.tmp in any case: item 2). */
#include "fuzz.h"

#include <strings.h>

#include "atomic.h"
#include "fname.h"
#include "hdr.h"

static void
check_name(const char *name)
{
  size_t n;

  if(!name)
    return;
  n = strlen(name);
  FUZZ_CHECK(n > 0);
  FUZZ_CHECK(n <= SF_NAME_MAX);
  FUZZ_CHECK(n + strlen(SF_STATE_SUFFIX ".tmp") <= 255);
  FUZZ_CHECK(!strchr(name, '/'));
  FUZZ_CHECK(name[0] != '.' && name[0] != '-');
  FUZZ_CHECK(fname_sidecar_stem(name) == n);
  FUZZ_CHECK(n < 7 || strcasecmp(name + n - 7, ".sfpart"));
  FUZZ_CHECK(n < 8 || strcasecmp(name + n - 8, ".sfstate"));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char *in = fuzz_str(data, size);
  char *disp = hdr_disposition_filename(in);
  char *s1 = fname_sanitize(in);
  char *s2 = disp ? fname_sanitize(disp) : NULL;
  char *s3 = fname_from_url(in);

  check_name(s1);
  check_name(s2);
  check_name(s3);
  FUZZ_CHECK(s3);
  free(disp);
  free(s1);
  free(s2);
  free(s3);
  free(in);
  return 0;
}
