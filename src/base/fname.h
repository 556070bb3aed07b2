/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Output file names: sanitising names that do not come from the user. */
#ifndef SIGFETCH_FNAME_H
#define SIGFETCH_FNAME_H

#include "system.h"

/* A safe single path component made from NAME: no '/', '\\', control
   characters or "..", no leading '-' or '.'.  NULL when nothing usable is
   left (or out of memory).  Caller frees. */
char *fname_sanitize(const char *name);

/* The sanitised last path segment of URL (query and fragment removed,
   percent-decoded), or "index.html" when empty.  Caller frees. */
char *fname_from_url(const char *url);

/* DIR "/" NAME, or NAME when DIR is "." or NULL.  Caller frees. */
char *fname_join(const char *dir, const char *name);

/* Create directory DIR and its missing parents (mode 0777 & ~umask).
   0, or -1 with errno set. */
int fname_mkdirs(const char *dir);

/* PATH with "." and empty components removed and "dir/.." folded,
   lexically (the file system is not asked).  Caller frees. */
char *fname_normalize(const char *path);

/* True when PATH has a ".." component. */
bool fname_climbs(const char *path);

#endif /* SIGFETCH_FNAME_H */
