/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hashq.c owns the hashing worker: a FIFO of filled buffers (so each
   file's bytes are hashed in order), a fixed pool of buffers (bounded
   memory, and back-pressure on the event loop when hashing falls behind),
   and the drain that verification waits on. */
#include "hashq.h"

#include <pthread.h>
#include <signal.h>

struct sf_hashq {
  pthread_mutex_t lock;
  pthread_cond_t work;      /* queue gained an item, or stopping */
  pthread_cond_t idle;      /* an item finished */
  struct sf_hbuf *free;
  struct sf_hbuf *head;
  struct sf_hbuf *tail;
  struct sf_hbuf *busy;     /* being hashed by the worker */
  struct sf_hbuf *all;      /* the pool, for freeing */
  size_t nbuf;
  size_t made;              /* buffers allocated so far (lazily) */
  bool threaded;
  bool stopping;
  bool failed;
  pthread_t thread;
};

static void
recycle_locked(struct sf_hashq *q, struct sf_hbuf *b)
{
  b->dig = NULL;
  b->len = 0;
  b->next = q->free;
  q->free = b;
}

static void *
worker(void *arg)
{
  struct sf_hashq *q = arg;

  pthread_mutex_lock(&q->lock);
  for(;;) {
    struct sf_hbuf *b;
    bool bad;

    while(!q->head && !q->stopping)
      pthread_cond_wait(&q->work, &q->lock);
    if(!q->head)
      break;
    b = q->head;
    q->head = b->next;
    if(!q->head)
      q->tail = NULL;
    q->busy = b;
    pthread_mutex_unlock(&q->lock);
    bad = digests_update(b->dig, b->data, b->len) != SF_OK;
    pthread_mutex_lock(&q->lock);
    q->failed = q->failed || bad;
    q->busy = NULL;
    recycle_locked(q, b);
    pthread_cond_broadcast(&q->idle);
  }
  pthread_mutex_unlock(&q->lock);
  return NULL;
}

/* The worker takes no signals: SIGINT and SIGTERM go to the event
   loop, whose poll they interrupt. */
static bool
start_worker(struct sf_hashq *q)
{
  sigset_t all;
  sigset_t old;
  bool ok;

  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &old);
  ok = pthread_create(&q->thread, NULL, worker, q) == 0;
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  return ok;
}

struct sf_hashq *
hashq_new(size_t nbuf)
{
  struct sf_hashq *q = calloc(1, sizeof(*q));
  size_t i;

  if(!q)
    return NULL;
  pthread_mutex_init(&q->lock, NULL);
  pthread_cond_init(&q->work, NULL);
  pthread_cond_init(&q->idle, NULL);
  (void)i;
  q->all = calloc(nbuf, sizeof(*q->all));
  q->nbuf = nbuf;
  if(!q->all) {
    hashq_free(q);
    return NULL;
  }
  q->threaded = start_worker(q);
  return q;
}

void
hashq_free(struct sf_hashq *q)
{
  size_t i;

  if(!q)
    return;
  if(q->threaded) {
    pthread_mutex_lock(&q->lock);
    q->stopping = true;
    pthread_cond_signal(&q->work);
    pthread_mutex_unlock(&q->lock);
    pthread_join(q->thread, NULL);
  }
  for(i = 0; q->all && i < q->made; i++)
    free(q->all[i].data);
  free(q->all);
  pthread_cond_destroy(&q->work);
  pthread_cond_destroy(&q->idle);
  pthread_mutex_destroy(&q->lock);
  free(q);
}

struct sf_hbuf *
hashq_get(struct sf_hashq *q)
{
  struct sf_hbuf *b;

  pthread_mutex_lock(&q->lock);
  if(!q->free && q->made < q->nbuf) {
    /* grow the pool only as far as it is used */
    b = &q->all[q->made];
    b->data = malloc(SF_HBUF_SIZE);
    if(b->data) {
      q->made++;
      recycle_locked(q, b);
    }
  }
  while(!q->free && q->threaded && q->made)
    pthread_cond_wait(&q->idle, &q->lock);
  b = q->free;
  if(b)
    q->free = b->next;
  pthread_mutex_unlock(&q->lock);
  return b;
}

void
hashq_put(struct sf_hashq *q, struct sf_hbuf *b, struct sf_digests *d)
{
  if(!q->threaded) {
    if(digests_update(d, b->data, b->len))
      q->failed = true;
    hashq_release(q, b);
    return;
  }
  pthread_mutex_lock(&q->lock);
  b->dig = d;
  b->next = NULL;
  if(q->tail)
    q->tail->next = b;
  else
    q->head = b;
  q->tail = b;
  pthread_cond_signal(&q->work);
  pthread_mutex_unlock(&q->lock);
}

void
hashq_release(struct sf_hashq *q, struct sf_hbuf *b)
{
  pthread_mutex_lock(&q->lock);
  recycle_locked(q, b);
  pthread_cond_broadcast(&q->idle);
  pthread_mutex_unlock(&q->lock);
}

/* Is anything for D still queued or being hashed? */
static bool
pending_locked(const struct sf_hashq *q, const struct sf_digests *d)
{
  const struct sf_hbuf *b;

  if(q->busy && q->busy->dig == d)
    return true;
  for(b = q->head; b; b = b->next)
    if(b->dig == d)
      return true;
  return false;
}

enum sf_err
hashq_drain(struct sf_hashq *q, struct sf_digests *d)
{
  bool failed;

  pthread_mutex_lock(&q->lock);
  while(pending_locked(q, d))
    pthread_cond_wait(&q->idle, &q->lock);
  failed = q->failed;
  pthread_mutex_unlock(&q->lock);
  return failed ? SF_E_INTERNAL : SF_OK;
}
