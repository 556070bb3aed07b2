/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Private to transfer.c and transfer_prep.c: the state of one transfer
   and of each of its connections. */
#ifndef SIGFETCH_TRANSFER_INT_H
#define SIGFETCH_TRANSFER_INT_H

#include "transfer.h"

#include "policy.h"
#include "ratelimit.h"
#include "request.h"
#include "segplan.h"
#include "sink.h"
#include "state.h"
#include "verify.h"
#include "checkpoint.h"

/* One connection: the request for segment idx of the plan.  A stream
   stays with its segment (through retries) until the segment is
   complete; then it is free (idx -1) for another. */
struct stream {
  struct sf_transfer *t;
  int slot;              /* its place in t->s[], its buffer in the sink */
  int idx;               /* its segment, -1 when free */
  struct sf_request rq;
  char *url;             /* this stream's URL, after its redirects */
  bool send_headers;     /* still on the origin the headers are for */
  bool running;          /* its handle is in the multi */
  bool checked;          /* the response's first body byte was judged */
  bool accepted;         /* the body goes to the file */
  struct sf_verdict head; /* what the headers said */
  int64_t ask_start;
  int64_t ask_end;
  int64_t skip;          /* stdout: bytes of a 200 already written */
  int64_t got;           /* bytes this request brought to the file */
  long gen;              /* URL generation the request used */
  long redirects;
  double wake;           /* not before this (back-off) */
  double last_byte;
  bool paused;           /* by --limit-rate, until tokens are back */
};

struct sf_transfer {
  const struct sf_options *opts;
  struct sf_download *dl;
  struct sf_hashq *hq;
  CURLM *multi;
  enum sf_phase phase;
  char *output;
  char *server_name;            /* sanitised Content-Disposition name */
  char *part;
  char *state_path;
  bool to_stdout;
  int fd;
  struct sf_state st;           /* what the partial belongs to */
  struct sf_segplan plan;
  struct stream s[SF_MAX_SEGS];
  struct sf_sink *sink;
  struct sf_digests *dig;
  struct sf_expect_src srcs[4];
  size_t n_srcs;
  struct sf_expect prior;       /* what an earlier run verified */
  struct sf_expect server;      /* size the server reported */
  char provider_who[64];
  char *origin;                 /* scheme://host:port headers belong to */
  long url_gen;                 /* bumped by every re-resolve */
  long refused_in_row;          /* re-resolutions without a byte between */
  long fails_in_row;            /* retries without a byte between */
  long restarts;
  bool no_split;                /* the server showed it ignores Range */
  bool state_saved;             /* one stream: validators recorded */
  bool presplit;                /* split before the first response */
  bool ranges_ok;               /* a response honoured a Range this run */
  int unproven;                 /* segments started before it did */
  int64_t piece;                /* what a free connection takes of the
                                   rest (0: not split in this run) */
  int64_t recorded;             /* bytes received when the state was
                                   last written */
  int64_t dur[SF_MAX_SEGS];     /* per segment: known to be on disk */
  struct sf_checkpoint *ckpt;   /* durable checkpoints, off the loop */
  int64_t ckpt_pos[SF_MAX_SEGS]; /* what the running one makes durable */
  size_t ckpt_len;              /* length of the state it writes */
  long ckpt_gen;                /* plan_gen when it started */
  long plan_gen;                /* bumped whenever the plan's shape changes */
  char boot_id[40];
  double last_checkpoint;
  int state_fd;                 /* segments rewrite the state in place */
  size_t state_len;
  double t_start;
  double t_first_request;       /* --max-time counts from here; 0: none */
  struct sf_ratelimit *rl;      /* the run's --limit-rate, or NULL */
  double wake;
  double retry_wake;            /* the current back-off round ends */
  unsigned seed;
  struct sf_error err;          /* a local failure inside a callback */
  struct sf_result res;
};

/* transfer_state.c: record the plan in the state file, the written
   claims and (DURABLE: fdatasync first) the durable ones.  SF_OK, or the
   error with t->err set. */
enum sf_err transfer_save_state(struct sf_transfer *t, bool durable);

/* Act on a finished background checkpoint (WAIT: block for it).  False
   with t->err set when it failed. */
bool transfer_settle_checkpoint(struct sf_transfer *t, bool wait);

/* Start a background checkpoint of what is written now. */
void transfer_start_checkpoint(struct sf_transfer *t);

/* The stream working on segment I, or NULL. */
struct stream *transfer_seg_stream(struct sf_transfer *t, int i);

/* How much of the file is written (not only in memory) without a gap
   from byte 0. */
int64_t transfer_disk_frontier(struct sf_transfer *t);

/* How much of the file is durable without a gap from byte 0. */
int64_t transfer_durable_frontier(const struct sf_transfer *t);

/* The remote file is not the one on disk: empty the partial, forget its
   validators (WHY is logged).  Safe inside a write callback.  False with
   E set when the file must fail instead. */
bool transfer_drop_partial(struct sf_transfer *t, const char *why,
                           struct sf_error *e);

/* transfer_body.c: libcurl's write callback for a stream (UD). */
size_t transfer_on_body(char *data, size_t size, size_t nmemb, void *ud);

/* What the response of G says, for policy.c. */
void transfer_describe(const struct sf_transfer *t, const struct stream *g,
                       struct sf_resp *r);

/* Judge G's response at its first body byte (or its end, when it had
   none).  False: the body does not go to the file. */
bool transfer_judge_headers(struct sf_transfer *t, struct stream *g);

/* transfer_seg.c: split the plan (one segment, now known to be TOTAL
   bytes) among the connections.  Returns the number of segments (1:
   not). */
int transfer_split(struct sf_transfer *t, int64_t total);

/* Split before the first request when the size is already known. */
void tseg_split_early(struct sf_transfer *t);

/* Give the free connections work, at most -x of them busy. */
void tseg_assign_free(struct sf_transfer *t);

/* transfer.c: tell (-v) that segment J was split off for a free
   connection (transfer_seg.c writes no messages). */
void transfer_log_steal(const struct sf_transfer *t, int j);

/* transfer.c: take G's request out of the multi. */
void transfer_stream_stop(struct stream *g);

/* Fill T's sources of expectations: the user, the provider, the
   server. */
void tprep_sources(struct sf_transfer *t);

/* The size (or -1) and sha1 ("" unknown) the user or provider expect. */
int64_t tprep_expected_size(const struct sf_transfer *t);
const char *tprep_expected_sha1(const struct sf_transfer *t);

/* Open T's sink on its fd. */
enum sf_err tprep_sink(struct sf_transfer *t);

/* Skip or refuse an existing output, open and lock the partial, keep
   what of it may be resumed.  A skip sets T's result SKIPPED. */
enum sf_err tprep_file(struct sf_transfer *t);

/* The server named the file (Content-Disposition) in its first response:
   T's output becomes that name, and an existing file there is skipped
   (*SKIP, T's result SKIPPED) or refused (T's err) now, before the body
   is stored, as tprep_file does for the name known before the request
   (CLI.md "What a download does", step 2). */
enum sf_err tprep_server_name(struct sf_transfer *t, bool *skip);

#endif /* SIGFETCH_TRANSFER_INT_H */
