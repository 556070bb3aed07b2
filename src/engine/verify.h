/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Verification of a file's bytes against every expectation. */
#ifndef SIGFETCH_VERIFY_H
#define SIGFETCH_VERIFY_H

#include "digest.h"
#include "options.h"

#include <sys/stat.h>

/* One source of expectations: the user's options or the provider's. */
struct sf_expect_src {
  const struct sf_expect *want;
  const char *who;          /* "--sha1 and friends" or the provider name */
};

/* True when E states anything (size or a checksum). */
bool verify_expects(const struct sf_expect *e);

/* Mask of the digest kinds any source asks for, always with SHA-1 (it is
   reported in results). */
unsigned verify_digest_mask(const struct sf_expect_src *srcs, size_t n);

/* Check SIZE and HEX digests against every source.  SF_E_SIZE_MISMATCH or
   SF_E_DIGEST_MISMATCH with a message naming both values. */
enum sf_err verify_check(const struct sf_expect_src *srcs, size_t n,
                          int64_t size,
                          char hex[SF_DIGEST_COUNT][SF_HEX_MAX],
                          struct sf_error *err);

/* The verified record's values STAMP (STAMP_LEN bytes) and HEX (HEX_LEN
   bytes), as read from the attributes of a file whose status is SB:
   true, with HEX in SHA1 (41 bytes), only when STAMP is exactly SB's
   "SIZE:MTIME_NS" and HEX exactly 40 lower-case hex digits. */
bool verify_record_values(const struct stat *sb, const char *stamp,
                          size_t stamp_len, const char *hex, size_t hex_len,
                          char sha1[41]);

/* The verified record of the file at PATH whose status is SB: true,
   with its SHA1 (hex, 41 bytes), when the file is ours (owned by the
   effective user), the record is there, parses, and its stamp still
   equals SB's size and mtime.  *SAME_LOCATOR: the record
   names LOCATOR (the locator without its query; NULL never matches). */
bool verify_record(const char *path, const struct stat *sb,
                   const char *locator, char sha1[41], bool *same_locator);

/* Decide about an existing OUTPUT before downloading: *SKIP when it
   exists and matches every expectation (at least one known), or with no
   expectation when its verified record names LOCATOR; SF_E_EXISTS when
   it exists otherwise and OVERWRITE is false; SF_OK when absent.  A
   valid record answers for sha1 and size without reading the file.
   *SHA1 (41 bytes) gets the file's sha1 when skipped. */
enum sf_err verify_existing(const char *output, const char *locator,
                            const struct sf_expect_src *srcs, size_t n,
                            bool overwrite, bool *skip, char *sha1,
                            struct sf_error *err);

#endif /* SIGFETCH_VERIFY_H */
