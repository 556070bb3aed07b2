/* SPDX-License-Identifier: GPL-3.0-or-later */
/* xfer_commit.c ends a transfer whose bytes are all there: verify every
   expectation (size, checksums from the user, the provider and the
   server), take the server's name and date where they apply, then hand
   the file to the engine's batched commit (fsync/syncfs, rename, fsync of
   the directory).  A mismatch discards the bytes: they are wrong. */
#include "xfer_int.h"

#include <curl/curl.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fname.h"

/* The file gets the server's Last-Modified time, as with wget -N: archive
   entries and mirrors then carry the remote date. */
static void
keep_remote_mtime(struct sf_xfer *x)
{
  struct timespec ts[2];
  time_t t = x->st.last_modified ? curl_getdate(x->st.last_modified, NULL)
                                 : -1;

  if(t <= 0)
    return;
  ts[0].tv_sec = 0;
  ts[0].tv_nsec = UTIME_OMIT;
  ts[1].tv_sec = t;
  ts[1].tv_nsec = 0;
  futimens(x->fd, ts); /* a date is nice to have, not worth failing for */
}

/* With no name from the user or the provider, a Content-Disposition
   name from the server wins over the URL's (CLI.md "Output names"). */
static enum sf_err
adopt_server_name(struct sf_xfer *x, struct sf_error *e)
{
  char *out;
  struct stat sb;

  if(x->to_stdout || x->dl->output || x->dl->resolved.name ||
     !x->server_name)
    return SF_OK;
  out = fname_join(x->opts->directory, x->server_name);
  if(!out)
    return error_set(e, SF_E_NOMEM, "%s", error_text(SF_E_NOMEM));
  if(strcmp(out, x->output) && !x->opts->overwrite && !stat(out, &sb)) {
    error_set(e, SF_E_EXISTS,
              _("output '%s' (named by the server) exists (use --overwrite "
                "to replace it)"), out);
    free(out);
    return SF_E_EXISTS;
  }
  free(x->output);
  x->output = out;
  x->res.output = out;
  return SF_OK;
}

/* The bytes are all there: verify every expectation, then commit. */
void
xfer_finish_ok(struct sf_xfer *x)
{
  char hex[SF_DIGEST_COUNT][SF_HEX_MAX];
  struct sf_error e;
  enum sf_err rc;

  error_clear(&e);
  x->server.size = x->st.size;
  rc = hashq_drain(x->hq, x->dig);
  if(!rc)
    rc = digests_final(x->dig, hex);
  if(rc)
    error_set(&e, rc, "%s", error_text(rc));
  else
    rc = commit_verify(x->srcs, x->n_srcs, x->offset, hex, &e);
  if(rc && !x->to_stdout && error_exit_code(rc) == 6) {
    /* integrity failure: the bytes are wrong, keeping them helps no one */
    close(x->fd);
    x->fd = -1;
    unlink(x->part);
    unlink(x->state_path);
  }
  if(!rc && x->to_stdout && fflush(stdout))
    rc = error_set(&e, SF_E_IO, _("cannot write to standard output: %s"),
                   strerror(errno));
  if(!rc)
    rc = adopt_server_name(x, &e);
  if(!rc && !x->to_stdout)
    keep_remote_mtime(x);
  if(rc) {
    xfer_finish_failed(x, &e);
    return;
  }
  x->res.size = x->offset;
  memcpy(x->res.sha1, hex[SF_DIGEST_SHA1], sizeof(x->res.sha1));
  if(x->to_stdout) {
    xfer_committed(x, &e);
    return;
  }
  /* verified: the engine commits it, batched with others finishing now */
  x->phase = SF_XFER_COMMIT;
  x->wake = xfer_now();
}

void
xfer_commit_batch(struct sf_xfer **xs, size_t n)
{
  int fds[64];
  const char *parts[64];
  const char *outs[64];
  struct sf_error errs[64];
  size_t i;

  if(!n)
    return;
  while(n > countof(fds)) {
    xfer_commit_batch(xs, countof(fds));
    xs += countof(fds);
    n -= countof(fds);
  }
  for(i = 0; i < n; i++) {
    fds[i] = xs[i]->fd;
    parts[i] = xs[i]->part;
    outs[i] = xs[i]->output;
    error_clear(&errs[i]);
    xs[i]->fd = -1;
  }
  commit_files(fds, parts, outs, n, errs);
  for(i = 0; i < n; i++) {
    if(!errs[i].code)
      unlink(xs[i]->state_path);
    xfer_committed(xs[i], &errs[i]);
  }
}

void
xfer_committed(struct sf_xfer *x, const struct sf_error *e)
{
  if(e->code) {
    xfer_finish_failed(x, e);
    return;
  }
  x->res.status = SF_STATUS_OK;
  x->res.elapsed_s = xfer_now() - x->t_start;
  x->phase = SF_XFER_DONE;
}
