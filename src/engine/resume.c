/* SPDX-License-Identifier: GPL-3.0-or-later */
/* resume.c owns the rules between a state file and the partial beside
   it: which partial is ours, which bytes of it count, and how a plan is
   written down so that the next run can trust it. */
#include "resume.h"

bool
resume_matches(const struct sf_state *old, int64_t have,
               const struct sf_resume_want *w)
{
  if(!old->locator || !w->locator || strcmp(old->locator, w->locator))
    return false;
  if(old->size >= 0 && have > old->size)
    return false;
  if(w->size >= 0 &&
     (have > w->size || (old->size >= 0 && old->size != w->size)))
    return false;
  if(w->sha1[0] && old->sha1[0] && strcmp(w->sha1, old->sha1))
    return false;
  /* without a validator the server cannot refuse a changed file
     (If-Range): only a check of the whole file at the end can */
  return old->etag || old->last_modified || w->size >= 0 || w->checksum;
}

bool
resume_unproven(const struct sf_state *old, const struct sf_resume_want *w)
{
  return old->locator && w->locator && !strcmp(old->locator, w->locator) &&
         !old->etag && !old->last_modified && w->size < 0 && !w->checksum;
}

void
resume_plan(const struct sf_state *old, int64_t have,
            struct sf_segplan *plan, int64_t *over)
{
  int i;

  *over = 0;
  if(old->n_segs < 1) {
    /* one stream writes in order: the file's length is what it holds;
       the range stays open, the server's answer gives the size */
    segplan_init(plan, -1);
    plan->seg[0].pos = have;
    return;
  }
  segplan_init(plan, old->size);
  plan->n = old->n_segs;
  for(i = 0; i < old->n_segs; i++)
    plan->seg[i] = old->segs[i];
  *over = segplan_trim(plan, have);
}

void
resume_record(struct sf_state *st, const struct sf_segplan *plan,
              const int64_t *disk)
{
  int i;

  st->n_segs = 0;
  st->bytes_done = 0;
  if(plan->size >= 0)
    st->size = plan->size;
  for(i = 0; i < plan->n; i++) {
    st->segs[i] = plan->seg[i];
    st->segs[i].pos = disk[i];
    st->bytes_done += disk[i] - plan->seg[i].start;
  }
  if(plan->n > 1)
    st->n_segs = plan->n;
}

void
resume_after_reboot(struct sf_state *old)
{
  int i;

  if(old->n_segs < 1) {
    old->bytes_done = old->has_durable ? old->durable[0] : 0;
    return;
  }
  old->bytes_done = 0;
  for(i = 0; i < old->n_segs; i++) {
    struct sf_seg *g = &old->segs[i];
    g->pos = old->has_durable ? old->durable[i] : g->start;
    old->bytes_done += g->pos - g->start;
  }
}

void
resume_durable(const struct sf_state *old, const struct sf_segplan *plan,
               int64_t *dur)
{
  int i;

  for(i = 0; i < plan->n; i++) {
    int64_t d = old->has_durable && (old->n_segs == plan->n ||
                                     (old->n_segs < 1 && plan->n == 1))
                ? old->durable[i] : plan->seg[i].start;
    dur[i] = d < plan->seg[i].pos ? d : plan->seg[i].pos;
    if(dur[i] < plan->seg[i].start)
      dur[i] = plan->seg[i].start;
  }
}

void
resume_record_durable(struct sf_state *st, const struct sf_segplan *plan,
                      const int64_t *dur, const char *boot_id)
{
  int i;

  for(i = 0; i < plan->n; i++)
    st->durable[i] = dur[i];
  st->has_durable = true;
  snprintf(st->boot_id, sizeof(st->boot_id), "%s", boot_id);
}
