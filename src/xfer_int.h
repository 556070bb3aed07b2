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
  struct sf_expect_src srcs[3];
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
/* Write the gathered body bytes; false with local_err set on failure. */
bool xfer_flush(struct sf_xfer *x);

#endif /* SIGFETCH_XFER_INT_H */
