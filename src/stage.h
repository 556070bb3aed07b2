/* SPDX-License-Identifier: GPL-3.0-or-later */
/* --archive: verified files wait in a staging directory beside the
   archive until it is written. */
#ifndef SIGFETCH_STAGE_H
#define SIGFETCH_STAGE_H

#include "options.h"
#include "error.h"

struct sf_stage;

/* Create (or reopen, after an earlier run) ARCHIVE.sfdir/ and read its
   manifest of files already verified there.  An ARCHIVE that exists
   without ARCHIVE.sfdir/ is SF_E_EXISTS unless OVERWRITE (nothing is
   created then). */
enum sf_err stage_open(const char *archive, bool overwrite,
                       struct sf_stage **out, struct sf_error *err);

/* The staging directory: downloads go there instead of -P. */
const char *stage_dir(const struct sf_stage *s);

/* For the engine: what an earlier run verified about OUTPUT, if it is a
   staged file (so an existing staged file is skipped, not refused). */
bool stage_prior(void *ctx, const char *output, struct sf_expect *out);

/* OUTPUT (a path inside the staging directory) was verified with SHA1
   and SIZE; INDEX orders the archive entries like the input. */
enum sf_err stage_record(struct sf_stage *s, size_t index,
                         const char *output, const char *sha1, int64_t size);

/* Write the archive from every recorded file (SHA1SUMS last) and commit
   it atomically.  With ALL_OK the staging directory is removed;
   otherwise it stays, so a rerun fetches only what failed.  An existing
   archive holding more files than were recorded is kept (SF_E_EXISTS).
   A stop signal (*STOP) ends it within a second with SF_E_INTERRUPTED /
   SF_E_TERMINATED: the archive is left as it was, the staging directory
   stays. */
enum sf_err stage_commit(struct sf_stage *s, bool all_ok,
                         volatile sig_atomic_t *stop, struct sf_error *err);

void stage_free(struct sf_stage *s);

#endif /* SIGFETCH_STAGE_H */
