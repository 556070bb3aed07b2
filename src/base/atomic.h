/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Files that appear whole or not at all: small files replaced atomically
   (state, token cache), the locked partial file beside an output, and
   the durable commit of a partial file onto its output name. */
#ifndef SIGFETCH_ATOMIC_H
#define SIGFETCH_ATOMIC_H

#include "error.h"

#include <sys/types.h>

#define SF_PART_SUFFIX ".sfpart"
#define SF_STATE_SUFFIX ".sfstate"

/* atomic_write_file flags. */
#define SF_WRITE_PRIVATE 1u  /* a temporary file of our own (PATH.tmp.PID,
                                created exclusively, never through a
                                symlink) given exactly MODE; else
                                PATH.tmp, truncated, MODE less the umask */
#define SF_WRITE_SYNC 2u     /* fsync it before the rename */

/* Replace PATH with the small file TEXT atomically: a reader, or a crash
   at any moment, sees the old file or the new one whole, never a mix.
   It is written to a temporary file beside PATH (removed on failure) and
   renamed over PATH.  SF_E_DISK_FULL / SF_E_IO with a message naming
   PATH in ERR (may be NULL); SF_E_NOMEM without. */
enum sf_err atomic_write_file(const char *path, const char *text,
                             mode_t mode, unsigned flags,
                             struct sf_error *err);

/* Open the sidecar PATH (a state file): never through a symbolic link,
   created exclusively when new (CREATE: read-write, mode 0600; else
   read-only), and only when it is a regular file of ours with one link.
   The fd, or -1 with errno set (ELOOP, EPERM, EINVAL for a file that is
   not ours to use). */
int atomic_open_sidecar(const char *path, bool create);

/* OUTPUT + SUFFIX, malloc'd. */
char *atomic_sibling(const char *output, const char *suffix);

/* Open (creating) the partial file at PATH and take an exclusive,
   non-blocking lock on it; SF_E_LOCKED when another run holds it.  As
   atomic_open_sidecar, it never opens a link or a file not our own.  The
   kernel drops the lock when the process dies, so kill -9 leaves none. */
enum sf_err atomic_open_partial(const char *path, int *fd,
                               struct sf_error *err);

/* Make the partial file PART (open on FD, which is closed here either
   way) durable and atomically the file OUTPUT: fsync, rename, fsync the
   directory.  Only the file open on FD is renamed: when the name PART
   no longer refers to it (replaced by another file, a link, or its
   directory swapped) nothing is renamed and it fails. */
enum sf_err atomic_commit_file(int fd, const char *part, const char *output,
                        struct sf_error *err);

/* Commit N verified partial files at once (see atomic_commit_file): the data of
   all is made durable together (syncfs: one journal commit for the
   batch), then each is renamed onto its output and each directory is
   synced once.  ERRS[i] (cleared by the caller) gets file i's outcome;
   every FDS[i] is closed. */
void atomic_commit_files(int *fds, const char *const *parts,
                  const char *const *outputs, size_t n,
                  struct sf_error *errs);

#endif /* SIGFETCH_ATOMIC_H */
