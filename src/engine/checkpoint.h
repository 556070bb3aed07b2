/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Durable checkpoints off the event loop: a background thread makes a
   file's data durable (fdatasync), then writes the state text that counts
   those bytes (temporary file, fsync, rename).  The order is the point:
   no state reaches the disk claiming bytes that have not. */
#ifndef SIGFETCH_CHECKPOINT_H
#define SIGFETCH_CHECKPOINT_H

#include "error.h"

struct sf_checkpoint;

/* A checkpointer for the data file FD (not owned, named PART in
   messages) and the state file at STATE_PATH.  NULL when out of
   memory. */
struct sf_checkpoint *checkpoint_new(int fd, const char *part,
                                     const char *state_path);

/* Wait for a running checkpoint, then free (NULL is fine). */
void checkpoint_free(struct sf_checkpoint *c);

/* Start one: fdatasync, then write TEXT (taken over, freed here) as the
   state.  False when one is still running (TEXT is freed) or the thread
   cannot start. */
bool checkpoint_start(struct sf_checkpoint *c, char *text);

enum sf_ckpt {
  SF_CKPT_NONE,      /* nothing started since the last poll */
  SF_CKPT_RUNNING,
  SF_CKPT_DONE,      /* finished: the state it carried is on the disk */
  SF_CKPT_FAILED     /* ERR says why */
};

/* How the last checkpoint is doing; with WAIT, block until it ends.  A
   finished one is reported once. */
enum sf_ckpt checkpoint_poll(struct sf_checkpoint *c, bool wait,
                             struct sf_error *err);

#endif /* SIGFETCH_CHECKPOINT_H */
