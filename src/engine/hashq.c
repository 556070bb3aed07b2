/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hashq.c owns the hashing worker: a FIFO of filled buffers (so each
   file's bytes are hashed in order), a fixed pool of buffers (bounded
   memory, and back-pressure on the event loop when hashing falls behind),
   and the drain that verification waits on.  A second thread, started
   on first use, starts the early writeback of files being written:
   sync_file_range() blocks while the disk's queue is full, which on the
   loop would stall every transfer. */
#include "hashq.h"
#include "thread.h"

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

/* Buffers waiting for the worker at most: with one connection the
   pool (one buffer filling, one hashed, four waiting) bounded it the same
   way; segments gather full buffers of in-order bytes (sink.c), which
   without it could queue up the whole pool. */
#define SF_HQ_DEPTH 4

struct sf_hashq {
  pthread_mutex_t lock;
  pthread_cond_t work;      /* queue gained an item, or stopping */
  pthread_cond_t idle;      /* an item finished */
  struct sf_hbuf *free;
  struct sf_hbuf *head;
  struct sf_hbuf *tail;
  struct sf_hbuf *busy;     /* being hashed by the worker */
  size_t queued;            /* items from head to tail */
  struct sf_hbuf *all;      /* the pool, for freeing */
  size_t nbuf;
  size_t made;              /* buffers allocated so far (lazily) */
  bool threaded;
  bool stopping;
  bool failed;
  pthread_t thread;
  /* writeback: one request at a time, a dup of the file's fd (its owner
     may close the file meanwhile) */
  pthread_cond_t wb_work;
  int wb_fd;                /* to write back, or -1 */
  bool wb_wait;             /* and wait for it (the file is complete) */
  bool wb_started;
  bool wb_stopping;
  pthread_t wb_thread;
};

static void
recycle_locked(struct sf_hashq *q, struct sf_hbuf *b)
{
  b->dig = NULL;
  b->len = 0;
  b->fd = -1;
  b->res = NULL;
  b->next = q->free;
  q->free = b;
}

/* B's job: its bytes, or B->rlen bytes of B->fd read through B->data.
   False when a digest update failed; a read that failed goes to
   B->res. */
static bool
hash_job(struct sf_hashq *q, struct sf_hbuf *b)
{
  int64_t off = b->from;
  int64_t end = b->from + b->rlen;

  if(b->fd < 0)
    return digests_update(b->dig, b->data, b->len) == SF_OK;
  while(off < end) {
    size_t want = end - off < SF_HBUF_SIZE ? (size_t)(end - off)
                                           : SF_HBUF_SIZE;
    ssize_t got = pread(b->fd, b->data, want, (off_t)off);
    if(got < 0 && errno == EINTR)
      continue;
    if(got <= 0) {
      int e = got < 0 ? errno : 0;
      pthread_mutex_lock(&q->lock);
      if(b->res && !b->res->rc) {
        b->res->rc = SF_E_IO;
        b->res->err_no = e;
      }
      pthread_mutex_unlock(&q->lock);
      return true;
    }
    if(digests_update(b->dig, b->data, (size_t)got))
      return false;
    off += got;
  }
  return true;
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
    q->queued--;
    q->busy = b;
    pthread_mutex_unlock(&q->lock);
    bad = !hash_job(q, b);
    if(b->fd >= 0)
      close(b->fd);
    pthread_mutex_lock(&q->lock);
    q->failed = q->failed || bad;
    q->busy = NULL;
    recycle_locked(q, b);
    pthread_cond_broadcast(&q->idle);
  }
  pthread_mutex_unlock(&q->lock);
  return NULL;
}

/* Start writing back every dirty page of FD, without waiting for it:
   the fsync at commit then finds little left to do. */
static void
start_writeback(int fd, bool wait)
{
#ifdef SYNC_FILE_RANGE_WRITE
  sync_file_range(fd, 0, 0, wait ? SYNC_FILE_RANGE_WAIT_BEFORE |
                                   SYNC_FILE_RANGE_WRITE |
                                   SYNC_FILE_RANGE_WAIT_AFTER
                                 : SYNC_FILE_RANGE_WRITE);
#else
  (void)fd;
  (void)wait;
#endif
}

static void *
wb_worker(void *arg)
{
  struct sf_hashq *q = arg;

  pthread_mutex_lock(&q->lock);
  for(;;) {
    bool wait;
    int fd;

    while(q->wb_fd < 0 && !q->wb_stopping)
      pthread_cond_wait(&q->wb_work, &q->lock);
    if(q->wb_fd < 0)
      break;
    fd = q->wb_fd;
    wait = q->wb_wait;
    pthread_mutex_unlock(&q->lock);
    start_writeback(fd, wait);
    close(fd);
    pthread_mutex_lock(&q->lock);
    q->wb_fd = -1;
  }
  pthread_mutex_unlock(&q->lock);
  return NULL;
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
  pthread_cond_init(&q->wb_work, NULL);
  q->wb_fd = -1;
  (void)i;
  q->all = calloc(nbuf, sizeof(*q->all));
  q->nbuf = nbuf;
  if(!q->all) {
    hashq_free(q);
    return NULL;
  }
  q->threaded = thread_start(&q->thread, worker, q);
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
  if(q->wb_started) {
    pthread_mutex_lock(&q->lock);
    q->wb_stopping = true;
    pthread_cond_signal(&q->wb_work);
    pthread_mutex_unlock(&q->lock);
    pthread_join(q->wb_thread, NULL);
  }
  if(q->wb_fd >= 0)
    close(q->wb_fd);
  for(i = 0; q->all && i < q->made; i++)
    free(q->all[i].data);
  free(q->all);
  pthread_cond_destroy(&q->work);
  pthread_cond_destroy(&q->idle);
  pthread_cond_destroy(&q->wb_work);
  pthread_mutex_destroy(&q->lock);
  free(q);
}

static struct sf_hbuf *
get(struct sf_hashq *q, bool wait)
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
  while(wait && !q->free && q->threaded && q->made)
    pthread_cond_wait(&q->idle, &q->lock);
  b = q->free;
  if(b)
    q->free = b->next;
  pthread_mutex_unlock(&q->lock);
  return b;
}

struct sf_hbuf *
hashq_get(struct sf_hashq *q)
{
  return get(q, true);
}

struct sf_hbuf *
hashq_try_get(struct sf_hashq *q)
{
  return get(q, false);
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
  /* a bounded queue: when hashing falls behind, the loop waits (and the
     memory stays bounded, whoever fills the buffers) */
  while(q->queued >= SF_HQ_DEPTH)
    pthread_cond_wait(&q->idle, &q->lock);
  b->dig = d;
  b->next = NULL;
  q->queued++;
  if(q->tail)
    q->tail->next = b;
  else
    q->head = b;
  q->tail = b;
  pthread_cond_signal(&q->work);
  pthread_mutex_unlock(&q->lock);
}

bool
hashq_put_fd(struct sf_hashq *q, struct sf_hbuf *b, struct sf_digests *d,
             int fd, int64_t from, int64_t len, struct sf_hq_err *res)
{
  b->from = from;
  b->rlen = len;
  b->res = res;
  b->len = 0;
  if(!q->threaded) {
    b->fd = fd;
    b->dig = d;
    if(!hash_job(q, b))
      q->failed = true;
    hashq_release(q, b);
    return true;
  }
  /* the worker reads its own descriptor: the transfer may close its own
     (a failure) before the queue drains */
  b->fd = fcntl(fd, F_DUPFD_CLOEXEC, 0);
  if(b->fd < 0) {
    hashq_release(q, b);
    return false;
  }
  hashq_put(q, b, d);
  return true;
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

bool
hashq_writeback(struct sf_hashq *q, int fd, bool wait)
{
  bool taken = false;
  int dup_fd;

  pthread_mutex_lock(&q->lock);
  if(q->wb_fd < 0 && !q->wb_stopping) {
    if(!q->wb_started)
      q->wb_started = thread_start(&q->wb_thread, wb_worker, q);
    dup_fd = q->wb_started ? fcntl(fd, F_DUPFD_CLOEXEC, 0) : -1;
    if(dup_fd >= 0) {
      q->wb_fd = dup_fd;
      q->wb_wait = wait;
      pthread_cond_signal(&q->wb_work);
      taken = true;
    }
  }
  pthread_mutex_unlock(&q->lock);
  if(!taken && !q->wb_started)
    start_writeback(fd, false); /* no thread: here, as before */
  return taken || !q->wb_started;
}
