/* SPDX-License-Identifier: GPL-3.0-or-later */
/* digest.c is the only user of OpenSSL: streaming SHA-1 / SHA-256 / MD5
   over downloaded bytes, so verification needs no second read, and the
   random bytes behind request ids.  CRC-64/XZ, which OSS and COS send
   as an integrity header and no library of ours offers, is computed
   here too (table-driven, reflected ECMA-182 polynomial). */
#include "digest.h"

#include <limits.h>
#include <openssl/evp.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <unistd.h>

#define CRC64_POLY 0xC96C5795D7870F42ULL  /* ECMA-182, reflected */

struct crc64 {
  uint64_t table[256];
  uint64_t crc;
};

struct sf_digests {
  unsigned mask;
  EVP_MD_CTX *ctx[SF_DIGEST_COUNT];
  struct crc64 *crc;          /* SF_DIGEST_CRC64, or NULL */
};

static struct crc64 *
crc64_new(void)
{
  struct crc64 *c = malloc(sizeof(*c));
  int i;
  int b;

  if(!c)
    return NULL;
  for(i = 0; i < 256; i++) {
    uint64_t v = (uint64_t)i;
    for(b = 0; b < 8; b++)
      v = (v >> 1) ^ ((v & 1) ? CRC64_POLY : 0);
    c->table[i] = v;
  }
  c->crc = ~0ULL;
  return c;
}

static void
crc64_update(struct crc64 *c, const unsigned char *p, size_t len)
{
  uint64_t v = c->crc;

  while(len--)
    v = c->table[(v ^ *p++) & 0xff] ^ (v >> 8);
  c->crc = v;
}

bool
digest_md5_b64_hex(const char *b64, char out[33])
{
  unsigned char bin[64];
  size_t n = b64 ? strlen(b64) : 0;

  /* 16 bytes are 24 base64 characters, "==" padding included */
  if(n != 24 || EVP_DecodeBlock(bin, (const unsigned char *)b64, 24) != 18)
    return false;
  digest_hex(bin, 16, out);
  return true;
}

bool
digest_crc64_hex(const char *dec, char out[17])
{
  unsigned long long v;
  char *end = NULL;

  if(!dec || *dec < '0' || *dec > '9')
    return false;
  errno = 0;
  v = strtoull(dec, &end, 10);
  if(errno || !end || *end)
    return false;
  snprintf(out, 17, "%016llx", v);
  return true;
}

static const EVP_MD *
kind_md(enum sf_digest_kind kind)
{
  switch(kind) {
  case SF_DIGEST_SHA1: return EVP_sha1();
  case SF_DIGEST_SHA256: return EVP_sha256();
  case SF_DIGEST_MD5: return EVP_md5();
  default: return NULL;
  }
}

const char *
digest_name(enum sf_digest_kind kind)
{
  static const char *const names[SF_DIGEST_COUNT] = { "sha1", "sha256",
                                                      "md5", "crc64" };
  return (unsigned)kind < SF_DIGEST_COUNT ? names[kind] : "?";
}

void
digest_hex(const unsigned char *bytes, size_t len, char *out)
{
  static const char digits[] = "0123456789abcdef";
  size_t i;

  for(i = 0; i < len; i++) {
    out[2 * i] = digits[bytes[i] >> 4];
    out[2 * i + 1] = digits[bytes[i] & 15];
  }
  out[2 * len] = '\0';
}

struct sf_digests *
digests_new(unsigned mask)
{
  struct sf_digests *d = calloc(1, sizeof(*d));
  int k;

  if(!d)
    return NULL;
  for(k = 0; k < SF_DIGEST_COUNT; k++) {
    if((mask & SF_DIGEST_BIT(k)) &&
       digests_enable(d, (enum sf_digest_kind)k)) {
      digests_free(d);
      return NULL;
    }
  }
  if(digests_reset(d)) {
    digests_free(d);
    return NULL;
  }
  return d;
}

enum sf_err
digests_enable(struct sf_digests *d, enum sf_digest_kind kind)
{
  if((unsigned)kind >= SF_DIGEST_COUNT)
    return SF_E_INTERNAL;
  if(d->mask & SF_DIGEST_BIT(kind))
    return SF_OK;
  if(kind == SF_DIGEST_CRC64) {
    d->crc = crc64_new();
    if(!d->crc)
      return SF_E_NOMEM;
  }
  else {
    d->ctx[kind] = EVP_MD_CTX_new();
    if(!d->ctx[kind] ||
       EVP_DigestInit_ex(d->ctx[kind], kind_md(kind), NULL) != 1)
      return SF_E_INTERNAL;
  }
  d->mask |= SF_DIGEST_BIT(kind);
  return SF_OK;
}

enum sf_err
digests_reset(struct sf_digests *d)
{
  int k;

  if(d->crc)
    d->crc->crc = ~0ULL;
  for(k = 0; k < SF_DIGEST_COUNT; k++) {
    if(d->ctx[k] &&
       EVP_DigestInit_ex(d->ctx[k], kind_md((enum sf_digest_kind)k), NULL)
       != 1)
      return SF_E_INTERNAL;
  }
  return SF_OK;
}

enum sf_err
digests_update(struct sf_digests *d, const void *buf, size_t len)
{
  int k;

  for(k = 0; k < SF_DIGEST_COUNT; k++) {
    if(d->ctx[k] && EVP_DigestUpdate(d->ctx[k], buf, len) != 1)
      return SF_E_INTERNAL;
  }
  if(d->crc)
    crc64_update(d->crc, buf, len);
  return SF_OK;
}

enum sf_err
digests_update_fd(struct sf_digests *d, int fd, int64_t len)
{
  return digests_update_fd_at(d, fd, 0, len);
}

enum sf_err
digests_update_fd_at(struct sf_digests *d, int fd, int64_t from, int64_t len)
{
  enum { CHUNK = 1 << 20 };
  unsigned char *buf = malloc(CHUNK);
  int64_t off = from;
  enum sf_err rc = SF_OK;

  len += from;
  if(!buf)
    return SF_E_NOMEM;
  while(off < len && !rc) {
    size_t want = (size_t)(len - off < CHUNK ? len - off : CHUNK);
    ssize_t got = pread(fd, buf, want, (off_t)off);
    if(got < 0 && errno == EINTR)
      continue;
    if(got <= 0) {
      rc = SF_E_IO;
      break;
    }
    rc = digests_update(d, buf, (size_t)got);
    off += got;
  }
  free(buf);
  return rc;
}

enum sf_err
digests_final(struct sf_digests *d, char hex[SF_DIGEST_COUNT][SF_HEX_MAX])
{
  int k;

  for(k = 0; k < SF_DIGEST_COUNT; k++) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;

    hex[k][0] = '\0';
    if(k == SF_DIGEST_CRC64 && d->crc)
      snprintf(hex[k], SF_HEX_MAX, "%016llx",
               (unsigned long long)(d->crc->crc ^ ~0ULL));
    if(!d->ctx[k])
      continue;
    if(EVP_DigestFinal_ex(d->ctx[k], md, &n) != 1)
      return SF_E_INTERNAL;
    digest_hex(md, n, hex[k]);
  }
  return SF_OK;
}

void
digests_free(struct sf_digests *d)
{
  int k;

  if(!d)
    return;
  for(k = 0; k < SF_DIGEST_COUNT; k++)
    EVP_MD_CTX_free(d->ctx[k]);
  free(d->crc);
  free(d);
}

enum sf_err
digest_buffer(enum sf_digest_kind kind, const void *buf, size_t len,
              char out[SF_HEX_MAX])
{
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;

  if(!kind_md(kind) ||
     EVP_Digest(buf, len, md, &n, kind_md(kind), NULL) != 1)
    return SF_E_INTERNAL;
  digest_hex(md, n, out);
  return SF_OK;
}

enum sf_err
digest_random_bytes(void *buf, size_t len)
{
  if(len > INT_MAX || RAND_bytes(buf, (int)len) != 1)
    return SF_E_INTERNAL;
  return SF_OK;
}

const char *
digest_lib_version(void)
{
#ifdef OPENSSL_VERSION_STRING
  return OpenSSL_version(OPENSSL_VERSION_STRING);
#else
  /* 1.1.1: "OpenSSL 1.1.1w  11 Sep 2023"; the second word */
  static char v[32];
  const char *s = OpenSSL_version(OPENSSL_VERSION);
  const char *sp = strchr(s, ' ');

  snprintf(v, sizeof(v), "%.*s", (int)strcspn(sp ? sp + 1 : s, " "),
           sp ? sp + 1 : s);
  return v;
#endif
}
