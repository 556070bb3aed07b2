/* SPDX-License-Identifier: GPL-3.0-or-later */
/* output.c owns the naming of a transfer's output (CLI.md "Output
   names"): -o, the provider's name, the server's Content-Disposition,
   the URL's last segment, each sanitised, the remote date, and the
   verified record a committed file carries (CLI.md "Verified
   record"). */
#include "output.h"

#include <curl/curl.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/xattr.h>

#include "fname.h"

/* Create the directories an output path names (like -P, and the
   "output" of -i lines). */
static enum sf_err
make_parent(const char *path, struct sf_error *err)
{
  char *dir = strdup(path);
  char *slash = dir ? strrchr(dir, '/') : NULL;
  enum sf_err rc = dir ? SF_OK : SF_E_NOMEM;

  if(slash && slash != dir) {
    *slash = '\0';
    if(fname_mkdirs(dir))
      rc = error_set(err, SF_E_IO, _("cannot create directory '%s': %s"),
                     dir, strerror(errno));
  }
  free(dir);
  return rc;
}

enum sf_err
output_choose(const struct sf_options *opts, const struct sf_download *dl,
              char **path, bool *to_stdout, struct sf_error *err)
{
  char *name;

  *path = NULL;
  *to_stdout = dl->output && !strcmp(dl->output, "-");
  if(*to_stdout)
    return SF_OK;
  if(dl->output)
    *path = strdup(dl->output);
  else {
    name = dl->resolved.name ? fname_sanitize(dl->resolved.name) : NULL;
    if(!name)
      name = fname_from_url(dl->locator);
    if(!name)
      return SF_E_NOMEM;
    *path = fname_join(opts->directory, name);
    free(name);
  }
  if(!*path)
    return SF_E_NOMEM;
  return make_parent(*path, err);
}

enum sf_err
output_adopt_server_name(const struct sf_options *opts,
                         const struct sf_download *dl,
                         const char *server_name, char **path,
                         struct sf_error *err)
{
  char *out;
  struct stat sb;

  if(dl->output || dl->resolved.name || !server_name || !*path)
    return SF_OK;
  out = fname_join(opts->directory, server_name);
  if(!out)
    return error_set(err, SF_E_NOMEM, "%s", error_text(SF_E_NOMEM));
  /* adopted when the first response came (tprep_server_name): a file of
     that name that appeared during the download is not replaced either */
  if(!opts->overwrite && !lstat(out, &sb)) {
    error_set(err, SF_E_EXISTS,
              _("output '%s' (named by the server) exists (use --overwrite "
                "to replace it)"), out);
    free(out);
    return SF_E_EXISTS;
  }
  free(*path);
  *path = out;
  return SF_OK;
}

void
output_keep_mtime(int fd, const char *last_modified)
{
  struct timespec ts[2];
  time_t t = last_modified ? curl_getdate(last_modified, NULL) : -1;

  if(t <= 0)
    return;
  ts[0].tv_sec = 0;
  ts[0].tv_nsec = UTIME_OMIT;
  ts[1].tv_sec = t;
  ts[1].tv_nsec = 0;
  futimens(fd, ts); /* a date is nice to have, not worth failing for */
}

void
output_stamp(const struct stat *sb, char *buf, size_t len)
{
  long long ns = (long long)sb->st_mtim.tv_sec * 1000000000LL +
                 (long long)sb->st_mtim.tv_nsec;

  snprintf(buf, len, "%lld:%lld", (long long)sb->st_size, ns);
}

void
output_record(int fd, const char *locator, const char *sha1)
{
  char stamp[64];
  struct stat sb;

  /* the date (output_keep_mtime) and every byte are final: the stamp
     taken now is what a later stat() of the committed file shows */
  if(fstat(fd, &sb))
    return;
  output_stamp(&sb, stamp, sizeof(stamp));
  /* a file system without user xattrs (ENOTSUP, EPERM) keeps no record:
     a rerun hashes the file instead.  The stamp goes last: a record
     without it is never trusted. */
  if(fsetxattr(fd, SF_XATTR_URL, locator, strlen(locator), 0) ||
     fsetxattr(fd, SF_XATTR_SHA1, sha1, strlen(sha1), 0))
    return;
  fsetxattr(fd, SF_XATTR_STAMP, stamp, strlen(stamp), 0);
}
