/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Output file names: sanitising names that do not come from the user. */
#ifndef SIGFETCH_FNAME_H
#define SIGFETCH_FNAME_H

#include "system.h"

/* The longest name fname_sanitize makes: 255 bytes (NAME_MAX on every
   common file system) less the longest suffix sigfetch adds beside an
   output (".sfstate.tmp"). */
#define SF_NAME_MAX 243

/* A safe single path component made from NAME: no '/', '\\', control
   characters or "..", no leading '-' or '.'; a name ending in a sidecar
   suffix (".sfpart", ".sfstate", ".sfstate.tmp") gets a "_" appended; at
   most SF_NAME_MAX bytes (longer names are cut on a UTF-8 character
   boundary, keep their extension and get a hash of the whole name).
   NULL when nothing usable is left (or out of memory).  Caller frees. */
char *fname_sanitize(const char *name);

/* The length of NAME without the sidecar suffixes it ends in (all of
   them, case-insensitively): NAME and NAME.sfpart share a stem. */
size_t fname_sidecar_stem(const char *name);

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
