/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Streaming message digests (OpenSSL EVP) and hex helpers. */
#ifndef SIGFETCH_DIGEST_H
#define SIGFETCH_DIGEST_H

#include "error.h"

enum sf_digest_kind {
  SF_DIGEST_SHA1,
  SF_DIGEST_SHA256,
  SF_DIGEST_MD5,
  SF_DIGEST_CRC64,    /* CRC-64/XZ (ECMA-182), the storage's own check */
  SF_DIGEST_COUNT
};

#define SF_DIGEST_BIT(k) (1u << (k))
#define SF_HEX_MAX 65 /* longest hex digest + NUL */

struct sf_digests;

/* Contexts for every kind set in MASK.  NULL when out of memory. */
struct sf_digests *digests_new(unsigned mask);

/* Add KIND to D.  Only before any byte was fed (or after a reset):
   the new context starts from the empty message. */
enum sf_err digests_enable(struct sf_digests *d, enum sf_digest_kind kind);

/* Restart every context from the empty message. */
enum sf_err digests_reset(struct sf_digests *d);

/* Feed LEN bytes to every context. */
enum sf_err digests_update(struct sf_digests *d, const void *buf, size_t len);

/* Feed the first LEN bytes of the file open on FD (read with pread). */
enum sf_err digests_update_fd(struct sf_digests *d, int fd, int64_t len);

/* Feed LEN bytes of the file open on FD, starting at offset FROM. */
enum sf_err digests_update_fd_at(struct sf_digests *d, int fd, int64_t from,
                                 int64_t len);

/* Finish: HEX[k] gets the lower-case hex of kind k ("" if not in the
   mask).  The contexts are spent; call digests_reset to reuse them. */
enum sf_err digests_final(struct sf_digests *d,
                          char hex[SF_DIGEST_COUNT][SF_HEX_MAX]);

void digests_free(struct sf_digests *d);

/* Name of a digest kind for messages ("sha1"). */
const char *digest_name(enum sf_digest_kind kind);

/* The hex form sigfetch compares (16 digits) of a CRC-64 that storage
   gives in decimal (x-oss-hash-crc64ecma, x-cos-hash-crc64ecma) into OUT
   (17 bytes); false when DEC is not a decimal 64-bit number. */
bool digest_crc64_hex(const char *dec, char out[17]);

/* The hex of an MD5 given in base64 (Content-MD5) into OUT (33 bytes);
   false when B64 is not the base64 of 16 bytes. */
bool digest_md5_b64_hex(const char *b64, char out[33]);

/* Lower-case hex of LEN bytes into OUT (2 * LEN + 1 bytes). */
void digest_hex(const unsigned char *bytes, size_t len, char *out);

/* One-shot hex digest of a buffer, for signing and tests. */
enum sf_err digest_buffer(enum sf_digest_kind kind, const void *buf,
                          size_t len, char out[SF_HEX_MAX]);

/* LEN cryptographically strong random bytes (OpenSSL RAND) into BUF, for
   request ids such as Fxiaoke's thirdTraceId. */
enum sf_err digest_random_bytes(void *buf, size_t len);

/* The version of the OpenSSL libcrypto in use (run time), e.g.
   "3.0.13", for --version. */
const char *digest_lib_version(void);

#endif /* SIGFETCH_DIGEST_H */
