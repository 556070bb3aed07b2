/* SPDX-License-Identifier: GPL-3.0-or-later */
/* atomic.c owns the file operations that must never leave a half-state
   behind: a small file replaced through a temporary file and rename, the
   partial file's create-and-lock, and fsync + rename + fsync of the
   directory when a verified file becomes its output. */
#include "atomic.h"

#include <fcntl.h>
#include <libgen.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* Write all of BUF to FD. */
static bool
write_all(int fd, const char *buf, size_t len)
{
  while(len) {
    ssize_t n = write(fd, buf, len);
    if(n < 0 && errno == EINTR)
      continue;
    if(n <= 0)
      return false;
    buf += n;
    len -= (size_t)n;
  }
  return true;
}

/* The temporary name beside PATH that atomic_write_file writes first. */
static char *
tmp_name(const char *path, unsigned flags)
{
  char own[32];

  if(!(flags & SF_WRITE_PRIVATE))
    return atomic_sibling(path, ".tmp");
  snprintf(own, sizeof(own), ".tmp.%ld", (long)getpid());
  return atomic_sibling(path, own);
}

/* Write TEXT into the new temporary file FD as FLAGS say; close FD. */
static bool
fill_tmp(int fd, const char *text, mode_t mode, unsigned flags)
{
  if(((flags & SF_WRITE_PRIVATE) && fchmod(fd, mode)) ||
     !write_all(fd, text, strlen(text)) ||
     ((flags & SF_WRITE_SYNC) && fsync(fd))) {
    int e = errno;
    close(fd);
    errno = e;
    return false;
  }
  return !close(fd);
}

enum sf_err
atomic_write_file(const char *path, const char *text, mode_t mode,
                 unsigned flags, struct sf_error *err)
{
  char *tmp = tmp_name(path, flags);
  int oflags = O_WRONLY | O_CREAT | O_CLOEXEC |
               ((flags & SF_WRITE_PRIVATE) ? O_EXCL | O_NOFOLLOW : O_TRUNC);
  int fd;
  int e;

  if(!tmp)
    return SF_E_NOMEM;
  fd = open(tmp, oflags, mode);
  if(fd >= 0 && fill_tmp(fd, text, mode, flags) && !rename(tmp, path)) {
    free(tmp);
    return SF_OK;
  }
  e = errno;
  if(fd >= 0)
    unlink(tmp);
  free(tmp);
  return error_set(err, e == ENOSPC ? SF_E_DISK_FULL : SF_E_IO,
                   _("cannot write state file '%s': %s"), path, strerror(e));
}

char *
atomic_sibling(const char *output, const char *suffix)
{
  size_t n = strlen(output) + strlen(suffix) + 1;
  char *p = malloc(n);

  if(p)
    snprintf(p, n, "%s%s", output, suffix);
  return p;
}

enum sf_err
atomic_open_partial(const char *path, int *fd, struct sf_error *err)
{
  int f = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);

  if(f < 0)
    return error_set(err, errno == ENOSPC ? SF_E_DISK_FULL : SF_E_IO,
                     _("cannot open partial file '%s': %s"), path,
                     strerror(errno));
  if(flock(f, LOCK_EX | LOCK_NB)) {
    int e = errno;
    close(f);
    if(e == EWOULDBLOCK)
      return error_set(err, SF_E_LOCKED,
                       _("'%s' is being downloaded by another sigfetch run "
                         "(wait for it to finish)"), path);
    return error_set(err, SF_E_IO, _("cannot lock '%s': %s"), path,
                     strerror(e));
  }
  *fd = f;
  return SF_OK;
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
atomic_commit_file(int fd, const char *part, const char *output,
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
atomic_commit_files(int *fds, const char *const *parts, const char *const *outs,
             size_t n, struct sf_error *errs)
{
  size_t i;

  sync_batch(fds, n, errs, outs);
  for(i = 0; i < n; i++) {
    if(!errs[i].code && rename(parts[i], outs[i]))
      error_set(&errs[i], SF_E_IO, _("cannot commit '%s' (%s): %s"),
                outs[i], "rename", strerror(errno));
  }
  /* the files' descriptors go first: the directory opens below must not
     fail for want of one (EMFILE) after the renames are done */
  for(i = 0; i < n; i++)
    if(close(fds[i]) && !errs[i].code)
      error_set(&errs[i], SF_E_IO, _("cannot commit '%s' (%s): %s"),
                outs[i], "close", strerror(errno));
  for(i = 0; i < n; i++) {
    /* one fsync per directory: most batches share one */
    bool again = false;
    size_t k;
    for(k = 0; k < i && !again; k++)
      again = same_dir(outs[k], outs[i]);
    if(!errs[i].code && !again && sync_dir_of(outs[i]))
      error_set(&errs[i], SF_E_IO, _("cannot commit '%s' (%s): %s"),
                outs[i], "fsync", strerror(errno));
  }
}
