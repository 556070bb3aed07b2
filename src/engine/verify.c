/* SPDX-License-Identifier: GPL-3.0-or-later */
/* verify.c decides whether bytes may become the output file: every
   expectation (the user's, the provider's, the server's, an earlier
   run's) checked against the size and digests (CLI.md steps 2 and 6),
   and what to do with an output that already exists. */
#include "verify.h"

#include <fcntl.h>
#include <libgen.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "output.h"

bool
verify_expects(const struct sf_expect *e)
{
  return e->size >= 0 || e->sha1[0] || e->sha256[0] || e->md5[0] ||
         e->crc64[0];
}

/* The expected hex of KIND in E, or "" */
static const char *
want_hex(const struct sf_expect *e, enum sf_digest_kind kind)
{
  switch(kind) {
  case SF_DIGEST_SHA1: return e->sha1;
  case SF_DIGEST_SHA256: return e->sha256;
  case SF_DIGEST_MD5: return e->md5;
  case SF_DIGEST_CRC64: return e->crc64;
  default: return "";
  }
}

unsigned
verify_digest_mask(const struct sf_expect_src *srcs, size_t n)
{
  unsigned mask = SF_DIGEST_BIT(SF_DIGEST_SHA1);
  size_t i;
  int k;

  for(i = 0; i < n; i++)
    for(k = 0; k < SF_DIGEST_COUNT; k++)
      if(*want_hex(srcs[i].want, (enum sf_digest_kind)k))
        mask |= SF_DIGEST_BIT(k);
  return mask;
}

enum sf_err
verify_check(const struct sf_expect_src *srcs, size_t n, int64_t size,
              char hex[SF_DIGEST_COUNT][SF_HEX_MAX], struct sf_error *err)
{
  size_t i;
  int k;

  for(i = 0; i < n; i++) {
    const struct sf_expect *w = srcs[i].want;
    if(w->size >= 0 && w->size != size)
      return error_set(err, SF_E_SIZE_MISMATCH,
                       _("size mismatch: expected %lld bytes (%s), got "
                         "%lld"), (long long)w->size, srcs[i].who,
                       (long long)size);
    for(k = 0; k < SF_DIGEST_COUNT; k++) {
      const char *want = want_hex(w, (enum sf_digest_kind)k);
      if(*want && strcasecmp(want, hex[k]))
        return error_set(err, SF_E_DIGEST_MISMATCH,
                         _("%s mismatch: expected %s (%s), got %s"),
                         digest_name((enum sf_digest_kind)k), want,
                         srcs[i].who, hex[k]);
    }
  }
  return SF_OK;
}

/* Is the extended attribute NAME of PATH exactly the LEN bytes WANT? */
static bool
xattr_equals(const char *path, const char *name, const char *want,
             size_t len)
{
  char *buf = malloc(len + 1);
  ssize_t n = buf ? getxattr(path, name, buf, len + 1) : -1;
  bool same = n >= 0 && (size_t)n == len && !memcmp(buf, want, len);

  free(buf);
  return same;
}

bool
verify_record_values(const struct stat *sb, const char *stamp,
                     size_t stamp_len, const char *hex, size_t hex_len,
                     char sha1[41])
{
  char want[64];
  size_t i;

  output_stamp(sb, want, sizeof(want));
  if(stamp_len != strlen(want) || memcmp(stamp, want, stamp_len))
    return false; /* garbage, or the file changed since */
  if(hex_len != 40)
    return false;
  for(i = 0; i < 40; i++)
    if(!hex[i] || !strchr("0123456789abcdef", hex[i]))
      return false;
  memcpy(sha1, hex, 40);
  sha1[40] = '\0';
  return true;
}

bool
verify_record(const char *path, const struct stat *sb, const char *locator,
              char sha1[41], bool *same_locator)
{
  char stamp[64];
  char hex[41];
  ssize_t ns;
  ssize_t nh;

  *same_locator = false;
  /* only a record we wrote: another user who can create files beside
     our outputs can also give them any user.* attribute */
  if(sb->st_uid != geteuid())
    return false;
  /* a longer value does not fit (ERANGE): not ours either */
  ns = getxattr(path, SF_XATTR_STAMP, stamp, sizeof(stamp));
  nh = ns >= 0 ? getxattr(path, SF_XATTR_SHA1, hex, sizeof(hex)) : -1;
  if(nh < 0 || !verify_record_values(sb, stamp, (size_t)ns, hex,
                                     (size_t)nh, sha1))
    return false;
  *same_locator = locator &&
                  xattr_equals(path, SF_XATTR_URL, locator, strlen(locator));
  return true;
}

/* Do the expectations hold for a file of SIZE bytes whose record says
   SHA1?  Only a sha1 and a size can be answered so; any other checksum,
   or a disagreement, is left to hashing the file (a record that
   contradicts an expectation is not believed either way). */
static bool
record_matches(const struct sf_expect_src *srcs, size_t n, int64_t size,
               const char *sha1)
{
  char hex[SF_DIGEST_COUNT][SF_HEX_MAX];
  struct sf_error ignored;
  size_t i;

  for(i = 0; i < n; i++)
    if(srcs[i].want->sha256[0] || srcs[i].want->md5[0] ||
       srcs[i].want->crc64[0])
      return false;
  memset(hex, 0, sizeof(hex));
  memcpy(hex[SF_DIGEST_SHA1], sha1, 41);
  return !verify_check(srcs, n, size, hex, &ignored);
}

/* Hash the existing file and compare it with every source. */
static enum sf_err
existing_matches(const char *output, int64_t size,
                 const struct sf_expect_src *srcs, size_t n, char *sha1,
                 bool *match)
{
  char hex[SF_DIGEST_COUNT][SF_HEX_MAX];
  struct sf_digests *d = digests_new(verify_digest_mask(srcs, n));
  struct sf_error ignored;
  int fd = open(output, O_RDONLY | O_CLOEXEC);
  enum sf_err rc = SF_E_IO;

  *match = false;
  if(fd >= 0 && d && !digests_update_fd(d, fd, size) &&
     !digests_final(d, hex)) {
    *match = !verify_check(srcs, n, size, hex, &ignored);
    memcpy(sha1, hex[SF_DIGEST_SHA1], 41);
    rc = SF_OK;
  }
  if(fd >= 0)
    close(fd);
  digests_free(d);
  return rc;
}

enum sf_err
verify_existing(const char *output, const char *locator,
                const struct sf_expect_src *srcs, size_t n, bool overwrite,
                bool *skip, char *sha1, struct sf_error *err)
{
  struct stat sb;
  char rec[41];
  bool known = false;
  bool match = false;
  bool same = false;
  size_t i;

  *skip = false;
  if(stat(output, &sb)) {
    if(errno == ENOENT)
      return SF_OK;
    return error_set(err, SF_E_IO, _("cannot check output '%s': %s"),
                     output, strerror(errno));
  }
  for(i = 0; i < n; i++)
    known = known || verify_expects(srcs[i].want);
  /* the locator matters only without an expectation: not read else */
  if(S_ISREG(sb.st_mode) &&
     verify_record(output, &sb, known ? NULL : locator, rec, &same) &&
     (known ? record_matches(srcs, n, (int64_t)sb.st_size, rec) : same)) {
    /* the verified record answers without reading the file */
    memcpy(sha1, rec, sizeof(rec));
    *skip = true;
    return SF_OK;
  }
  if(known && S_ISREG(sb.st_mode) &&
     existing_matches(output, (int64_t)sb.st_size, srcs, n, sha1, &match))
    return error_set(err, SF_E_IO, _("cannot read output '%s': %s"), output,
                     strerror(errno));
  if(match) {
    *skip = true;
    return SF_OK;
  }
  if(overwrite)
    return SF_OK;
  return error_set(err, SF_E_EXISTS,
                   known ? _("output '%s' exists and does not match the "
                             "expected size/checksum (use --overwrite to "
                             "replace it)")
                         : _("output '%s' exists (use --overwrite to replace "
                             "it, or give --size/--sha1 to skip it when it "
                             "matches)"), output);
}
