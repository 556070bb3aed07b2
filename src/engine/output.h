/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Where a transfer's bytes end up: the output name (given, the
   provider's, the server's, the URL's), its directories, its date. */
#ifndef SIGFETCH_OUTPUT_H
#define SIGFETCH_OUTPUT_H

#include <sys/stat.h>

#include "download.h"

/* The verified record's extended attributes (CLI.md "Verified record");
   user.xdg.origin.url is the name curl --xattr and wget2 use. */
#define SF_XATTR_URL "user.xdg.origin.url"
#define SF_XATTR_SHA1 "user.sigfetch.sha1"
#define SF_XATTR_STAMP "user.sigfetch.stamp"

/* The output for DL: *TO_STDOUT for "-", else *PATH (malloc'd) with its
   parent directories created. */
enum sf_err output_choose(const struct sf_options *opts,
                          const struct sf_download *dl, char **path,
                          bool *to_stdout, struct sf_error *err);

/* With no name from the user or the provider, a Content-Disposition
   name from the server (SERVER_NAME, sanitised) replaces *PATH, unless
   another file has that name (SF_E_EXISTS without --overwrite). */
enum sf_err output_adopt_server_name(const struct sf_options *opts,
                                     const struct sf_download *dl,
                                     const char *server_name, char **path,
                                     struct sf_error *err);

/* Give FD the server's Last-Modified date (as wget -N), when known. */
void output_keep_mtime(int fd, const char *last_modified);

/* The stamp "SIZE:MTIME_NS" of a file with status SB, into BUF. */
void output_stamp(const struct stat *sb, char *buf, size_t len);

/* Give the file open on FD, complete and with its final date, the
   verified record: LOCATOR (without its query), its SHA1 (hex) and its
   stamp.  Where the file system keeps no user xattrs nothing is
   recorded and nothing fails: the record only saves a rerun from
   reading the file again. */
void output_record(int fd, const char *locator, const char *sha1);

#endif /* SIGFETCH_OUTPUT_H */
