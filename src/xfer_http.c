/* SPDX-License-Identifier: GPL-3.0-or-later */
/* xfer_http.c is the HTTP half of a transfer: it builds each request
   (Range, If-Range, headers scoped to their origin), receives the body
   into the partial file while hashing it, and decides what every response
   means: keep, restart from zero, follow a redirect, re-resolve an expired
   signature, back off and retry, or give up. */
#include "xfer_int.h"

#include <fcntl.h>
#include <unistd.h>

#include "fname.h"
#include "hdr.h"
#include "log.h"
#include "net.h"
#include "redact.h"

/* Value of response header NAME of the last request, or NULL. */
const char *
xfer_resp_header(struct sf_xfer *x, const char *name)
{
  struct curl_header *h = NULL;

  if(curl_easy_header(x->easy, name, 0, CURLH_HEADER, -1, &h) != CURLHE_OK)
    return NULL;
  return h->value;
}

long
xfer_resp_status(struct sf_xfer *x)
{
  long code = 0;

  curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &code);
  return code;
}

static void
replace_str(char **dst, const char *v)
{
  free(*dst);
  *dst = v ? strdup(v) : NULL;
}

/* Remember the validators of an accepted response and persist them. */
static void
keep_validators(struct sf_xfer *x, int64_t total)
{
  const char *cd = xfer_resp_header(x, "Content-Disposition");
  char *name = cd ? hdr_disposition_filename(cd) : NULL;

  if(name) {
    free(x->server_name);
    x->server_name = fname_sanitize(name);
    free(name);
  }
  replace_str(&x->st.etag, xfer_resp_header(x, "ETag"));
  replace_str(&x->st.last_modified, xfer_resp_header(x, "Last-Modified"));
  if(total >= 0)
    x->st.size = total;
}

static bool
restart_because(struct sf_xfer *x, const char *why)
{
  log_msg(x->opts, SF_LOG_WARN, _("sigfetch: %s: %s; restarting from zero"),
          x->dl->locator_shown, why);
  x->r.restart = true;
  return false;
}

/* A 206: only the exact range asked for, of the same file, is taken. */
static bool
accept_partial(struct sf_xfer *x)
{
  const char *cr = xfer_resp_header(x, "Content-Range");
  const char *etag;
  int64_t start = -1;
  int64_t end = -1;
  int64_t total = -1;

  if(!cr || !hdr_content_range(cr, &start, &end, &total) ||
     start != x->r.req_offset)
    return restart_because(x, _("the server sent a different range"));
  etag = xfer_resp_header(x, "ETag"); /* after cr is no longer needed */
  if(total >= 0 && x->st.size >= 0 && total != x->st.size)
    return restart_because(x, _("the remote file changed size"));
  if(etag && x->st.etag && strcmp(etag, x->st.etag))
    return restart_because(x, _("the remote file changed (ETag)"));
  x->r.accepted = true;
  keep_validators(x, total);
  seg_maybe_split(x, total);
  return true;
}

/* A 200: the whole body; after a Range request the partial is dropped. */
static bool
accept_full(struct sf_xfer *x)
{
  curl_off_t clen = -1;

  if(x->r.req_offset > 0 && x->to_stdout && x->st.etag &&
     !(xfer_resp_header(x, "ETag") &&
       !strcmp(xfer_resp_header(x, "ETag"), x->st.etag))) {
    /* stdout cannot be rewound: only the same file may fill the rest */
    error_set(&x->local_err, SF_E_HTTP,
              _("the remote file changed while it was being written to "
                "standard output"));
    return false;
  }
  if(x->r.req_offset > 0) {
    log_msg(x->opts, SF_LOG_WARN,
            _("sigfetch: %s: the server ignored the Range request; "
              "restarting from zero"), x->dl->locator_shown);
    if(x->to_stdout)
      x->skip = x->offset; /* same file: drop what was already written */
    else if(xfer_truncate_to_zero(x))
      return false;
  }
  curl_easy_getinfo(x->easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &clen);
  x->r.accepted = true;
  keep_validators(x, clen >= 0 ? (int64_t)clen : -1);
  if(clen > 0 && xfer_resp_header(x, "Accept-Ranges") &&
     !strcmp(xfer_resp_header(x, "Accept-Ranges"), "bytes"))
    seg_maybe_split(x, (int64_t)clen);
  return true;
}

/* Decide, once per response, where its body goes.  False aborts it. */
bool
xfer_decide_body(struct sf_xfer *x)
{
  long status = xfer_resp_status(x);

  x->r.started = true;
  if(status == 206)
    return accept_partial(x);
  if(status == 200)
    return accept_full(x);
  return true; /* error and redirect bodies are read and dropped */
}

bool
xfer_write_at(struct sf_xfer *x, const char *buf, size_t len, int64_t at)
{
  while(len) {
    ssize_t n = x->to_stdout ? write(x->fd, buf, len)
                             : pwrite(x->fd, buf, len, (off_t)at);
    if(n < 0 && errno == EINTR)
      continue;
    if(n <= 0) {
      int e = n < 0 ? errno : ENOSPC;
      error_set(&x->local_err, e == ENOSPC ? SF_E_DISK_FULL : SF_E_IO,
                _("cannot write '%s': %s"),
                x->to_stdout ? _("standard output") : x->part, strerror(e));
      return false;
    }
    buf += n;
    len -= (size_t)n;
    at += n;
  }
  return true;
}

/* Start writing back what is on disk every few MiB, so the fsync at
   commit finds little left to do (its cost then overlaps the transfer).
   *SYNCED is how far writeback was started in this stretch of the file. */
void
xfer_writeback(struct sf_xfer *x, int64_t *synced, int64_t upto)
{
#ifdef SYNC_FILE_RANGE_WRITE
  int64_t pending = upto - *synced;

  if(x->to_stdout || pending < WRITEBACK_CHUNK)
    return;
  sync_file_range(x->fd, (off_t)*synced, (off_t)pending,
                  SYNC_FILE_RANGE_WRITE);
  *synced = upto;
#else
  (void)x;
  (void)synced;
  (void)upto;
#endif
}

bool
xfer_flush(struct sf_xfer *x)
{
  bool ok = xfer_flush_quiet(x);

  if(ok && !x->n_segs && !x->state_saved && !x->to_stdout &&
     x->offset > 0) {
    /* resume needs the validators once bytes are on disk; later saves
       would only update bytes_done (the partial's size says it) */
    x->st.bytes_done = x->offset;
    x->state_saved = !state_save(x->state_path, &x->st, NULL);
  }
  return ok;
}

bool
xfer_flush_quiet(struct sf_xfer *x)
{
  struct sf_hbuf *b = x->hb;
  bool ok;

  if(!b)
    return true;
  x->hb = NULL;
  if(!b->len) {
    hashq_release(x->hq, b);
    return true;
  }
  ok = xfer_write_at(x, b->data, b->len, x->offset - (int64_t)b->len);
  if(!ok) {
    hashq_release(x->hq, b);
    return false;
  }
  if(!x->n_segs && b->len < SF_HBUF_SIZE) {
    /* the tail of a response (all of a small file): hashing it here
       costs less than waking the worker and waiting for it */
    bool bad = hashq_drain(x->hq, x->dig) ||
               digests_update(x->dig, b->data, b->len);
    hashq_release(x->hq, b);
    if(bad)
      return error_set(&x->local_err, SF_E_INTERNAL, "%s",
                       error_text(SF_E_INTERNAL)) == SF_OK;
  }
  else
    hashq_put(x->hq, b, x->dig); /* hashed by the worker, in order */
  x->hashed = x->offset;
  xfer_writeback(x, &x->synced, x->offset);
  if(x->n_segs)
    seg_save_state(x);
  return true;
}

/* Queue LEN body bytes; libcurl hands out at most 16 KiB per call, so
   bytes are gathered into large writes and hashed off the loop. */
static bool
buffer_body(struct sf_xfer *x, const char *data, size_t len)
{
  while(len) {
    size_t n;

    if(!x->hb) {
      x->hb = hashq_get(x->hq);
      if(!x->hb)
        return error_set(&x->local_err, SF_E_NOMEM, "%s",
                         error_text(SF_E_NOMEM)) == SF_OK;
    }
    n = SF_HBUF_SIZE - x->hb->len;
    if(n > len)
      n = len;
    memcpy(x->hb->data + x->hb->len, data, n);
    x->hb->len += n;
    x->offset += (int64_t)n;
    data += n;
    len -= n;
    /* segmented downloads flush (and record) more often: a kill loses
       less */
    if((x->hb->len == SF_HBUF_SIZE ||
        (x->n_segs && x->hb->len >= SEG_FLUSH)) && !xfer_flush(x))
      return false;
  }
  return true;
}

static size_t
on_body(char *data, size_t size, size_t nmemb, void *ud)
{
  struct sf_xfer *x = ud;
  size_t len = size * nmemb;
  size_t skip = 0;

  if(!x->r.started && !xfer_decide_body(x))
    return 0;
  if(!x->r.accepted)
    return len;
  x->res.bytes_transferred += (int64_t)len;
  x->refused_in_row = 0;
  x->last_byte = xfer_now();
  if(x->skip > 0) {
    /* stdout after a 200: these bytes were already written */
    skip = (size_t)(x->skip < (int64_t)len ? x->skip : (int64_t)len);
    x->skip -= (int64_t)skip;
  }
  if(x->cap >= 0 && x->offset + (int64_t)(len - skip) >= x->cap) {
    /* segmented: the main request's part ends here */
    size_t keep = (size_t)(x->cap - x->offset);
    if(keep && !buffer_body(x, data + skip, keep))
      return 0;
    x->main_capped = true;
    return 0;
  }
  if(len > skip && !buffer_body(x, data + skip, len - skip))
    return 0;
  return len;
}

static bool
add_header(struct curl_slist **list, const char *line)
{
  struct curl_slist *n = curl_slist_append(*list, line);

  if(n)
    *list = n;
  return n != NULL;
}

/* Headers for a request: the user's and the provider's only on their own
   origin (libcurl would send them to every redirect target). */
bool
xfer_build_headers(struct sf_xfer *x, bool resume, struct curl_slist **out)
{
  const struct sf_resolved *rv = &x->dl->resolved;
  struct curl_slist *list = NULL;
  char line[1024];
  size_t i;
  bool ok = true;

  for(i = 0; x->send_headers && i < x->dl->n_headers; i++)
    ok = ok && add_header(&list, x->dl->headers[i]);
  for(i = 0; x->send_headers && i < rv->n_headers; i++)
    ok = ok && add_header(&list, rv->headers[i]);
  if(resume) {
    const char *v = x->st.etag;
    if(!v || !strncmp(v, "W/", 2))
      v = x->st.last_modified; /* If-Range needs a strong validator */
    if(v) {
      snprintf(line, sizeof(line), "If-Range: %s", v);
      ok = ok && add_header(&list, line);
    }
  }
  if(!ok) {
    curl_slist_free_all(list);
    list = NULL;
  }
  *out = list;
  return ok;
}

static bool
build_headers(struct sf_xfer *x)
{
  curl_slist_free_all(x->req_headers);
  return xfer_build_headers(x, x->offset > 0, &x->req_headers);
}

static bool
set_options(struct sf_xfer *x)
{
  const struct sf_options *o = x->opts;
  CURL *e = x->easy;
  char range[32];
  bool ok = true;

#define SET(opt, val) ok = ok && curl_easy_setopt(e, opt, val) == CURLE_OK
  ok = net_common_options(e, o);
  SET(CURLOPT_URL, x->cur_url);
  SET(CURLOPT_BUFFERSIZE, (long)RECV_BUFFER);
  SET(CURLOPT_WRITEFUNCTION, on_body);
  SET(CURLOPT_WRITEDATA, x);
  SET(CURLOPT_PRIVATE, x);
  SET(CURLOPT_HTTPHEADER, x->req_headers);
  if(x->cap >= 0) {
    snprintf(range, sizeof(range), "%lld-%lld", (long long)x->offset,
             (long long)x->cap - 1);
    SET(CURLOPT_RANGE, range);
  }
  else if(x->offset > 0) {
    snprintf(range, sizeof(range), "%lld-", (long long)x->offset);
    SET(CURLOPT_RANGE, range);
  }
#undef SET
  return ok;
}

/* Resolve again: the signed URL expired or was refused. */
enum sf_err
xfer_refresh(struct sf_xfer *x, struct sf_error *e)
{
  struct sf_resolved fresh;
  enum sf_err rc;

  memset(&fresh, 0, sizeof(fresh));
  fresh.expect.size = -1;
  rc = x->dl->refresh(x->dl->refresh_ctx, &fresh, e);
  if(rc) {
    resolved_free(&fresh);
    return rc;
  }
  resolved_free(&x->dl->resolved);
  x->dl->resolved = fresh;
  free(x->cur_url);
  free(x->origin);
  x->cur_url = strdup(fresh.url);
  x->origin = xfer_url_origin(fresh.url);
  x->send_headers = true;
  x->url_gen++;
  return x->cur_url && x->origin ? SF_OK : SF_E_NOMEM;
}

void
xfer_start(struct sf_xfer *x, CURLM *multi)
{
  struct sf_error e;
  time_t exp = x->dl->resolved.expires_at;

  error_clear(&e);
  if(x->dl->refresh && exp && exp - time(NULL) < REFRESH_MARGIN_S &&
     xfer_refresh(x, &e)) {
    xfer_finish_failed(x, &e);
    return;
  }
  if(!x->easy)
    x->easy = curl_easy_init();
  else
    curl_easy_reset(x->easy);
  x->multi = multi;
  if(x->main_done) {
    /* resumed with the first segment complete: only the others run */
    x->phase = SF_XFER_RUNNING;
    seg_try_finish(x);
    return;
  }
  memset(&x->r, 0, sizeof(x->r));
  x->main_capped = false;
  x->r.req_offset = x->offset;
  x->res.resumed_from = seg_bytes_done(x);
  x->last_byte = xfer_now();
  if(!x->easy || !build_headers(x) || !set_options(x) ||
     curl_multi_add_handle(multi, x->easy) != CURLM_OK) {
    error_set(&e, SF_E_INTERNAL, _("cannot set up the transfer"));
    xfer_finish_failed(x, &e);
    return;
  }
  x->phase = SF_XFER_RUNNING;
}
