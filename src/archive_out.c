/* SPDX-License-Identifier: GPL-3.0-or-later */
/* archive_out.c owns the archive output: it picks the libarchive format
   and filter from the output's suffix, streams each downloaded file into
   OUTPUT.sfpart as one entry, and commits the finished archive the way
   atomic.c commits a plain file (fsync, rename, fsync the directory).  It
   is the only file that includes libarchive. */
#include "archive_out.h"

#include <fcntl.h>
#include <locale.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

#include "atomic.h"

#define AO_BLOCK (256 * 1024)  /* bytes read and written at a time */
#define AO_SLICE (16 * 1024)   /* bytes compressed between stop checks */
#define AO_PERM 0644

/* One writable archive type: the suffix that selects it, a name for
   messages, and how libarchive is set up for it. */
struct ao_format {
  const char *suffix;
  const char *name;
  int (*set_format)(struct archive *);
  int (*add_filter)(struct archive *);
  const char *options;          /* archive_write_set_options(), or NULL */
};

#if ARCHIVE_VERSION_NUMBER < 3003003
/* libarchive before 3.3.3 has no zstd writer. */
static int
archive_write_add_filter_zstd(struct archive *ar)
{
  archive_set_error(ar, ARCHIVE_ERRNO_MISC, "zstd: not supported");
  return ARCHIVE_FATAL;
}
#endif

/* Pax restricted is ustar unless a name or size needs an extension.  Zip
   names are flagged UTF-8; 7z names are always UTF-16. */
static const struct ao_format ao_formats[] = {
  { ".tar", "tar", archive_write_set_format_pax_restricted,
    archive_write_add_filter_none, NULL },
  { ".tar.gz", "tar.gz (gzip)", archive_write_set_format_pax_restricted,
    archive_write_add_filter_gzip, NULL },
  { ".tgz", "tgz (gzip)", archive_write_set_format_pax_restricted,
    archive_write_add_filter_gzip, NULL },
  { ".tar.xz", "tar.xz (xz)", archive_write_set_format_pax_restricted,
    archive_write_add_filter_xz, NULL },
  { ".tar.zst", "tar.zst (zstd)", archive_write_set_format_pax_restricted,
    archive_write_add_filter_zstd, NULL },
  { ".zip", "zip", archive_write_set_format_zip, NULL,
    "zip:hdrcharset=UTF-8" },
  { ".7z", "7z", archive_write_set_format_7zip, NULL, NULL },
};

struct sf_archive {
  struct archive *ar;
  char *path;                   /* the final name */
  char *part;                   /* PATH.sfpart, written until commit */
  int fd;                       /* open on PART, locked; -1 when not ours */
  unsigned char *buf;           /* AO_BLOCK bytes for add_file */
  locale_t utf8;                /* UTF-8 LC_CTYPE, or 0 when none */
  bool broken;                  /* an entry failed half-way */
  volatile sig_atomic_t *stop;  /* the run's signal flag, or NULL */
};

/* libarchive converts entry names through the calling thread's LC_CTYPE:
   under the C locale 3.6 turns UTF-8 names into '?' (zip, 7z) or crashes
   on a name given as UTF-8 only (libarchive issue 2233).  Our names are
   UTF-8, so the calls that convert them run under a UTF-8 LC_CTYPE when
   the system has one, for this thread only (uselocale). */
static locale_t
utf8_ctype(void)
{
  static const char *const names[] = { "C.UTF-8", "C.utf8", "en_US.UTF-8" };
  size_t i;

  for(i = 0; i < countof(names); i++) {
    locale_t l = newlocale(LC_CTYPE_MASK, names[i], (locale_t)0);
    if(l != (locale_t)0)
      return l;
  }
  return (locale_t)0;
}

/* Switch this thread to A's UTF-8 LC_CTYPE; returns what to restore. */
static locale_t
enter_utf8(const struct sf_archive *a)
{
  return a->utf8 ? uselocale(a->utf8) : (locale_t)0;
}

static void
leave_utf8(locale_t old)
{
  if(old)
    uselocale(old);
}

/* The format PATH's file name ends in (case-insensitive, and with at
   least one character before the suffix), or NULL. */
static const struct ao_format *
find_format(const char *path)
{
  const char *base = strrchr(path, '/');
  size_t blen;
  size_t i;

  base = base ? base + 1 : path;
  blen = strlen(base);
  for(i = 0; i < countof(ao_formats); i++) {
    size_t slen = strlen(ao_formats[i].suffix);
    if(blen > slen && !strcasecmp(base + blen - slen, ao_formats[i].suffix))
      return &ao_formats[i];
  }
  return NULL;
}

enum sf_err
archive_out_check_suffix(const char *path, struct sf_error *err)
{
  if(find_format(path))
    return SF_OK;
  return error_set(err, SF_E_USAGE,
                   _("'%s': unknown archive type (name it *.tar, *.tar.gz, "
                     "*.tgz, *.tar.xz, *.tar.zst, *.zip or *.7z)"), path);
}

/* Turn libarchive's last error on A into ERR.  ENTRY names the entry
   being written, NULL while finishing the archive.  libarchive's text
   ("Write error") gets the system's reason when there is one. */
static enum sf_err
ar_fail(const struct sf_archive *a, const char *entry, struct sf_error *err)
{
  int e = archive_errno(a->ar);
  const char *what = archive_error_string(a->ar);
  enum sf_err code = SF_E_IO;
  char why[512];

  if(e == ENOSPC || e == EDQUOT || e == EFBIG)
    code = SF_E_DISK_FULL; /* no room for the archive to grow */
  if(!what)
    what = _("unknown libarchive error");
  if(e > 0 && e != EILSEQ) /* EILSEQ: libarchive's "bad format" */
    snprintf(why, sizeof(why), "%s (%s)", what, strerror(e));
  else
    snprintf(why, sizeof(why), "%s", what);
  if(entry)
    return error_set(err, code, _("cannot write '%s' into archive '%s': %s"),
                     entry, a->path, why);
  return error_set(err, code, _("cannot finish archive '%s': %s"), a->path,
                   why);
}

/* Set A's libarchive writer up for F and start it on A->fd.  SF_E_USAGE
   when this libarchive cannot write F: we do not fall back to an external
   compressor, whose failures (a full disk) we could not tell apart. */
static enum sf_err
start_writer(struct sf_archive *a, const struct ao_format *f,
             struct sf_error *err)
{
  a->ar = archive_write_new();
  if(!a->ar)
    return error_set(err, SF_E_NOMEM, _("out of memory"));
  if(f->set_format(a->ar) != ARCHIVE_OK ||
     (f->add_filter && f->add_filter(a->ar) != ARCHIVE_OK) ||
     (f->options && archive_write_set_options(a->ar, f->options) !=
      ARCHIVE_OK)) {
    const char *why = archive_error_string(a->ar);
    return error_set(err, SF_E_USAGE,
                     _("'%s': this libarchive cannot write %s archives (%s)"),
                     a->path, f->name, why ? why : "?");
  }
  if(archive_write_open_fd(a->ar, a->fd) != ARCHIVE_OK)
    return ar_fail(a, NULL, err);
  return SF_OK;
}

/* Empty a partial file left by an earlier run.  Only now that we hold the
   lock: O_TRUNC could have cut a running writer's file. */
static enum sf_err
truncate_partial(const struct sf_archive *a, struct sf_error *err)
{
  struct stat sb;

  if(fstat(a->fd, &sb) || (sb.st_size > 0 && ftruncate(a->fd, 0)))
    return error_set(err, SF_E_IO, _("cannot truncate '%s': %s"), a->part,
                     strerror(errno));
  return SF_OK;
}

enum sf_err
archive_out_open(const char *path, struct sf_archive **out,
                 struct sf_error *err)
{
  const struct ao_format *f = find_format(path);
  struct sf_archive *a;
  enum sf_err rc;
  locale_t old;
  int fd = -1;

  *out = NULL;
  if(!f)
    return archive_out_check_suffix(path, err);
  a = calloc(1, sizeof(*a));
  if(!a)
    return error_set(err, SF_E_NOMEM, _("out of memory"));
  a->fd = -1;
  a->path = strdup(path);
  a->part = atomic_sibling(path, SF_PART_SUFFIX);
  a->buf = malloc(AO_BLOCK);
  rc = SF_E_NOMEM;
  if(!a->path || !a->part || !a->buf) {
    error_set(err, rc, _("out of memory"));
    goto fail;
  }
  rc = atomic_open_partial(a->part, &fd, err);
  if(rc)
    goto fail;
  a->fd = fd;
  rc = truncate_partial(a, err);
  if(rc)
    goto fail;
  a->utf8 = utf8_ctype();
  old = enter_utf8(a);
  rc = start_writer(a, f, err);
  leave_utf8(old);
  if(rc)
    goto fail;
  *out = a;
  return SF_OK;
fail:
  archive_out_abort(a);
  return rc;
}

/* Write the header of a regular entry NAME of SIZE bytes.  The name is
   set as bytes (never as UTF-8 only, see utf8_ctype).  ARCHIVE_WARN means
   the entry was written but its name not converted exactly (invalid
   UTF-8, or no UTF-8 locale): pax keeps the raw bytes, zip and 7z put '?'.
   That is no reason to throw the whole archive away. */
static enum sf_err
write_header(struct sf_archive *a, const char *name, int64_t size,
             time_t mtime, struct sf_error *err)
{
  struct archive_entry *e = archive_entry_new();
  locale_t old;
  int r;

  if(!e)
    return error_set(err, SF_E_NOMEM, _("out of memory"));
  old = enter_utf8(a);
  archive_entry_copy_pathname(e, name);
  archive_entry_set_filetype(e, AE_IFREG);
  archive_entry_set_perm(e, AO_PERM);
  archive_entry_set_size(e, size);
  archive_entry_set_mtime(e, mtime, 0);
  r = archive_write_header(a->ar, e);
  archive_entry_free(e);
  leave_utf8(old);
  if(r != ARCHIVE_OK && r != ARCHIVE_WARN)
    return ar_fail(a, name, err);
  return SF_OK;
}

/* Hand all LEN bytes of BUF to the current entry NAME. */
static enum sf_err
write_data(struct sf_archive *a, const char *name, const void *buf,
           size_t len, struct sf_error *err)
{
  const char *p = buf;

  while(len) {
    la_ssize_t n = archive_write_data(a->ar, p, len);
    if(n <= 0)
      return ar_fail(a, name, err);
    p += n;
    len -= (size_t)n;
  }
  return SF_OK;
}

/* SF_OK, or SF_E_INTERRUPTED / SF_E_TERMINATED once a stop signal came
   (ERR says so). */
static enum sf_err
stopped(const struct sf_archive *a, struct sf_error *err)
{
  enum sf_err rc = a->stop ? error_for_signal((int)*a->stop) : SF_OK;

  return rc ? error_set(err, rc, "%s", error_text(rc)) : SF_OK;
}

/* Write the first N bytes of a->buf into entry NAME in slices, checking
   for a stop signal before each: xz on a loaded machine may take a
   second for a whole block. */
static enum sf_err
write_slices(struct sf_archive *a, const char *name, size_t n,
             struct sf_error *err)
{
  size_t done = 0;

  while(done < n) {
    size_t k = n - done < AO_SLICE ? n - done : AO_SLICE;
    enum sf_err rc = stopped(a, err);
    if(!rc)
      rc = write_data(a, name, a->buf + done, k, err);
    if(rc)
      return rc;
    done += k;
  }
  return SF_OK;
}

/* Stream exactly SIZE bytes of FD (the file DISK_PATH) into entry NAME;
   a stop signal ends it between blocks (a block takes well under a
   second, even through xz). */
static enum sf_err
copy_fd(struct sf_archive *a, int fd, const char *disk_path,
        const char *name, int64_t size, struct sf_error *err)
{
  while(size > 0) {
    size_t want = size < AO_BLOCK ? (size_t)size : AO_BLOCK;
    ssize_t n;
    enum sf_err rc = stopped(a, err);

    if(rc)
      return rc;
    n = read(fd, a->buf, want);
    if(n < 0 && errno == EINTR)
      continue;
    if(n < 0)
      return error_set(err, SF_E_IO, _("cannot read '%s': %s"), disk_path,
                       strerror(errno));
    if(n == 0)
      return error_set(err, SF_E_IO,
                       _("'%s' shrank while it was being archived"),
                       disk_path);
    rc = write_slices(a, name, (size_t)n, err);
    if(rc)
      return rc;
    size -= n;
  }
  return SF_OK;
}

/* Close the current entry NAME. */
static enum sf_err
finish_entry(struct sf_archive *a, const char *name, struct sf_error *err)
{
  if(archive_write_finish_entry(a->ar) != ARCHIVE_OK)
    return ar_fail(a, name, err);
  return SF_OK;
}

enum sf_err
archive_out_add_file(struct sf_archive *a, const char *disk_path,
                     const char *name, time_t mtime, struct sf_error *err)
{
  /* a staged file swapped for a link (to a secret) or a FIFO is never
     read into the archive */
  int fd = open(disk_path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
  struct stat sb;
  enum sf_err rc;

  if(fd < 0)
    return error_set(err, SF_E_IO, _("cannot open '%s': %s"), disk_path,
                     strerror(errno));
  if(fstat(fd, &sb))
    rc = error_set(err, SF_E_IO, _("cannot read '%s': %s"), disk_path,
                   strerror(errno));
  else if(!S_ISREG(sb.st_mode))
    rc = error_set(err, SF_E_IO, _("'%s' is not a regular file"),
                   disk_path);
  else {
    rc = write_header(a, name, (int64_t)sb.st_size,
                      mtime ? mtime : sb.st_mtime, err);
    if(!rc)
      rc = copy_fd(a, fd, disk_path, name, (int64_t)sb.st_size, err);
    if(!rc)
      rc = finish_entry(a, name, err);
    a->broken = a->broken || rc;
  }
  close(fd); /* read-only: nothing to lose */
  return rc;
}

enum sf_err
archive_out_add_buffer(struct sf_archive *a, const char *name,
                       const void *buf, size_t len, time_t mtime,
                       struct sf_error *err)
{
  enum sf_err rc = write_header(a, name, (int64_t)len, mtime, err);

  if(!rc)
    rc = write_data(a, name, buf, len, err);
  if(!rc)
    rc = finish_entry(a, name, err);
  a->broken = a->broken || rc;
  return rc;
}

void
archive_out_set_stop(struct sf_archive *a, volatile sig_atomic_t *stop)
{
  a->stop = stop;
}

/* Release A's memory; its writer and file are already gone. */
static void
ao_free(struct sf_archive *a)
{
  free(a->path);
  free(a->part);
  free(a->buf);
  if(a->utf8)
    freelocale(a->utf8);
  free(a);
}

enum sf_err
archive_out_commit(struct sf_archive *a, struct sf_error *err)
{
  enum sf_err rc;
  int r;

  if(a->broken) {
    rc = error_set(err, SF_E_INTERNAL, _("archive '%s' is incomplete after "
                                         "an earlier error"), a->path);
    archive_out_abort(a);
    return rc;
  }
  rc = stopped(a, err);
  if(rc) {
    archive_out_abort(a);
    return rc;
  }
  if(archive_write_close(a->ar) != ARCHIVE_OK) {
    rc = ar_fail(a, NULL, err);
    (void)archive_write_free(a->ar); /* closed: only frees */
    a->ar = NULL;
    archive_out_abort(a);
    return rc;
  }
  r = archive_write_free(a->ar);
  a->ar = NULL;
  if(r != ARCHIVE_OK) {
    rc = error_set(err, SF_E_IO, _("cannot finish archive '%s'"), a->path);
    archive_out_abort(a);
    return rc;
  }
  rc = atomic_commit_file(a->fd, a->part, a->path, err);
  if(rc)
    unlink(a->part); /* gone already when only the rename's sync failed */
  a->fd = -1;
  ao_free(a);
  return rc;
}

/* Point A's descriptor at /dev/null once the partial file is gone, so a
   last close of the writer costs no disk. */
static void
discard_output(const struct sf_archive *a)
{
  int null = open("/dev/null", O_WRONLY | O_CLOEXEC);

  if(null < 0)
    return;
  (void)dup2(null, a->fd); /* closes the partial file and its lock */
  close(null);
}

void
archive_out_abort(struct sf_archive *a)
{
  if(!a)
    return;
  if(a->fd >= 0)
    unlink(a->part); /* while still locked: it is ours */
  if(a->ar) {
    /* libarchive 3.6 releases filter state (zlib, lzma, zstd) only in
       close, also after a fatal error, so close rather than
       archive_write_fail(); the trailer (7z: its whole body) goes to
       /dev/null.  Errors no longer matter here. */
    discard_output(a);
    (void)archive_write_close(a->ar);
    (void)archive_write_free(a->ar);
  }
  if(a->fd >= 0)
    close(a->fd);
  ao_free(a);
}

long
archive_out_count_files(const char *path, volatile sig_atomic_t *stop)
{
  struct archive *ar = archive_read_new();
  struct archive_entry *e;
  long n = 0;
  int r = ARCHIVE_FATAL;

  if(!ar)
    return -1;
  if(archive_read_support_filter_all(ar) == ARCHIVE_OK &&
     archive_read_support_format_all(ar) == ARCHIVE_OK &&
     archive_read_open_filename(ar, path, AO_BLOCK) == ARCHIVE_OK) {
    while(!(stop && *stop) &&
          (r = archive_read_next_header(ar, &e)) == ARCHIVE_OK) {
      const char *name = archive_entry_pathname(e);
      if(archive_entry_filetype(e) == AE_IFREG &&
         !(name && !strcmp(name, "SHA1SUMS")))
        n++;
    }
  }
  (void)archive_read_free(ar);
  return r == ARCHIVE_EOF ? n : -1;
}

const char *
archive_out_lib_version(void)
{
  const char *s = archive_version_string(); /* "libarchive 3.7.2" */
  const char *sp = strrchr(s, ' ');

  return sp ? sp + 1 : s;
}

const char *
archive_out_lib_details(void)
{
  return archive_version_details();
}
