/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Private to xfer.c and xfer_http.c: the state of one transfer. */
#ifndef SIGFETCH_XFER_INT_H
#define SIGFETCH_XFER_INT_H

#include "commit.h"
#include "digest.h"
#include "hashq.h"
#include "state.h"
#include "xfer.h"

#define MAX_REDIRECTS 10
#define MAX_RESTARTS 3
#define MAX_BACKOFF_S 60.0
#define MAX_RETRY_AFTER_S 600.0
#define REFRESH_MARGIN_S 60
#define RECV_BUFFER (256 * 1024)
#define WRITEBACK_CHUNK (8 * 1024 * 1024)

#define SEG_MIN (4 * 1024 * 1024)   /* smallest segment worth a connection */
#define SEG_FLUSH (16 * 1024)       /* segments write (and save) this often */

struct sf_xfer;

/* One extra connection of a segmented download (-x): bytes [start, end),
   received up to pos.  The main request covers [0, cap). */
struct seg {
  struct sf_xfer *x;
  CURL *easy;
  struct curl_slist *hdrs;
  struct sf_hbuf *hb;
  int64_t start;
  int64_t pos;
  int64_t end;
  long gen;             /* URL generation its request used */
  long retries;
  bool running;
  bool done;
  bool started;         /* response status checked */
  bool bad;             /* response was not the range asked for */
  double wake;
  double last_byte;
  int64_t synced;       /* writeback started up to here */
};

/* What the current response told us. */
struct resp {
  bool started;        /* first body byte seen, decision taken */
  bool accepted;       /* body goes to the file */
  bool restart;        /* abort and restart from zero */
  int64_t req_offset;  /* Range start asked for (0 = no Range) */
};

struct sf_xfer {
  const struct sf_options *opts;
  struct sf_download *dl;
  enum sf_xfer_phase phase;
  CURL *easy;
  struct curl_slist *req_headers;
  char *output;
  char *server_name;            /* sanitised Content-Disposition name */
  char *part;
  char *state_path;
  bool to_stdout;
  int fd;
  struct sf_state st;
  struct sf_digests *dig;
  struct sf_expect_src srcs[4];
  struct sf_expect prior;       /* what an earlier run verified */
  size_t n_srcs;
  struct sf_expect server;      /* size the server reported */
  char provider_who[64];
  int64_t offset;               /* bytes written (and hashed) */
  int64_t skip;                 /* stdout: body bytes already written */
  char *cur_url;                /* after redirects */
  char *origin;                 /* scheme://host:port headers belong to */
  bool send_headers;
  long refused_in_row;
  long restarts;
  long redirects;
  double t_start;
  double wake;
  struct sf_hashq *hq;
  struct sf_hbuf *hb;           /* body bytes not yet written */
  int64_t synced;                /* writeback started up to here */
  bool state_saved;             /* the state file describes the partial */
  int state_fd;                 /* segments rewrite the state in place */
  size_t state_len;
  CURLM *multi;
  struct seg *segs;             /* extra connections, in file order */
  int n_segs;
  int64_t cap;                  /* main request stops here, -1: at the end */
  bool main_capped;             /* main request reached cap (abort) */
  bool main_done;
  bool no_split;                /* the server showed it ignores Range */
  int64_t hashed;               /* bytes [0, hashed) are in the digests */
  int64_t readback;             /* bytes hashed from disk, out of order */
  long url_gen;                 /* bumped by every re-resolve */
  double last_byte;             /* when a body byte last arrived */
  unsigned seed;
  struct resp r;
  struct sf_error local_err;    /* a local failure inside a callback */
  struct sf_result res;
};

/* Shared between the two halves of the transfer. */
void xfer_finish_failed(struct sf_xfer *x, const struct sf_error *e);
enum sf_err xfer_truncate_to_zero(struct sf_xfer *x);
char *xfer_url_origin(const char *url);
void xfer_finish_ok(struct sf_xfer *x);
enum sf_err xfer_refresh(struct sf_xfer *x, struct sf_error *e);
const char *xfer_resp_header(struct sf_xfer *x, const char *name);
long xfer_resp_status(struct sf_xfer *x);
bool xfer_decide_body(struct sf_xfer *x);
/* Write LEN bytes at file offset AT (or to stdout). */
bool xfer_write_at(struct sf_xfer *x, const char *buf, size_t len,
                   int64_t at);
/* Headers for a request to the current URL (If-Range when RESUME). */
bool xfer_build_headers(struct sf_xfer *x, bool resume,
                        struct curl_slist **out);
/* The main request's part is complete: finish, or wait for segments. */
void xfer_main_complete(struct sf_xfer *x);
/* Re-arm a refused request; false when the file has failed instead. */
bool xfer_refused_again(struct sf_xfer *x, long status, long gen);
/* Segments (xfer_seg.c). */
void seg_maybe_split(struct sf_xfer *x, int64_t total);
bool seg_restore(struct sf_xfer *x, const struct sf_state *old);
void seg_tick(struct sf_xfer *x, double now);
bool seg_done(struct sf_xfer *x, CURL *easy, CURLcode rc);
void seg_cancel_all(struct sf_xfer *x);
void seg_free_all(struct sf_xfer *x);
void seg_try_finish(struct sf_xfer *x);
int64_t seg_bytes_done(const struct sf_xfer *x);
void seg_save_state(struct sf_xfer *x);
/* Write the gathered body bytes; false with local_err set on failure. */
bool xfer_flush(struct sf_xfer *x);
/* Start writeback of [*SYNCED, UPTO) once it is a few MiB. */
void xfer_writeback(struct sf_xfer *x, int64_t *synced, int64_t upto);
/* The same without recording the state: the response is over, and what
   follows (commit, or schedule / failure) takes care of the state. */
bool xfer_flush_quiet(struct sf_xfer *x);

#endif /* SIGFETCH_XFER_INT_H */
