/* SPDX-License-Identifier: GPL-3.0-or-later */
/* transfer_prep.c prepares a transfer before its first request: whose
   expectations apply, whether an existing output is skipped or refused,
   the locked partial file and what of it the resume rules keep (hashed
   again from disk), and the same check again for the name a server
   gives in its first response (Content-Disposition), before any of the
   body is stored.  It returns what it found; transfer.c decides the
   phase. */
#include "transfer_int.h"

#include <sys/stat.h>
#include <unistd.h>

#include "atomic.h"
#include "fname.h"
#include "log.h"
#include "resume.h"

void
tprep_sources(struct sf_transfer *t)
{
  const struct sf_resolved *rv = &t->dl->resolved;

  t->n_srcs = 0;
  t->prior.size = -1;
  t->srcs[t->n_srcs].want = t->dl->user;
  t->srcs[t->n_srcs++].who = _("as requested");
  snprintf(t->provider_who, sizeof(t->provider_who), _("provider %s"),
           rv->provider);
  t->srcs[t->n_srcs].want = &rv->expect;
  t->srcs[t->n_srcs++].who = t->provider_who;
  t->srcs[t->n_srcs].want = &t->server;
  t->srcs[t->n_srcs++].who = _("server");
}

/* The size we expect from the user or the provider, or -1. */
int64_t
tprep_expected_size(const struct sf_transfer *t)
{
  if(t->dl->user->size >= 0)
    return t->dl->user->size;
  return t->dl->resolved.expect.size;
}

const char *
tprep_expected_sha1(const struct sf_transfer *t)
{
  return t->dl->user->sha1[0] ? t->dl->user->sha1
                              : t->dl->resolved.expect.sha1;
}

/* Does the user or the provider state any checksum of the file? */
static bool
expects_checksum(const struct sf_transfer *t)
{
  const struct sf_expect *e[2] = { t->dl->user, &t->dl->resolved.expect };
  int i;

  for(i = 0; i < 2; i++)
    if(e[i]->sha1[0] || e[i]->sha256[0] || e[i]->md5[0] || e[i]->crc64[0])
      return true;
  return false;
}

/* A claimed range with a hole in it (a crash before the data reached
   the disk, or a hole punched into it) is trusted only up to the hole.
   Returns the bytes no longer claimed. */
static int64_t
trim_holes(struct sf_transfer *t)
{
  int64_t over = 0;
  int i;

  for(i = 0; i < t->plan.n; i++) {
    struct sf_seg *g = &t->plan.seg[i];
    off_t h;
    if(g->pos <= g->start)
      continue;
    h = lseek(t->fd, (off_t)g->start, SEEK_HOLE);
    if(h >= 0 && (int64_t)h < g->pos) {
      over += g->pos - (int64_t)h;
      g->pos = (int64_t)h;
    }
  }
  return over;
}

/* Decide how much of the partial to keep; hash what is kept. */
static enum sf_err
load_resume(struct sf_transfer *t)
{
  struct sf_resume_want w;
  struct sf_state old;
  struct stat sb;
  bool found = false;
  int64_t over = 0;
  enum sf_err rc = SF_OK;

  if(fstat(t->fd, &sb))
    return error_set(&t->err, SF_E_IO, _("cannot stat '%s': %s"), t->part,
                     strerror(errno));
  if(sb.st_size == 0)
    return SF_OK; /* nothing to keep: whatever a state says does not count */
  w.locator = t->st.locator;
  w.size = tprep_expected_size(t);
  w.sha1 = tprep_expected_sha1(t);
  w.checksum = expects_checksum(t);
  state_load(t->state_path, &old, &found);
  if(sb.st_size > 0 && found && !t->opts->no_continue &&
     resume_matches(&old, (int64_t)sb.st_size, &w)) {
    int64_t have = (int64_t)sb.st_size;
    if(old.boot_id[0] && strcmp(old.boot_id, t->boot_id)) {
      /* a power loss may have come since: only durable claims count */
      resume_after_reboot(&old);
      if(old.n_segs < 1 && old.bytes_done < have)
        have = old.bytes_done;
    }
    resume_plan(&old, have, &t->plan, &over);
    over += trim_holes(t);
    if(t->plan.n == 1 && t->plan.seg[0].pos < (int64_t)sb.st_size &&
       ftruncate(t->fd, (off_t)t->plan.seg[0].pos))
      /* one stream goes on where its trusted bytes end: the file's
         length must say so again for the next run */
      rc = error_set(&t->err, SF_E_IO,
                     _("cannot truncate partial file '%s': %s"), t->part,
                     strerror(errno));
    resume_durable(&old, &t->plan, t->dur);
    if(old.crc64[0] && sink_add_digest(t->sink, SF_DIGEST_CRC64)) {
      memcpy(t->server.crc64, old.crc64, sizeof(t->server.crc64));
      memcpy(t->st.crc64, old.crc64, sizeof(t->st.crc64));
    }
    t->st.size = old.size;
    t->st.etag = old.etag;
    t->st.last_modified = old.last_modified;
    old.etag = old.last_modified = NULL;
    if(over > 0)
      log_msg(t->opts, SF_LOG_WARN,
              _("sigfetch: %s: %lld bytes that the state file counts as "
                "done are not in partial file '%s'; fetching them again"),
              t->dl->locator_shown, (long long)over, t->part);
    log_msg(t->opts, SF_LOG_INFO, _("sigfetch: %s: resuming at byte %lld"),
            t->dl->locator_shown, (long long)segplan_done(&t->plan));
    t->res.resumed_from = segplan_done(&t->plan);
    if(!rc)
      rc = sink_catch_up(t->sink, segplan_frontier(&t->plan), true,
                         &t->err);
  }
  else if(sb.st_size > 0) {
    if(!t->opts->no_continue && found && resume_unproven(&old, &w))
      log_msg(t->opts, SF_LOG_WARN,
              _("sigfetch: %s: no validator (ETag, Last-Modified) proves "
                "that partial file '%s' is the same file, and no size or "
                "checksum is known to verify it; starting over"),
              t->dl->locator_shown, t->part);
    else if(!t->opts->no_continue)
      log_msg(t->opts, SF_LOG_WARN,
              _("sigfetch: %s: partial file '%s' belongs to another "
                "download; starting over"), t->dl->locator_shown, t->part);
    rc = sink_reset(t->sink, &t->err);
  }
  state_free(&old);
  return rc;
}

/* Open the sink on FD; segmented downloads flush (and record) often. */
enum sf_err
tprep_sink(struct sf_transfer *t)
{
  t->sink = sink_new(t->hq, t->dig, t->fd, t->to_stdout,
                     t->part ? t->part : "-", SF_HBUF_SIZE);
  return t->sink ? SF_OK : SF_E_NOMEM;
}

/* What an earlier run verified of the file at PATH becomes a source,
   replacing one taken for another name. */
static void
add_prior(struct sf_transfer *t, const char *path)
{
  if(t->n_srcs && t->srcs[t->n_srcs - 1].want == &t->prior)
    t->n_srcs--;
  if(t->dl->prior && !access(path, F_OK) &&
     t->dl->prior(t->dl->prior_ctx, path, &t->prior)) {
    t->srcs[t->n_srcs].want = &t->prior;
    t->srcs[t->n_srcs++].who = _("an earlier run");
  }
}

/* The result of a skipped output at T's output name. */
static void
set_skipped(struct sf_transfer *t)
{
  struct stat sb;

  t->res.status = SF_STATUS_SKIPPED;
  t->res.size = stat(t->output, &sb) ? -1 : (int64_t)sb.st_size;
}

/* --skip-existing: any file at OUT is skipped, unread; its sha1 is
   reported when its verified record still holds.  --overwrite, the
   explicit request to replace, wins. */
static bool
skip_existing(struct sf_transfer *t, const char *out)
{
  struct stat sb;
  bool same;

  if(!t->opts->skip_existing || t->opts->overwrite || lstat(out, &sb))
    return false;
  if(!S_ISREG(sb.st_mode) ||
     !verify_record(out, &sb, NULL, t->res.sha1, &same))
    t->res.sha1[0] = '\0';
  set_skipped(t);
  return true;
}

/* The existing-output decision for OUT: --skip-existing, else
   verify_existing. */
static enum sf_err
check_existing(struct sf_transfer *t, const char *out, bool *skip)
{
  enum sf_err rc;

  *skip = skip_existing(t, out);
  if(*skip)
    return SF_OK;
  rc = verify_existing(out, t->st.locator, t->srcs, t->n_srcs,
                       t->opts->overwrite, skip, t->res.sha1, &t->err);
  if(!rc && *skip)
    set_skipped(t);
  return rc;
}

enum sf_err
tprep_server_name(struct sf_transfer *t, bool *skip)
{
  char *out;

  *skip = false;
  if(t->to_stdout || t->dl->output || t->dl->resolved.name ||
     !t->server_name)
    return SF_OK;
  out = fname_join(t->opts->directory, t->server_name);
  if(!out)
    return error_set(&t->err, SF_E_NOMEM, "%s", error_text(SF_E_NOMEM));
  if(!strcmp(out, t->output)) {
    free(out);
    return SF_OK; /* checked before the request (or already adopted) */
  }
  free(t->output);
  t->output = out;
  t->res.output = out;
  add_prior(t, out);
  return check_existing(t, out, skip);
}

enum sf_err
tprep_file(struct sf_transfer *t)
{
  bool skip = false;
  enum sf_err rc;

  add_prior(t, t->output);
  rc = check_existing(t, t->output, &skip);
  if(rc || skip)
    return rc;
  t->part = atomic_sibling(t->output, SF_PART_SUFFIX);
  t->state_path = atomic_sibling(t->output, SF_STATE_SUFFIX);
  if(!t->part || !t->state_path)
    return SF_E_NOMEM;
  rc = atomic_open_partial(t->part, &t->fd, &t->err);
  if(!rc) {
    t->ckpt = checkpoint_new(t->fd, t->part, t->state_path);
    rc = t->ckpt ? SF_OK : SF_E_NOMEM;
  }
  if(!rc)
    rc = tprep_sink(t);
  if(!rc)
    rc = load_resume(t);
  /* the state is written with the first bytes on disk: a small file
     that completes in one go never needs one */
  return rc;
}
