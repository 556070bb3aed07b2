/* SPDX-License-Identifier: GPL-3.0-or-later */
/* state.c owns the files beside an output while it downloads: the locked
   partial file and the JSON state recording what the partial belongs to
   (locator, size, validators, expected sha1, bytes done).  Its atomic
   small-file writer also serves the token cache. */
#include "state.h"

#include <cjson/cJSON.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define STATE_VERSION 1
#define STATE_MAX_BYTES (1 << 20)

void
state_init(struct sf_state *st)
{
  memset(st, 0, sizeof(*st));
  st->size = -1;
}

void
state_free(struct sf_state *st)
{
  free(st->locator);
  free(st->url);
  free(st->etag);
  free(st->last_modified);
  state_init(st);
}

static bool
add_str(cJSON *o, const char *name, const char *v)
{
  return v ? cJSON_AddStringToObject(o, name, v) != NULL
           : cJSON_AddNullToObject(o, name) != NULL;
}

static bool
add_segs(cJSON *o, const struct sf_state *st)
{
  cJSON *arr;
  int i;

  if(!st->n_segs)
    return true;
  arr = cJSON_AddArrayToObject(o, "segments");
  for(i = 0; arr && i < st->n_segs; i++) {
    const struct sf_seg *g = &st->segs[i];
    double v[3] = { (double)g->start, (double)g->pos, (double)g->end };
    cJSON *t = cJSON_CreateDoubleArray(v, 3);
    if(!t || !cJSON_AddItemToArray(arr, t))
      return false;
  }
  return arr != NULL;
}

/* The segments, read as a plan that must be valid (segplan_valid):
   they tile [0, size) in order, each pos inside its range. */
static bool
get_segs(const cJSON *o, struct sf_state *st)
{
  const cJSON *arr = cJSON_GetObjectItemCaseSensitive(o, "segments");
  const cJSON *t;
  struct sf_segplan plan;

  if(!arr)
    return true;
  if(!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) > SF_MAX_SEGS ||
     st->size < 0)
    return false;
  segplan_init(&plan, st->size);
  plan.n = 0;
  cJSON_ArrayForEach(t, arr) {
    int64_t v[3];
    int k;
    if(!cJSON_IsArray(t) || cJSON_GetArraySize(t) != 3)
      return false;
    for(k = 0; k < 3; k++) {
      const cJSON *n = cJSON_GetArrayItem(t, k);
      if(!cJSON_IsNumber(n) || n->valuedouble < 0 || n->valuedouble > 9e18)
        return false;
      v[k] = (int64_t)n->valuedouble;
    }
    plan.seg[plan.n].start = v[0];
    plan.seg[plan.n].pos = v[1];
    plan.seg[plan.n].end = v[2];
    plan.n++;
  }
  if(!segplan_valid(&plan))
    return false;
  memcpy(st->segs, plan.seg, sizeof(plan.seg[0]) * (size_t)plan.n);
  st->n_segs = plan.n;
  return true;
}

static bool
add_durable(cJSON *o, const struct sf_state *st)
{
  double v[SF_MAX_SEGS];
  cJSON *arr;
  int n = st->n_segs ? st->n_segs : 1;
  int i;

  if(!st->has_durable)
    return true;
  for(i = 0; i < n; i++)
    v[i] = (double)st->durable[i];
  arr = cJSON_CreateDoubleArray(v, n);
  return arr && cJSON_AddItemToObject(o, "durable", arr) &&
         add_str(o, "boot_id", st->boot_id[0] ? st->boot_id : NULL);
}

/* Durable positions: one per segment (or one), each inside its range;
   anything else leaves none (nothing is then known to be durable). */
static void
get_durable(const cJSON *o, struct sf_state *st)
{
  const cJSON *arr = cJSON_GetObjectItemCaseSensitive(o, "durable");
  const cJSON *id = cJSON_GetObjectItemCaseSensitive(o, "boot_id");
  int n = st->n_segs ? st->n_segs : 1;
  int i;

  if(cJSON_IsString(id) && strlen(id->valuestring) < sizeof(st->boot_id))
    snprintf(st->boot_id, sizeof(st->boot_id), "%s", id->valuestring);
  if(!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) != n)
    return;
  for(i = 0; i < n; i++) {
    const cJSON *v = cJSON_GetArrayItem(arr, i);
    int64_t lo = st->n_segs ? st->segs[i].start : 0;
    int64_t hi = st->n_segs ? st->segs[i].pos : st->bytes_done;
    if(!cJSON_IsNumber(v) || v->valuedouble < (double)lo ||
       v->valuedouble > (double)hi)
      return;
    st->durable[i] = (int64_t)v->valuedouble;
  }
  st->has_durable = true;
}

char *
state_to_json(const struct sf_state *st)
{
  cJSON *o = cJSON_CreateObject();
  char *text = NULL;

  if(!o)
    return NULL;
  if(cJSON_AddNumberToObject(o, "version", STATE_VERSION) &&
     add_str(o, "locator", st->locator) && add_str(o, "url", st->url) &&
     cJSON_AddNumberToObject(o, "size", (double)st->size) &&
     add_str(o, "etag", st->etag) &&
     add_str(o, "last_modified", st->last_modified) &&
     add_str(o, "sha1", st->sha1[0] ? st->sha1 : NULL) &&
     (!st->crc64[0] || add_str(o, "crc64", st->crc64)) &&
     cJSON_AddNumberToObject(o, "bytes_done", (double)st->bytes_done) &&
     add_segs(o, st) && add_durable(o, st))
    text = cJSON_PrintUnformatted(o);
  cJSON_Delete(o);
  return text;
}

static char *
get_str(const cJSON *o, const char *name)
{
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
  return cJSON_IsString(v) && v->valuestring ? strdup(v->valuestring) : NULL;
}

static int64_t
get_int(const cJSON *o, const char *name)
{
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
  if(!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble > 9e18)
    return -1;
  return (int64_t)v->valuedouble;
}

/* The whole number NAME into *OUT: present, integral, in [MIN, 9e18].
   We always write size and bytes_done, so a missing one means the file
   is not ours (or was damaged). */
static bool
get_count(const cJSON *o, const char *name, int64_t min, int64_t *out)
{
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

  if(!cJSON_IsNumber(v) || v->valuedouble < (double)min ||
     v->valuedouble > 9e18 ||
     v->valuedouble != (double)(int64_t)v->valuedouble)
    return false;
  *out = (int64_t)v->valuedouble;
  return true;
}

/* The figures agree: size -1 (unknown) or at least bytes_done, and the
   segments (when any) account for exactly bytes_done. */
static bool
counts_agree(const struct sf_state *st)
{
  int64_t sum = 0;
  int i;

  if(st->size >= 0 && st->bytes_done > st->size)
    return false;
  if(!st->n_segs)
    return true;
  for(i = 0; i < st->n_segs; i++)
    sum += st->segs[i].pos - st->segs[i].start;
  return sum == st->bytes_done;
}

/* The expected sha1 when it is 40 hex digits; anything else is ignored. */
static void
get_sha1(const cJSON *o, struct sf_state *st)
{
  const cJSON *sha1 = cJSON_GetObjectItemCaseSensitive(o, "sha1");

  if(cJSON_IsString(sha1) && strlen(sha1->valuestring) == 40 &&
     strspn(sha1->valuestring, "0123456789abcdefABCDEF") == 40)
    memcpy(st->sha1, sha1->valuestring, 41);
}

enum sf_err
state_from_json(const char *text, struct sf_state *st)
{
  cJSON *o = cJSON_Parse(text);
  const cJSON *crc;
  enum sf_err rc = SF_E_IO;

  state_free(st);
  if(!cJSON_IsObject(o) || get_int(o, "version") != STATE_VERSION)
    goto out;
  st->locator = get_str(o, "locator");
  st->url = get_str(o, "url");
  st->etag = get_str(o, "etag");
  st->last_modified = get_str(o, "last_modified");
  if(!get_count(o, "size", -1, &st->size) ||
     !get_count(o, "bytes_done", 0, &st->bytes_done))
    goto out;
  get_sha1(o, st);
  crc = cJSON_GetObjectItemCaseSensitive(o, "crc64");
  if(cJSON_IsString(crc) && strlen(crc->valuestring) == 16 &&
     strspn(crc->valuestring, "0123456789abcdef") == 16)
    memcpy(st->crc64, crc->valuestring, 17);
  rc = st->locator && get_segs(o, st) && counts_agree(st) ? SF_OK
                                                         : SF_E_IO;
  if(!rc)
    get_durable(o, st);
out:
  cJSON_Delete(o);
  if(rc)
    state_free(st);
  return rc;
}

/* Read a whole small file; NULL when absent, unreadable or too large. */
static char *
slurp(const char *path)
{
  int fd = atomic_open_sidecar(path, false);
  FILE *f = fd >= 0 ? fdopen(fd, "rb") : NULL;
  char *buf = NULL;
  size_t n;

  if(!f) {
    if(fd >= 0)
      close(fd);
    return NULL;
  }
  buf = malloc(STATE_MAX_BYTES + 1);
  if(buf) {
    n = fread(buf, 1, STATE_MAX_BYTES, f);
    if(ferror(f) || n == STATE_MAX_BYTES) {
      free(buf);
      buf = NULL;
    }
    else
      buf[n] = '\0';
  }
  fclose(f);
  return buf;
}

enum sf_err
state_load(const char *path, struct sf_state *st, bool *found)
{
  char *text = slurp(path);

  state_init(st);
  *found = text && state_from_json(text, st) == SF_OK;
  free(text);
  return SF_OK;
}

enum sf_err
state_save(const char *path, const struct sf_state *st, bool durable,
           size_t *len, struct sf_error *err)
{
  char *text = state_to_json(st);
  enum sf_err rc;

  if(!text)
    return SF_E_NOMEM;
  rc = atomic_write_file(path, text, 0600, durable ? SF_WRITE_SYNC : 0,
                         err);
  if(len)
    *len = strlen(text);
  free(text);
  return rc;
}

void
state_boot_id(char *buf, size_t len)
{
  FILE *f = fopen("/proc/sys/kernel/random/boot_id", "re");
  size_t n = 0;

  buf[0] = '\0';
  if(!f)
    return;
  if(fgets(buf, (int)len, f))
    n = strcspn(buf, "\n");
  buf[n] = '\0';
  fclose(f);
}

enum sf_err
state_rewrite(const char *path, int *fd, size_t *len,
              const struct sf_state *st)
{
  char *text = state_to_json(st);
  size_t n;
  enum sf_err rc = SF_OK;

  if(!text)
    return SF_E_NOMEM;
  if(*fd < 0)
    *fd = atomic_open_sidecar(path, true);
  n = strlen(text);
  if(*fd < 0)
    rc = SF_E_IO;
  else {
    /* pad with blanks over a longer old text: a reader (or a kill at any
       moment) sees one whole JSON value followed by white space */
    char *buf = malloc(n > *len ? n : *len);
    if(!buf)
      rc = SF_E_NOMEM;
    else {
      memcpy(buf, text, n);
      memset(buf + n, ' ', n > *len ? 0 : *len - n);
      if(pwrite(*fd, buf, n > *len ? n : *len, 0) < 0)
        rc = SF_E_IO;
      else if(n > *len)
        *len = n;
      free(buf);
    }
  }
  free(text);
  return rc;
}
