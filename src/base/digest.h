/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Streaming message digests (OpenSSL EVP) and hex helpers. */
#ifndef SIGFETCH_DIGEST_H
#define SIGFETCH_DIGEST_H

#include "error.h"

enum sf_digest_kind {
  SF_DIGEST_SHA1,
  SF_DIGEST_SHA256,
  SF_DIGEST_MD5,
  SF_DIGEST_COUNT
};

#define SF_DIGEST_BIT(k) (1u << (k))
#define SF_HEX_MAX 65 /* longest hex digest + NUL */

struct sf_digests;

/* Contexts for every kind set in MASK.  NULL when out of memory. */
struct sf_digests *digests_new(unsigned mask);

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

/* Lower-case hex of LEN bytes into OUT (2 * LEN + 1 bytes). */
void digest_hex(const unsigned char *bytes, size_t len, char *out);

/* One-shot hex digest of a buffer, for signing and tests. */
enum sf_err digest_buffer(enum sf_digest_kind kind, const void *buf,
                          size_t len, char out[SF_HEX_MAX]);

/* LEN cryptographically strong random bytes (OpenSSL RAND) into BUF, for
   request ids such as Fxiaoke's thirdTraceId. */
enum sf_err digest_random_bytes(void *buf, size_t len);

#endif /* SIGFETCH_DIGEST_H */
