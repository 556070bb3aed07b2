/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Writing downloaded files into one archive (tar, tar.gz, tar.xz, tar.zst,
   zip, 7z) that appears at its final name only when complete. */
#ifndef SIGFETCH_ARCHIVE_OUT_H
#define SIGFETCH_ARCHIVE_OUT_H

#include "system.h"

#include <signal.h>
#include <time.h>

#include "error.h"

struct sf_archive;

/* SF_OK when PATH's suffix names a format we write: .tar, .tar.gz, .tgz,
   .tar.xz, .tar.zst, .zip, .7z (case-insensitive); else SF_E_USAGE with a
   message listing them.  Pure: touches no file, so the CLI can refuse a
   bad name before any download starts. */
enum sf_err archive_out_check_suffix(const char *path, struct sf_error *err);

/* Start writing PATH's partial file PATH.sfpart (created or truncated,
   locked against a concurrent run: SF_E_LOCKED) in the format of PATH's
   suffix.  PATH itself is not touched until archive_out_commit().
   SF_E_USAGE when the installed libarchive cannot write that format. */
enum sf_err archive_out_open(const char *path, struct sf_archive **out,
                             struct sf_error *err);

/* Let a stop signal (*STOP nonzero) end the writing of A within a
   second: an add or the commit then fails with SF_E_INTERRUPTED or
   SF_E_TERMINATED, and only archive_out_abort() is useful (PATH is left
   as it was). */
void archive_out_set_stop(struct sf_archive *a, volatile sig_atomic_t *stop);

/* Append the regular file at DISK_PATH as entry NAME (UTF-8, used as
   given): size from fstat, mode 0644, mtime MTIME (or the file's own when
   MTIME is 0), streamed in 256 KiB blocks, never whole in memory.  A file
   that shrinks meanwhile is SF_E_IO; bytes past the fstat size are not
   taken.  When DISK_PATH cannot be opened or is no regular file nothing
   is written and A stays usable; after any other failure
   archive_out_commit() refuses and only archive_out_abort() is useful. */
enum sf_err archive_out_add_file(struct sf_archive *a, const char *disk_path,
                                 const char *name, time_t mtime,
                                 struct sf_error *err);

/* Append an entry NAME holding LEN bytes of BUF, mode 0644, mtime MTIME
   (for the SHA1SUMS manifest).  After a failure only archive_out_abort()
   is useful. */
enum sf_err archive_out_add_buffer(struct sf_archive *a, const char *name,
                                   const void *buf, size_t len, time_t mtime,
                                   struct sf_error *err);

/* Finish the archive, fsync it, rename PATH.sfpart onto PATH and fsync
   the directory, so PATH is either absent, the old file, or complete.
   Frees A either way; on failure the partial file is removed.  A full
   disk is SF_E_DISK_FULL, other local errors SF_E_IO; SF_E_INTERNAL when
   an add had failed half-way (a caller bug). */
enum sf_err archive_out_commit(struct sf_archive *a, struct sf_error *err);

/* Abandon A: nothing more is written, PATH.sfpart is removed, PATH is
   left as it was.  Frees A; NULL is fine. */
void archive_out_abort(struct sf_archive *a);

/* How many files the existing archive PATH holds, its SHA1SUMS entry not
   counted; -1 when it cannot be read as an archive to its end (or a stop
   signal came first).  Reads, and decompresses, the whole archive. */
long archive_out_count_files(const char *path, volatile sig_atomic_t *stop);

/* The libarchive in use (run time): its version ("3.7.2") and its
   details with the compression libraries ("libarchive 3.7.2 zlib/1.3
   ..."), for --version. */
const char *archive_out_lib_version(void);
const char *archive_out_lib_details(void);

#endif /* SIGFETCH_ARCHIVE_OUT_H */
