/* SPDX-License-Identifier: GPL-3.0-or-later */
/* atomic.c owns the file operations that must never leave a half-state
   behind: a small file replaced through a temporary file and rename, the
   partial file's create-and-lock, and fsync + rename + fsync of the
   directory when a verified file becomes its output. */
#include "atomic.h"

#include <fcntl.h>
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

/* Open the directory that holds PATH (the user's directories may be
   links; the last component is never followed) and point *BASE at
   PATH's last component.  -1 with errno set. */
static int
dir_open(const char *path, const char **base)
{
  const char *slash = strrchr(path, '/');
  char *dir;
  int fd;

  *base = slash ? slash + 1 : path;
  if(!slash)
    return open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  dir = strndup(path, slash == path ? 1 : (size_t)(slash - path));
  if(!dir)
    return -1;
  fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  free(dir);
  return fd;
}

/* Is the open FD a regular file of ours with no other name (not a
   device, FIFO, another user's file or a hard link planted beside our
   output)?  False sets errno. */
static bool
own_regular(int fd)
{
  struct stat sb;

  if(fstat(fd, &sb))
    return false;
  if(S_ISREG(sb.st_mode) && sb.st_uid == geteuid() && sb.st_nlink <= 1)
    return true;
  errno = S_ISREG(sb.st_mode) ? EPERM : EINVAL;
  return false;
}

/* Open BASE in DFD as one of our files: never through a link, created
   exclusively when new, checked to be our own regular file. */
static int
open_own(int dfd, const char *base, int oflags, mode_t mode)
{
  int fd = -1;

  if(oflags & O_CREAT) {
    fd = openat(dfd, base, oflags | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
    if(fd >= 0 || errno != EEXIST)
      return fd;
    oflags &= ~O_CREAT;
  }
  fd = openat(dfd, base, oflags | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if(fd >= 0 && !own_regular(fd)) {
    int e = errno;
    close(fd);
    errno = e;
    fd = -1;
  }
  return fd;
}

/* One open of PATH needs no descriptor of its directory: O_NOFOLLOW
   guards the last component as openat in that directory would. */
int
atomic_open_sidecar(const char *path, bool create)
{
  return open_own(AT_FDCWD, path, create ? O_RDWR | O_CREAT : O_RDONLY,
                  0600);
}

/* The temporary name beside BASE that atomic_write_file writes first. */
static char *
tmp_name(const char *base, unsigned flags)
{
  char own[32];

  if(!(flags & SF_WRITE_PRIVATE))
    return atomic_sibling(base, ".tmp");
  snprintf(own, sizeof(own), ".tmp.%ld", (long)getpid());
  return atomic_sibling(base, own);
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
  const char *base;
  int dfd = dir_open(path, &base);
  char *tmp = dfd >= 0 ? tmp_name(base, flags) : NULL;
  int fd = -1;
  int e = errno;

  if(dfd >= 0 && !tmp) {
    close(dfd);
    return SF_E_NOMEM;
  }
  if(tmp && !(flags & SF_WRITE_PRIVATE) && unlinkat(dfd, tmp, 0) &&
     errno != ENOENT)
    goto fail; /* a stale temporary file, or a link planted in its place */
  if(tmp)
    fd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
                O_CLOEXEC, mode);
  if(fd >= 0 && fill_tmp(fd, text, mode, flags) &&
     !renameat(dfd, tmp, dfd, base)) {
    free(tmp);
    close(dfd);
    return SF_OK;
  }
fail:
  e = errno;
  if(fd >= 0)
    unlinkat(dfd, tmp, 0);
  if(dfd >= 0)
    close(dfd);
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

/* The message for a sidecar that is not ours to write. */
static enum sf_err
refuse_open(const char *path, int e, struct sf_error *err)
{
  if(e == ELOOP || e == EPERM || e == EINVAL)
    return error_set(err, SF_E_IO,
                     _("'%s' is a symbolic link, a hard link or not a "
                       "regular file of ours; not writing through it "
                       "(remove it)"), path);
  return error_set(err, e == ENOSPC ? SF_E_DISK_FULL : SF_E_IO,
                   _("cannot open partial file '%s': %s"), path,
                   strerror(e));
}

enum sf_err
atomic_open_partial(const char *path, int *fd, struct sf_error *err)
{
  int f = open_own(AT_FDCWD, path, O_RDWR | O_CREAT, 0666);
  int e = errno;

  if(f < 0)
    return refuse_open(path, e, err);
  if(flock(f, LOCK_EX | LOCK_NB)) {
    e = errno;
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

/* fsync the directory DFD so a rename in it is durable. */
static int
sync_dir(int dfd)
{
  int rc = fsync(dfd);

  if(rc && (errno == EINVAL || errno == EROFS))
    rc = 0; /* file systems that cannot sync directories */
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

#define SF_REPLACED (-2)

/* The message for a partial file that is no longer the one written. */
static enum sf_err
replaced(const char *part, const char *output, struct sf_error *err)
{
  return error_set(err, SF_E_IO,
                   _("cannot commit '%s': its partial file '%s' was "
                     "replaced by another file during the download; "
                     "not committing it"), output, part);
}

/* Rename PART, which must still be the file open on FD (HELD: its
   fstat), onto OUTPUT, whose directory is open on DFD.  Whatever now
   has the name PART (another entry's file, a link, a swapped directory)
   is never renamed: that is SF_REPLACED.  -1 with errno set. */
static int
rename_held(const struct stat *held, const char *part, const char *output,
            int dfd)
{
  const char *pbase = strrchr(part, '/') ? strrchr(part, '/') + 1 : part;
  const char *obase = strrchr(output, '/') ? strrchr(output, '/') + 1
                                           : output;
  int pdfd = same_dir(part, output) ? dfd : dir_open(part, &pbase);
  struct stat named;
  int rc = -1;

  if(pdfd < 0 || fstatat(pdfd, pbase, &named, AT_SYMLINK_NOFOLLOW))
    goto out;
  if(held->st_dev != named.st_dev || held->st_ino != named.st_ino) {
    rc = SF_REPLACED;
    goto out;
  }
  rc = renameat(pdfd, pbase, dfd, obase);
out:
  if(pdfd >= 0 && pdfd != dfd)
    close(pdfd);
  return rc;
}

/* rename_held with the directory opened here (returned in *DFD for its
   sync).  A failing step's name goes to *STEP. */
static int
rename_own(int fd, const char *part, const char *output, int *dfd,
           const char **step)
{
  const char *obase;
  struct stat held;

  *step = "rename";
  *dfd = dir_open(output, &obase);
  if(*dfd < 0 || fstat(fd, &held))
    return -1;
  return rename_held(&held, part, output, *dfd);
}

enum sf_err
atomic_commit_file(int fd, const char *part, const char *output,
            struct sf_error *err)
{
  const char *step = "fsync";
  int dfd = -1;
  int e;
  int rc;

  if(fsync(fd))
    goto fail;
  rc = rename_own(fd, part, output, &dfd, &step);
  if(rc == SF_REPLACED) {
    close(fd);
    close(dfd);
    return replaced(part, output, err);
  }
  if(rc)
    goto fail;
  step = "fsync";
  if(sync_dir(dfd))
    goto fail;
  close(dfd);
  dfd = -1;
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
  if(dfd >= 0)
    close(dfd);
  return error_set(err, e == ENOSPC ? SF_E_DISK_FULL : SF_E_IO,
                   _("cannot commit '%s' (%s): %s"), output, step,
                   strerror(e));
}

/* Make the data of every file durable: one syncfs per file system for a
   batch (one journal commit instead of one per file), fsync otherwise.
   SBS[i] gets file i's fstat (st_ino 0 when it failed). */
static void
sync_batch(int *fds, size_t n, struct sf_error *errs, const char *const *outs,
           struct stat *sbs)
{
  dev_t done[8];
  size_t ndone = 0;
  size_t i;
  size_t k;

  for(i = 0; i < n; i++) {
    struct stat *sb = &sbs[i];
    bool seen = false;
    int rc;

    if(fstat(fds[i], sb))
      memset(sb, 0, sizeof(*sb));
    else if(n > 1) {
      for(k = 0; k < ndone; k++)
        seen = seen || done[k] == sb->st_dev;
      if(seen)
        continue;
      rc = syncfs(fds[i]);
      if(!rc && ndone < countof(done))
        done[ndone++] = sb->st_dev;
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
  int dfds[64];
  bool own[64];           /* dfds[i] was opened for file i, not shared */
  struct stat sbs[64];
  size_t i;

  if(n > countof(dfds)) {
    atomic_commit_files(fds, parts, outs, countof(dfds), errs);
    atomic_commit_files(fds + countof(dfds), parts + countof(dfds),
                        outs + countof(dfds), n - countof(dfds),
                        errs + countof(dfds));
    return;
  }
  sync_batch(fds, n, errs, outs, sbs);
  for(i = 0; i < n; i++) {
    const char *step = "rename";
    const char *obase;
    int rc = 0;
    dfds[i] = -1;
    own[i] = false;
    if(errs[i].code)
      continue;
    /* a batch's files mostly share one directory: open it once */
    if(i > 0 && dfds[i - 1] >= 0 && same_dir(outs[i - 1], outs[i]))
      dfds[i] = dfds[i - 1];
    else {
      dfds[i] = dir_open(outs[i], &obase);
      own[i] = dfds[i] >= 0;
    }
    if(dfds[i] < 0)
      rc = -1;
    else if(!sbs[i].st_ino && fstat(fds[i], &sbs[i]))
      rc = -1;
    else
      rc = rename_held(&sbs[i], parts[i], outs[i], dfds[i]);
    if(rc == SF_REPLACED)
      replaced(parts[i], outs[i], &errs[i]);
    else if(rc)
      error_set(&errs[i], SF_E_IO, _("cannot commit '%s' (%s): %s"),
                outs[i], step, strerror(errno));
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
      again = !errs[k].code && same_dir(outs[k], outs[i]);
    if(!errs[i].code && !again && sync_dir(dfds[i]))
      error_set(&errs[i], SF_E_IO, _("cannot commit '%s' (%s): %s"),
                outs[i], "fsync", strerror(errno));
  }
  for(i = 0; i < n; i++)
    if(own[i])
      close(dfds[i]);
}
