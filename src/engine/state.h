/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The partial file (OUTPUT.sfpart), its lock, and the state file
   (OUTPUT.sfstate) that lets a later run resume safely. */
#ifndef SIGFETCH_STATE_H
#define SIGFETCH_STATE_H

#include "system.h"

#include <sys/types.h>

#include "atomic.h"
#include "segplan.h"

/* What a resume must match.  Holds no secret: URLs are stored without
   their query (redact_strip_query), no token, no header value. */
struct sf_state {
  char *locator;
  char *url;
  int64_t size;          /* total size, -1 unknown */
  char *etag;
  char *last_modified;
  char sha1[41];         /* expected sha1 known when the download began */
  char crc64[17];        /* the storage's CRC-64 of the file (hex), or "" */
  int64_t bytes_done;
  struct sf_seg segs[SF_MAX_SEGS];  /* segs[0] starts at 0 */
  int n_segs;                              /* 0: not segmented */
  /* Bytes written (bytes_done, segs[].pos) survive a killed process but
     not a power loss; durable[i] is how far segment i (or the one stream)
     is known to be on the disk (fdatasync'd before this state was
     written).  boot_id says in which boot the state was written: only in
     the same boot are the written claims trusted. */
  int64_t durable[SF_MAX_SEGS];
  bool has_durable;
  char boot_id[40];
};

/* The kernel's id of the running boot into BUF (40 bytes), "" when the
   system does not tell. */
void state_boot_id(char *buf, size_t len);

/* Initialise ST as empty (size -1, no strings). */
void state_init(struct sf_state *st);
void state_free(struct sf_state *st);

/* ST as one JSON object.  NULL when out of memory.  Caller frees. */
char *state_to_json(const struct sf_state *st);

/* Parse TEXT into ST (which is reset first).  SF_E_IO when it is not a
   state object; never crashes on any input. */
enum sf_err state_from_json(const char *text, struct sf_state *st);

/* Read PATH into ST.  A missing file gives SF_OK and *FOUND false; an
   unreadable or corrupt one gives SF_OK, *FOUND false (it is ignored). */
enum sf_err state_load(const char *path, struct sf_state *st, bool *found);

/* Write ST to PATH atomically (temporary file + rename), with DURABLE
   also fsync'd before the rename.  *LEN (may be NULL) gets the length
   written. */
enum sf_err state_save(const char *path, const struct sf_state *st,
                       bool durable, size_t *len, struct sf_error *err);

/* Overwrite the state file at PATH in place through *FD (opened on first
   use; the caller closes it), padding with blanks to the longest text
   written so far (*LEN).  For frequent updates (segments): no new inode
   per save, and any moment's content is one whole JSON value. */
enum sf_err state_rewrite(const char *path, int *fd, size_t *len,
                          const struct sf_state *st);

#endif /* SIGFETCH_STATE_H */
