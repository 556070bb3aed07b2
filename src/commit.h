/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Verification against expectations and the atomic commit of a file. */
#ifndef SIGFETCH_COMMIT_H
#define SIGFETCH_COMMIT_H

#include "digest.h"
#include "options.h"

/* One source of expectations: the user's options or the provider's. */
struct sf_expect_src {
  const struct sf_expect *want;
  const char *who;          /* "--sha1 and friends" or the provider name */
};

/* True when E states anything (size or a checksum). */
bool commit_expects(const struct sf_expect *e);

/* Mask of the digest kinds any source asks for, always with SHA-1 (it is
   reported in results). */
unsigned commit_digest_mask(const struct sf_expect_src *srcs, size_t n);

/* Check SIZE and HEX digests against every source.  SF_E_SIZE_MISMATCH or
   SF_E_DIGEST_MISMATCH with a message naming both values. */
enum sf_err commit_verify(const struct sf_expect_src *srcs, size_t n,
                          int64_t size,
                          char hex[SF_DIGEST_COUNT][SF_HEX_MAX],
                          struct sf_error *err);

/* Decide about an existing OUTPUT before downloading: *SKIP when it
   exists and matches every expectation (at least one known); SF_E_EXISTS
   when it exists otherwise and OVERWRITE is false; SF_OK when absent.
   *SHA1 (41 bytes) gets the file's sha1 when skipped. */
enum sf_err commit_check_existing(const char *output,
                                  const struct sf_expect_src *srcs, size_t n,
                                  bool overwrite, bool *skip, char *sha1,
                                  struct sf_error *err);

/* Make the partial file PART (open on FD, which is closed here either
   way) durable and atomically the file OUTPUT: fsync, rename, fsync the
   directory. */
enum sf_err commit_file(int fd, const char *part, const char *output,
                        struct sf_error *err);

/* Commit N verified partial files at once (see commit_file): the data of
   all is made durable together (syncfs: one journal commit for the
   batch), then each is renamed onto its output and each directory is
   synced once.  ERRS[i] (cleared by the caller) gets file i's outcome;
   every FDS[i] is closed. */
void commit_files(int *fds, const char *const *parts,
                  const char *const *outputs, size_t n,
                  struct sf_error *errs);

#endif /* SIGFETCH_COMMIT_H */
