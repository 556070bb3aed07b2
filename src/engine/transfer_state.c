/* SPDX-License-Identifier: GPL-3.0-or-later */
/* transfer_state.c keeps what a transfer has on disk and what its state
   file says about it: the written and the durable claims, the background
   checkpoints that make them durable, and emptying the partial when the
   remote file is no longer the one on disk.  It never changes a phase
   and never finishes a file: it returns, transfer.c decides. */
#include "transfer_int.h"

#include <unistd.h>

#include "clock.h"
#include "log.h"
#include "resume.h"

#define MAX_RESTARTS 3

/* How far each segment's bytes are on disk (what the sink still holds
   is not). */
static void
disk_positions(struct sf_transfer *t, int64_t *disk)
{
  int i;

  for(i = 0; i < t->plan.n; i++) {
    const struct stream *g = transfer_seg_stream(t, i);
    disk[i] = t->plan.seg[i].pos - (g ? sink_pending(t->sink, g->slot) : 0);
  }
}

struct stream *
transfer_seg_stream(struct sf_transfer *t, int i)
{
  int k;

  for(k = 0; k < SF_MAX_SEGS; k++)
    if(t->s[k].idx == i)
      return &t->s[k];
  return NULL;
}

/* Record the plan in the state: each segment as far as its bytes were
   written (trusted after a killed process, in the same boot) and as far
   as they are durable (trusted after a power loss).  DURABLE: make
   every written byte durable first (fdatasync), and the state with it
   (temporary file, fsync, rename).  Without it, segments rewrite the
   state in place (cheap, often), one stream records its validators. */
enum sf_err
transfer_save_state(struct sf_transfer *t, bool durable)
{
  int64_t disk[SF_MAX_SEGS];
  enum sf_err rc;

  if(t->to_stdout)
    return SF_OK;
  disk_positions(t, disk);
  t->recorded = segplan_done(&t->plan);
  if(durable) {
    if(fdatasync(t->fd))
      return error_set(&t->err, errno == ENOSPC ? SF_E_DISK_FULL : SF_E_IO,
                       _("cannot write '%s': %s"), t->part,
                       strerror(errno));
    memcpy(t->dur, disk, sizeof(disk[0]) * (size_t)t->plan.n);
    t->last_checkpoint = clock_now();
  }
  resume_record(&t->st, &t->plan, disk);
  resume_record_durable(&t->st, &t->plan, t->dur, t->boot_id);
  if(t->plan.n > 1 && !durable) {
    rc = state_rewrite(t->state_path, &t->state_fd, &t->state_len, &t->st);
    t->state_saved = t->state_saved || !rc;
    return rc;
  }
  /* a background checkpoint renames its own temporary file onto the
     state: never two writers of PATH.tmp at once */
  if(!transfer_settle_checkpoint(t, true))
    return t->err.code;
  if(t->state_fd >= 0) {
    close(t->state_fd); /* a rename replaces the file rewritten in place */
    t->state_fd = -1;
  }
  rc = state_save(t->state_path, &t->st, durable, &t->state_len, NULL);
  t->state_saved = !rc;
  return rc;
}

/* Act on a finished background checkpoint: what it made durable now
   counts (unless the plan changed shape meanwhile).  WAIT: block until
   it ends.  False with t->err set when it failed. */
bool
transfer_settle_checkpoint(struct sf_transfer *t, bool wait)
{
  enum sf_ckpt st;
  int i;

  if(!t->ckpt)
    return true;
  st = checkpoint_poll(t->ckpt, wait, &t->err);
  if(st == SF_CKPT_FAILED)
    return false;
  if(st != SF_CKPT_DONE)
    return true;
  if(t->state_fd >= 0) {
    close(t->state_fd); /* it was replaced: the next rewrite reopens */
    t->state_fd = -1;
  }
  t->state_len = t->ckpt_len;
  for(i = 0; t->ckpt_gen == t->plan_gen && i < t->plan.n; i++)
    if(t->ckpt_pos[i] > t->dur[i])
      t->dur[i] = t->ckpt_pos[i];
  return true;
}

/* Start a durable checkpoint of what is written now, in the background:
   the state it writes claims these positions as durable. */
void
transfer_start_checkpoint(struct sf_transfer *t)
{
  int64_t disk[SF_MAX_SEGS];
  char *text;

  disk_positions(t, disk);
  resume_record(&t->st, &t->plan, disk);
  resume_record_durable(&t->st, &t->plan, disk, t->boot_id);
  text = state_to_json(&t->st);
  resume_record_durable(&t->st, &t->plan, t->dur, t->boot_id);
  t->last_checkpoint = clock_now();
  if(!text)
    return;
  t->ckpt_len = strlen(text);
  if(!checkpoint_start(t->ckpt, text))
    return;
  memcpy(t->ckpt_pos, disk, sizeof(disk[0]) * (size_t)t->plan.n);
  t->ckpt_gen = t->plan_gen;
}

int64_t
transfer_disk_frontier(struct sf_transfer *t)
{
  int64_t disk[SF_MAX_SEGS];
  int64_t f = 0;
  int i;

  disk_positions(t, disk);
  for(i = 0; i < t->plan.n; i++) {
    f = disk[i];
    if(disk[i] != t->plan.seg[i].end)
      break;
  }
  return f;
}

/* How much of the file is durable without a gap from byte 0. */
int64_t
transfer_durable_frontier(const struct sf_transfer *t)
{
  int64_t f = 0;
  int i;

  for(i = 0; i < t->plan.n; i++) {
    f = t->dur[i];
    if(t->dur[i] != t->plan.seg[i].end)
      break;
  }
  return f;
}

/* The remote file is not the one on disk: empty the partial, forget its
   validators.  Safe inside a write callback (no request is touched).
   False with E set when the file must fail instead. */
bool
transfer_drop_partial(struct sf_transfer *t, const char *why, struct sf_error *e)
{
  if(t->to_stdout) {
    error_set(e, SF_E_HTTP, _("%s while it was being written to standard "
                              "output"), why);
    return false;
  }
  if(++t->restarts > MAX_RESTARTS) {
    error_set(e, SF_E_HTTP,
              _("the server keeps answering with different content"));
    return false;
  }
  log_msg(t->opts, SF_LOG_WARN, _("sigfetch: %s: %s; restarting from zero"),
          t->dl->locator_shown, why);
  if(!transfer_settle_checkpoint(t, true)) {
    *e = t->err;
    return false;
  }
  if(sink_reset(t->sink, e))
    return false;
  segplan_init(&t->plan, -1);
  t->plan_gen++;
  memset(t->dur, 0, sizeof(t->dur));
  free(t->st.etag);
  free(t->st.last_modified);
  t->st.etag = t->st.last_modified = NULL;
  t->st.size = tprep_expected_size(t);
  t->st.crc64[0] = t->server.crc64[0] = t->server.md5[0] = '\0';
  t->res.resumed_from = 0;
  t->state_saved = false;
  if(t->state_fd >= 0) {
    close(t->state_fd);
    t->state_fd = -1;
    t->state_len = 0;
  }
  unlink(t->state_path);
  return true;
}
