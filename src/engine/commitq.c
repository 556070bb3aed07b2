/* SPDX-License-Identifier: GPL-3.0-or-later */
/* commitq.c owns the committing worker: at most one batch in flight (a
   second syncfs while one runs would only wait for it), its outcome kept
   until the event loop collects it, and the wake-up of the loop's poll
   when it is done. */
#include "commitq.h"
#include "thread.h"

#include <pthread.h>
#include <unistd.h>

#include "atomic.h"
#include "output.h"

struct sf_commitq {
  pthread_mutex_t lock;
  pthread_cond_t cond;     /* a batch started, ended, or stopping */
  CURLM *multi;
  struct sf_commit_item items[SF_COMMIT_MAX];
  struct sf_error errs[SF_COMMIT_MAX];
  size_t n;
  bool started;            /* a batch is waiting for the worker */
  bool busy;               /* started and not collected */
  bool ended;              /* the worker finished it */
  bool threaded;
  bool stopping;
  pthread_t thread;
};

void
commitq_run(const struct sf_commit_item *items, size_t n,
            struct sf_error *errs)
{
  int fds[SF_COMMIT_MAX];
  const char *parts[SF_COMMIT_MAX];
  const char *outs[SF_COMMIT_MAX];
  size_t i;

  while(n > SF_COMMIT_MAX) {
    commitq_run(items, SF_COMMIT_MAX, errs);
    items += SF_COMMIT_MAX;
    errs += SF_COMMIT_MAX;
    n -= SF_COMMIT_MAX;
  }
  if(!n)
    return;
  for(i = 0; i < n; i++) {
    error_clear(&errs[i]);
    /* the date and the record are final before the data is made
       durable: the sync below covers them too */
    output_keep_mtime(items[i].fd, items[i].last_modified);
    output_record(items[i].fd, items[i].locator, items[i].sha1);
    fds[i] = items[i].fd;
    parts[i] = items[i].part;
    outs[i] = items[i].out;
  }
  atomic_commit_files(fds, parts, outs, n, errs);
  for(i = 0; i < n; i++)
    if(!errs[i].code)
      unlink(items[i].state);
}

static void
run_batch(struct sf_commitq *q)
{
  commitq_run(q->items, q->n, q->errs);
}

static void *
worker(void *arg)
{
  struct sf_commitq *q = arg;

  pthread_mutex_lock(&q->lock);
  for(;;) {
    while(!q->started && !q->stopping)
      pthread_cond_wait(&q->cond, &q->lock);
    if(!q->started)
      break;
    q->started = false;
    /* the batch's arrays are the worker's until it ends */
    pthread_mutex_unlock(&q->lock);
    run_batch(q);
    pthread_mutex_lock(&q->lock);
    q->ended = true;
    pthread_cond_broadcast(&q->cond);
    if(q->multi)
      curl_multi_wakeup(q->multi);
  }
  pthread_mutex_unlock(&q->lock);
  return NULL;
}

struct sf_commitq *
commitq_new(CURLM *multi)
{
  struct sf_commitq *q = calloc(1, sizeof(*q));

  if(!q)
    return NULL;
  pthread_mutex_init(&q->lock, NULL);
  pthread_cond_init(&q->cond, NULL);
  q->multi = multi;
  q->threaded = thread_start(&q->thread, worker, q);
  return q;
}

void
commitq_free(struct sf_commitq *q)
{
  if(!q)
    return;
  if(q->threaded) {
    pthread_mutex_lock(&q->lock);
    while(q->busy && !q->ended)
      pthread_cond_wait(&q->cond, &q->lock);
    q->stopping = true;
    pthread_cond_broadcast(&q->cond);
    pthread_mutex_unlock(&q->lock);
    pthread_join(q->thread, NULL);
  }
  pthread_cond_destroy(&q->cond);
  pthread_mutex_destroy(&q->lock);
  free(q);
}

bool
commitq_busy(const struct sf_commitq *q)
{
  return q->busy; /* only the loop's thread changes it */
}

void
commitq_start(struct sf_commitq *q, const struct sf_commit_item *items,
              size_t n)
{
  if(n > SF_COMMIT_MAX)
    n = SF_COMMIT_MAX;
  memcpy(q->items, items, n * sizeof(*items));
  q->n = n;
  q->busy = true;
  if(!q->threaded) {
    run_batch(q);
    q->ended = true;
    return;
  }
  pthread_mutex_lock(&q->lock);
  q->ended = false;
  q->started = true;
  pthread_cond_broadcast(&q->cond);
  pthread_mutex_unlock(&q->lock);
}

bool
commitq_collect(struct sf_commitq *q, bool wait, struct sf_error *errs)
{
  bool ended;

  if(!q->busy)
    return false;
  pthread_mutex_lock(&q->lock);
  while(wait && !q->ended)
    pthread_cond_wait(&q->cond, &q->lock);
  ended = q->ended;
  pthread_mutex_unlock(&q->lock);
  if(!ended)
    return false;
  memcpy(errs, q->errs, q->n * sizeof(*errs));
  q->busy = false;
  q->ended = false;
  return true;
}
