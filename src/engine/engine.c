/* SPDX-License-Identifier: GPL-3.0-or-later */
/* engine.c owns the event loop: one libcurl multi handle driving every
   transfer of the run in one thread (connection reuse and HTTP/2
   multiplexing come from sharing it), slots for -j, back-off timers,
   signals, the progress callback, and the group commit: verified files
   gather while the committer (commitq.c) makes the previous batch
   durable, then go together.  What a response means is the transfer's
   business. */
#include "engine.h"

#include "clock.h"
#include "commitq.h"
#include "fdlimit.h"
#include "hashq.h"
#include "log.h"
#include "ratelimit.h"
#include "state.h"
#include "transfer.h"

#define POLL_MAX_MS 100
#define COMMIT_BATCH SF_COMMIT_MAX  /* verified files committed together */

struct engine {
  const struct sf_options *opts;
  const struct sf_engine_source *src;
  CURLM *multi;
  struct sf_transfer **slots;
  size_t n_slots;
  bool exhausted;
  struct sf_hashq *hashq;
  struct sf_transfer *pending[COMMIT_BATCH];  /* verified, not yet committed */
  size_t n_pending;
  struct sf_commitq *commitq;
  struct sf_transfer *inflight[COMMIT_BATCH]; /* being committed */
  size_t n_inflight;
  size_t commit_max;     /* <= COMMIT_BATCH: each waiting file holds a fd */
  char boot_id[40];      /* states record it: read once, not per file */
  struct sf_ratelimit rl;  /* --limit-rate over every connection */
  unsigned turn;         /* which slot and connection resume first */
};

/* Hand a finished transfer's result to the source and free it. */
static void
report_and_free(struct engine *en, struct sf_transfer *x)
{
  en->src->done(en->src->ud, transfer_download(x), transfer_result(x));
  transfer_free(x);
}

static void
retire(struct engine *en, size_t i)
{
  report_and_free(en, en->slots[i]);
  en->slots[i] = NULL;
}

/* The batch in flight has been committed (with WAIT: once it has): its
   files end and are reported.  False when it is still running. */
static bool
collect_commit(struct engine *en, bool wait)
{
  struct sf_error errs[COMMIT_BATCH];
  size_t i;

  if(!commitq_collect(en->commitq, wait, errs))
    return false;
  for(i = 0; i < en->n_inflight; i++) {
    transfer_commit_end(en->inflight[i], &errs[i]);
    report_and_free(en, en->inflight[i]);
  }
  en->n_inflight = 0;
  return true;
}

/* Hand every verified file waiting to the committer as one batch (one
   durable sync for all: a per-file fsync costs a journal commit each),
   after the batch before it has ended. */
static void
commit_pending(struct engine *en)
{
  struct sf_commit_item items[COMMIT_BATCH];
  size_t i;

  if(!en->n_pending)
    return;
  collect_commit(en, true);
  for(i = 0; i < en->n_pending; i++) {
    en->inflight[i] = en->pending[i];
    transfer_commit_take(en->pending[i], &items[i]);
  }
  en->n_inflight = en->n_pending;
  en->n_pending = 0;
  commitq_start(en->commitq, items, en->n_inflight);
}

/* A verified file leaves its -j slot at once and waits to be committed
   with others. */
static void
queue_commit(struct engine *en, size_t i)
{
  if(en->n_pending >= en->commit_max)
    commit_pending(en);
  en->pending[en->n_pending++] = en->slots[i];
  en->slots[i] = NULL;
}

/* Fill free slots from the source; a prepared transfer may end at once
   (skipped, exists, locked). */
static void
fill_slots(struct engine *en)
{
  size_t i;

  for(i = 0; i < en->n_slots && !en->exhausted; i++) {
    struct sf_download *dl;
    struct sf_transfer *x;

    if(en->slots[i])
      continue;
    dl = en->src->next(en->src->ud);
    if(!dl) {
      en->exhausted = true;
      break;
    }
    x = transfer_new(en->opts, dl, en->hashq, en->boot_id);
    if(!x) {
      struct sf_result res;
      result_init(&res);
      error_set(&res.err, SF_E_NOMEM, "%s", error_text(SF_E_NOMEM));
      en->src->done(en->src->ud, dl, &res);
      continue;
    }
    en->slots[i] = x;
    if(en->opts->limit_rate > 0)
      transfer_set_ratelimit(x, &en->rl);
    transfer_prepare(x);
  }
}

/* Start what is due, retire what is done; ms until the next timer. */
static long
service_slots(struct engine *en, bool *any)
{
  double now = clock_now();
  long wait_ms = POLL_MAX_MS;
  size_t i;

  *any = false;
  for(i = 0; i < en->n_slots; i++) {
    struct sf_transfer *x = en->slots[i];
    enum sf_phase ph;

    if(!x)
      continue;
    transfer_tick(x, en->multi, now);
    ph = transfer_phase(x);
    if(ph == SF_PHASE_WAITING && transfer_wake(x) > now) {
      long ms = (long)((transfer_wake(x) - now) * 1000) + 1;
      wait_ms = ms < wait_ms ? ms : wait_ms;
    }
    if(transfer_phase(x) == SF_PHASE_COMMIT) {
      queue_commit(en, i);
      continue;
    }
    if(transfer_phase(x) == SF_PHASE_DONE) {
      retire(en, i);
      continue;
    }
    *any = true;
  }
  return wait_ms;
}

/* Returns how many transfers ended. */
static int
read_messages(struct engine *en)
{
  CURLMsg *msg;
  int left;
  int ended = 0;

  while((msg = curl_multi_info_read(en->multi, &left)) != NULL) {
    struct sf_transfer *x = NULL;

    if(msg->msg != CURLMSG_DONE)
      continue;
    curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&x);
    if(x) {
      transfer_done(x, msg->easy_handle, msg->data.result);
      ended++;
    }
  }
  return ended;
}

static void
show_progress(struct engine *en)
{
  struct sf_progress_item items[64];
  size_t n = 0;
  size_t i;

  if(!en->src->progress)
    return;
  for(i = 0; i < en->n_slots && n < countof(items); i++) {
    if(en->slots[i] && transfer_phase(en->slots[i]) != SF_PHASE_DONE) {
      items[n].id = en->slots[i];
      transfer_progress(en->slots[i], &items[n].name, &items[n].done,
                    &items[n].total);
      n++;
    }
  }
  en->src->progress(en->src->ud, items, n);
}

/* Signal: every open transfer keeps its partial and state. */
static enum sf_err
abort_all(struct engine *en, int sig)
{
  enum sf_err why = sig == SIGTERM ? SF_E_TERMINATED : SF_E_INTERRUPTED;
  size_t i;

  commit_pending(en); /* verified files are kept */
  collect_commit(en, true);
  for(i = 0; i < en->n_slots; i++) {
    if(!en->slots[i])
      continue;
    if(transfer_phase(en->slots[i]) == SF_PHASE_COMMIT)
      transfer_commit_batch(&en->slots[i], 1);
    else if(transfer_phase(en->slots[i]) != SF_PHASE_DONE)
      transfer_abort(en->slots[i], why);
    retire(en, i);
  }
  return why;
}

/* --limit-rate: once the bucket holds tokens again, resume the paused
   connections, a different slot and connection first each time (the
   first one resumed gets the tokens). */
static void
unpause_due(struct engine *en)
{
  size_t k;

  if(en->opts->limit_rate <= 0 || !en->rl.starved ||
     ratelimit_wait(&en->rl, clock_now()) > 0)
    return;
  en->rl.starved = false; /* before: a resumed stream may be refused again */
  for(k = 0; k < en->n_slots; k++) {
    struct sf_transfer *x = en->slots[(en->turn + k) % en->n_slots];
    if(x && transfer_phase(x) == SF_PHASE_RUNNING)
      transfer_unpause(x, en->turn);
  }
  en->turn++;
}

/* WAIT_MS, or less when paused connections may go on sooner. */
static long
pace_wait(struct engine *en, long wait_ms)
{
  long ms;

  if(en->opts->limit_rate <= 0 || !en->rl.starved)
    return wait_ms;
  ms = (long)(ratelimit_wait(&en->rl, clock_now()) * 1000.0) + 1;
  return ms < wait_ms ? ms : wait_ms;
}

static enum sf_err
loop(struct engine *en, volatile sig_atomic_t *stop)
{
  for(;;) {
    bool any;
    long wait_ms;
    int running = 0;

    if(*stop)
      return abort_all(en, (int)*stop);
    collect_commit(en, false);
    fill_slots(en);
    wait_ms = service_slots(en, &any);
    if(en->n_pending && !commitq_busy(en->commitq))
      /* the committer is free: start now, the next batch gathers while
         it works (waiting for fuller batches measured no faster) */
      commit_pending(en);
    if(!any && en->exhausted && !en->n_pending && !commitq_busy(en->commitq))
      return SF_OK;
    if(!any) {
      collect_commit(en, true); /* nothing else to do */
      continue;
    }
    unpause_due(en);
    if(curl_multi_perform(en->multi, &running) != CURLM_OK)
      return SF_E_INTERNAL;
    show_progress(en);
    if(read_messages(en))
      continue; /* start what follows at once */
    if(curl_multi_poll(en->multi, NULL, 0, (int)pace_wait(en, wait_ms),
                       NULL) != CURLM_OK)
      return SF_E_INTERNAL;
  }
}

/* How many verified files may wait for a batched commit, each holding its
   descriptor: a third of what the slots leave of the descriptors (one
   batch waits while one is committed, and a file being committed holds
   its directory's descriptor too), at most COMMIT_BATCH, at least 1. */
static size_t
commit_room(const struct sf_options *opts)
{
  long room = (fdlimit_available() -
               opts->jobs * fdlimit_per_job(opts->connections)) / 3;

  if(room < 1)
    return 1;
  return room < COMMIT_BATCH ? (size_t)room : COMMIT_BATCH;
}

enum sf_err
engine_run(const struct sf_options *opts, const struct sf_engine_source *src,
           volatile sig_atomic_t *stop)
{
  struct engine en;
  enum sf_err rc = SF_E_NOMEM;

  memset(&en, 0, sizeof(en));
  en.opts = opts;
  en.src = src;
  en.n_slots = (size_t)opts->jobs;
  en.commit_max = commit_room(opts);
  ratelimit_init(&en.rl, opts->limit_rate, clock_now());
  en.multi = curl_multi_init();
  en.slots = calloc(en.n_slots, sizeof(*en.slots));
  /* one buffer per connection (and with segments one gathering a
     file's in-order bytes, sink.c), plus two in flight to the hashing
     worker */
  state_boot_id(en.boot_id, sizeof(en.boot_id));
  en.hashq = hashq_new(en.n_slots * ((size_t)opts->connections +
                                     (opts->connections > 1)) + 2);
  en.commitq = commitq_new(en.multi);
  if(en.multi && en.slots && en.hashq && en.commitq) {
    curl_multi_setopt(en.multi, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
    rc = loop(&en, stop);
    commit_pending(&en); /* files verified before a failure are kept */
    collect_commit(&en, true);
  }
  commitq_free(en.commitq);
  hashq_free(en.hashq);
  free(en.slots);
  if(en.multi)
    curl_multi_cleanup(en.multi);
  return rc;
}
