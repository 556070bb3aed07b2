/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The verified record's values (src/engine/verify.c
   verify_record_values): the bytes of user.sigfetch.stamp and
   user.sigfetch.sha1, which anyone who can write the file can set.  The
   input is a file status (size, mtime: 20 bytes) then the stamp, a NUL,
   and the sha1 attribute.  Properties: a record is trusted only when the
   stamp is exactly the file's "SIZE:MTIME_NS" and the sha1 exactly 40
   lower-case hex digits, and then the sha1 handed out is that text; the
   file's own stamp with a valid sha1 is always trusted. */
#include "fuzz.h"

#include <sys/stat.h>

#include "output.h"
#include "verify.h"

static int
is_hex40(const char *s, size_t n)
{
  size_t i;

  if(n != 40)
    return 0;
  for(i = 0; i < n; i++)
    if(!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
      return 0;
  return 1;
}

/* A file status from the first 20 bytes of DATA. */
static void
status_of(const uint8_t *data, struct stat *sb)
{
  int64_t v[2];
  uint32_t ns;

  memcpy(v, data, sizeof(v));
  memcpy(&ns, data + 16, sizeof(ns));
  memset(sb, 0, sizeof(*sb));
  sb->st_size = (off_t)(v[0] < 0 ? -(v[0] + 1) : v[0]);
  /* a time the kernel can hold: |sec| below 2^62 / 1e9 */
  sb->st_mtim.tv_sec = (time_t)(v[1] % 4000000000LL);
  sb->st_mtim.tv_nsec = (long)(ns % 1000000000u);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static const char good[] = "0123456789abcdef0123456789abcdef01234567";
  struct stat sb;
  char want[64];
  char sha1[41];
  const char *stamp;
  const char *hex;
  const char *nul;
  size_t stamp_len;
  size_t hex_len;

  if(size < 20)
    return 0;
  status_of(data, &sb);
  output_stamp(&sb, want, sizeof(want));
  stamp = (const char *)data + 20;
  nul = memchr(stamp, '\0', size - 20);
  stamp_len = nul ? (size_t)(nul - stamp) : size - 20;
  hex = nul ? nul + 1 : stamp + stamp_len;
  hex_len = size - 20 - stamp_len - (nul ? 1 : 0);
  memset(sha1, 'X', sizeof(sha1));
  if(verify_record_values(&sb, stamp, stamp_len, hex, hex_len, sha1)) {
    FUZZ_CHECK(stamp_len == strlen(want) &&
               !memcmp(stamp, want, stamp_len));
    FUZZ_CHECK(is_hex40(hex, hex_len));
    FUZZ_CHECK(!memcmp(sha1, hex, 40) && sha1[40] == '\0');
  }
  /* the record sigfetch writes for this status is trusted, with the
     fuzzed sha1 exactly when it is valid */
  FUZZ_CHECK(verify_record_values(&sb, want, strlen(want), good, 40, sha1));
  FUZZ_CHECK(verify_record_values(&sb, want, strlen(want), hex, hex_len,
                                  sha1) == is_hex40(hex, hex_len));
  /* one byte more or less of the stamp is never trusted */
  FUZZ_CHECK(!verify_record_values(&sb, want, strlen(want) - 1, good, 40,
                                   sha1));
  return 0;
}
