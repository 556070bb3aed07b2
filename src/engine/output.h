/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Where a transfer's bytes end up: the output name (given, the
   provider's, the server's, the URL's), its directories, its date. */
#ifndef SIGFETCH_OUTPUT_H
#define SIGFETCH_OUTPUT_H

#include "download.h"

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

#endif /* SIGFETCH_OUTPUT_H */
