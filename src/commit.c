/* SPDX-License-Identifier: GPL-3.0-or-later */
/* commit.c decides whether bytes may become the output file: every
   expectation checked, then fsync + rename + fsync of the directory, so a
   reader never sees a half-written or unverified file (CLI.md steps 2, 6,
   7). */
#include "commit.h"

#include <fcntl.h>
#include <libgen.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

bool
commit_expects(const struct sf_expect *e)
{
  return e->size >= 0 || e->sha1[0] || e->sha256[0] || e->md5[0];
}

/* The expected hex of KIND in E, or "" */
static const char *
want_hex(const struct sf_expect *e, enum sf_digest_kind kind)
{
  switch(kind) {
  case SF_DIGEST_SHA1: return e->sha1;
  case SF_DIGEST_SHA256: return e->sha256;
  case SF_DIGEST_MD5: return e->md5;
  default: return "";
  }
}

unsigned
commit_digest_mask(const struct sf_expect_src *srcs, size_t n)
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
commit_verify(const struct sf_expect_src *srcs, size_t n, int64_t size,
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

/* Hash the existing file and compare it with every source. */
static enum sf_err
existing_matches(const char *output, int64_t size,
                 const struct sf_expect_src *srcs, size_t n, char *sha1,
                 bool *match)
{
  char hex[SF_DIGEST_COUNT][SF_HEX_MAX];
  struct sf_digests *d = digests_new(commit_digest_mask(srcs, n));
  struct sf_error ignored;
  int fd = open(output, O_RDONLY | O_CLOEXEC);
  enum sf_err rc = SF_E_IO;

  *match = false;
  if(fd >= 0 && d && !digests_update_fd(d, fd, size) &&
     !digests_final(d, hex)) {
    *match = !commit_verify(srcs, n, size, hex, &ignored);
    memcpy(sha1, hex[SF_DIGEST_SHA1], 41);
    rc = SF_OK;
  }
  if(fd >= 0)
    close(fd);
  digests_free(d);
  return rc;
}

enum sf_err
commit_check_existing(const char *output, const struct sf_expect_src *srcs,
                      size_t n, bool overwrite, bool *skip, char *sha1,
                      struct sf_error *err)
{
  struct stat sb;
  bool known = false;
  bool match = false;
  size_t i;

  *skip = false;
  if(stat(output, &sb)) {
    if(errno == ENOENT)
      return SF_OK;
    return error_set(err, SF_E_IO, _("cannot check output '%s': %s"),
                     output, strerror(errno));
  }
  for(i = 0; i < n; i++)
    known = known || commit_expects(srcs[i].want);
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

/* fsync the directory holding PATH so the rename itself is durable. */
static int
sync_dir_of(const char *path)
{
  char *copy = strdup(path);
  int fd;
  int rc = -1;

  if(!copy)
    return -1;
  fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if(fd >= 0) {
    rc = fsync(fd);
    if(rc && (errno == EINVAL || errno == EROFS))
      rc = 0; /* file systems that cannot sync directories */
    close(fd);
  }
  free(copy);
  return rc;
}

/* Do A and B name files in the same directory? */
static bool
same_dir(const char *a, const char *b)
{
  const char *sa = strrchr(a, '/');
  const char *sb = strrchr(b, '/');
  size_t la = sa ? (size_t)(sa - a) : 0;
  size_t lb = sb ? (size_t)(sb - b) : 0;

  return la == lb && !strncmp(a, b, la);
}

enum sf_err
commit_file(int fd, const char *part, const char *output,
            struct sf_error *err)
{
  const char *step = "fsync";
  int e;

  if(fsync(fd))
    goto fail;
  step = "rename";
  if(rename(part, output))
    goto fail;
  step = "fsync";
  if(sync_dir_of(output))
    goto fail;
  step = "close";
  if(close(fd)) {
    fd = -1;
    goto fail;
  }
  return SF_OK;
fail:
  e = errno;
  if(fd >= 0)
    close(fd);
  return error_set(err, e == ENOSPC ? SF_E_DISK_FULL : SF_E_IO,
                   _("cannot commit '%s' (%s): %s"), output, step,
                   strerror(e));
}

/* Make the data of every file durable: one syncfs per file system for a
   batch (one journal commit instead of one per file), fsync otherwise. */
static void
sync_batch(int *fds, size_t n, struct sf_error *errs, const char *const *outs)
{
  dev_t done[8];
  size_t ndone = 0;
  size_t i;
  size_t k;

  for(i = 0; i < n; i++) {
    struct stat sb;
    bool seen = false;
    int rc;

    if(n > 1 && !fstat(fds[i], &sb)) {
      for(k = 0; k < ndone; k++)
        seen = seen || done[k] == sb.st_dev;
      if(seen)
        continue;
      rc = syncfs(fds[i]);
      if(!rc && ndone < countof(done))
        done[ndone++] = sb.st_dev;
      if(!rc)
        continue;
    }
    if(fsync(fds[i]))
      error_set(&errs[i], errno == ENOSPC ? SF_E_DISK_FULL : SF_E_IO,
                _("cannot commit '%s' (%s): %s"), outs[i], "fsync",
                strerror(errno));
  }
}

void
commit_files(int *fds, const char *const *parts, const char *const *outs,
             size_t n, struct sf_error *errs)
{
  size_t i;

  sync_batch(fds, n, errs, outs);
  for(i = 0; i < n; i++) {
    if(!errs[i].code && rename(parts[i], outs[i]))
      error_set(&errs[i], SF_E_IO, _("cannot commit '%s' (%s): %s"),
                outs[i], "rename", strerror(errno));
  }
  for(i = 0; i < n; i++) {
    /* one fsync per directory: most batches share one */
    bool again = false;
    size_t k;
    for(k = 0; k < i && !again; k++)
      again = same_dir(outs[k], outs[i]);
    if(!errs[i].code && !again && sync_dir_of(outs[i]))
      error_set(&errs[i], SF_E_IO, _("cannot commit '%s' (%s): %s"),
                outs[i], "fsync", strerror(errno));
    if(close(fds[i]) && !errs[i].code)
      error_set(&errs[i], SF_E_IO, _("cannot commit '%s' (%s): %s"),
                outs[i], "close", strerror(errno));
  }
}
