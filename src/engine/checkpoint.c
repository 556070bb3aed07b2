/* SPDX-License-Identifier: GPL-3.0-or-later */
/* checkpoint.c owns the thread behind durable checkpoints.  fdatasync of
   a file being written at full speed can take as long as the writeback
   it waits for; on the loop it would stall every transfer, on this
   thread it overlaps them (and what it flushes, the commit's fsync no
   longer has to).  The state is written by the same thread after the
   data, so its fsync finds the data already on the disk. */
#include "checkpoint.h"
#include "thread.h"

#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>

#include "atomic.h"

struct sf_checkpoint {
  int fd;
  char *part;
  char *state_path;
  char *text;             /* the state to write once the data is durable */
  pthread_t thread;
  bool started;           /* a thread to join */
  atomic_int state;       /* enum sf_ckpt */
  struct sf_error err;
};

struct sf_checkpoint *
checkpoint_new(int fd, const char *part, const char *state_path)
{
  struct sf_checkpoint *c = calloc(1, sizeof(*c));

  if(!c)
    return NULL;
  c->fd = fd;
  c->part = strdup(part);
  c->state_path = strdup(state_path);
  if(!c->part || !c->state_path) {
    free(c->part);
    free(c->state_path);
    free(c);
    return NULL;
  }
  atomic_init(&c->state, SF_CKPT_NONE);
  return c;
}

static void *
run(void *arg)
{
  struct sf_checkpoint *c = arg;
  enum sf_ckpt done = SF_CKPT_DONE;

  error_clear(&c->err);
  if(fdatasync(c->fd)) {
    error_set(&c->err, errno == ENOSPC ? SF_E_DISK_FULL : SF_E_IO,
              _("cannot write '%s': %s"), c->part, strerror(errno));
    done = SF_CKPT_FAILED;
  }
  else if(atomic_write_file(c->state_path, c->text, 0600, SF_WRITE_SYNC,
                            &c->err))
    done = SF_CKPT_FAILED;
  atomic_store(&c->state, done);
  return NULL;
}

bool
checkpoint_start(struct sf_checkpoint *c, char *text)
{
  if(c->started && checkpoint_poll(c, false, NULL) == SF_CKPT_RUNNING) {
    free(text);
    return false;
  }
  free(c->text);
  c->text = text;
  atomic_store(&c->state, SF_CKPT_RUNNING);
  if(!thread_start(&c->thread, run, c)) {
    atomic_store(&c->state, SF_CKPT_NONE);
    return false;
  }
  c->started = true;
  return true;
}

enum sf_ckpt
checkpoint_poll(struct sf_checkpoint *c, bool wait, struct sf_error *err)
{
  enum sf_ckpt st;

  if(!c->started)
    return SF_CKPT_NONE;
  st = (enum sf_ckpt)atomic_load(&c->state);
  if(st == SF_CKPT_RUNNING && !wait)
    return st;
  pthread_join(c->thread, NULL);
  c->started = false;
  st = (enum sf_ckpt)atomic_load(&c->state);
  atomic_store(&c->state, SF_CKPT_NONE);
  if(st == SF_CKPT_FAILED && err)
    *err = c->err;
  return st;
}

void
checkpoint_free(struct sf_checkpoint *c)
{
  if(!c)
    return;
  checkpoint_poll(c, true, NULL);
  free(c->text);
  free(c->part);
  free(c->state_path);
  free(c);
}
