/* SPDX-License-Identifier: GPL-3.0-or-later */
/* stage.c owns --archive's staging directory ARCHIVE.sfdir/: files are
   downloaded, verified and committed there like ordinary outputs, each
   one recorded in the manifest .sigfetch-manifest ("sha1 size name").
   At the end the archive is written from the recorded files, only those,
   with a SHA1SUMS entry last.  A rerun finds the manifest and skips what
   it lists; the directory goes away only when every file made it.
   An existing archive is replaced only with --overwrite or when its
   staging directory is still there (a run of ours to finish), and never
   by one holding fewer files. */
#include "stage.h"

#include <sys/stat.h>
#include <unistd.h>

#include "archive_out.h"
#include "atomic.h"
#include "fname.h"

#define MANIFEST ".sigfetch-manifest"

struct entry {
  size_t index;
  char *name;            /* relative to the staging directory */
  char sha1[41];
  int64_t size;
  bool recorded;         /* verified in this run (or skipped as such) */
};

struct sf_stage {
  char *archive;
  char *dir;
  char *manifest;
  struct entry *v;
  size_t n;
  size_t cap;
};

const char *
stage_dir(const struct sf_stage *s)
{
  return s->dir;
}

static struct entry *
find(struct sf_stage *s, const char *name)
{
  size_t i;

  for(i = 0; i < s->n; i++)
    if(!strcmp(s->v[i].name, name))
      return &s->v[i];
  return NULL;
}

static struct entry *
add(struct sf_stage *s, const char *name)
{
  struct entry *e = find(s, name);

  if(e)
    return e;
  if(s->n == s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 64;
    struct entry *v = realloc(s->v, cap * sizeof(*v));
    if(!v)
      return NULL;
    s->v = v;
    s->cap = cap;
  }
  e = &s->v[s->n];
  memset(e, 0, sizeof(*e));
  e->name = strdup(name);
  if(!e->name)
    return NULL;
  s->n++;
  return e;
}

/* The manifest, opened as atomic.c opens sidecars (never through a link,
   only a regular file of ours); APPEND: for adding a line. */
static FILE *
open_manifest(const struct sf_stage *s, bool append)
{
  int fd = atomic_open_sidecar(s->manifest, append);
  FILE *f = NULL;

  if(fd >= 0 && (!append || lseek(fd, 0, SEEK_END) >= 0))
    f = fdopen(fd, append ? "a" : "r");
  if(!f && fd >= 0)
    close(fd);
  return f;
}

/* Is DIR a directory of ours, not a link planted in its place? */
static bool
own_dir(const char *dir)
{
  struct stat sb;

  return !lstat(dir, &sb) && S_ISDIR(sb.st_mode) && sb.st_uid == geteuid();
}

/* Manifest lines: 40 hex, space, size, space, name. */
static void
load_manifest(struct sf_stage *s)
{
  FILE *f = open_manifest(s, false);
  char *line = NULL;
  size_t cap = 0;
  ssize_t n;

  if(!f)
    return;
  while((n = getline(&line, &cap, f)) > 0) {
    char sha1[41];
    long long size;
    int used = 0;
    struct entry *e;
    if(line[n - 1] == '\n')
      line[n - 1] = '\0';
    if(sscanf(line, "%40[0-9a-f] %lld %n", sha1, &size, &used) != 2 ||
       !used || !line[used] || strlen(sha1) != 40)
      continue;
    e = add(s, line + used);
    if(e) {
      memcpy(e->sha1, sha1, sizeof(e->sha1));
      e->size = size;
      e->index = (size_t)-1;
    }
  }
  free(line);
  fclose(f);
}

/* An archive that exists without its staging directory is somebody's
   finished file: exit 7 unless --overwrite, as for any output. */
static enum sf_err
check_existing(const struct sf_stage *s, bool overwrite,
               struct sf_error *err)
{
  struct stat sb;

  if(overwrite || lstat(s->archive, &sb) || !lstat(s->dir, &sb))
    return SF_OK;
  return error_set(err, SF_E_EXISTS,
                   _("'%s' exists (use --overwrite to replace it)"),
                   s->archive);
}

enum sf_err
stage_open(const char *archive, bool overwrite, struct sf_stage **out,
           struct sf_error *err)
{
  struct sf_stage *s = calloc(1, sizeof(*s));
  int made;

  *out = NULL;
  if(!s)
    return SF_E_NOMEM;
  s->archive = strdup(archive);
  s->dir = malloc(strlen(archive) + 8);
  s->manifest = malloc(strlen(archive) + 32);
  if(!s->archive || !s->dir || !s->manifest) {
    stage_free(s);
    return SF_E_NOMEM;
  }
  snprintf(s->dir, strlen(archive) + 8, "%s.sfdir", archive);
  snprintf(s->manifest, strlen(archive) + 32, "%s/%s", s->dir, MANIFEST);
  if(check_existing(s, overwrite, err)) {
    stage_free(s);
    return SF_E_EXISTS;
  }
  made = fname_mkdirs(s->dir);
  if(!made && !own_dir(s->dir)) {
    errno = ENOTDIR; /* a link or another's file planted in its place */
    made = -1;
  }
  if(made) {
    error_set(err, SF_E_IO, _("cannot create staging directory '%s': %s"),
              s->dir, strerror(errno));
    stage_free(s);
    return SF_E_IO;
  }
  load_manifest(s);
  *out = s;
  return SF_OK;
}

/* OUTPUT relative to the staging directory, or NULL when outside it. */
static const char *
relative(const struct sf_stage *s, const char *output)
{
  size_t n = strlen(s->dir);

  if(strncmp(output, s->dir, n) || output[n] != '/')
    return NULL;
  return output + n + 1;
}

bool
stage_prior(void *ctx, const char *output, struct sf_expect *out)
{
  struct sf_stage *s = ctx;
  const char *rel = relative(s, output);
  struct entry *e = rel ? find(s, rel) : NULL;

  if(!e || !e->sha1[0])
    return false;
  out->size = e->size;
  memcpy(out->sha1, e->sha1, sizeof(out->sha1));
  return true;
}

enum sf_err
stage_record(struct sf_stage *s, size_t index, const char *output,
             const char *sha1, int64_t size)
{
  const char *rel = relative(s, output);
  struct entry *e;
  FILE *f;

  if(!rel)
    return SF_OK; /* -o outside the staging directory: not archived */
  e = add(s, rel);
  if(!e)
    return SF_E_NOMEM;
  e->index = index;
  e->size = size;
  e->recorded = true;
  snprintf(e->sha1, sizeof(e->sha1), "%s", sha1);
  f = open_manifest(s, true);
  if(!f)
    return SF_E_IO;
  fprintf(f, "%s %lld %s\n", e->sha1, (long long)size, rel);
  return fclose(f) ? SF_E_IO : SF_OK;
}

static int
by_index(const void *a, const void *b)
{
  const struct entry *x = a;
  const struct entry *y = b;

  return (x->index > y->index) - (x->index < y->index);
}

/* "sha1  name" lines of every recorded entry, in archive order. */
static char *
sha1sums(const struct sf_stage *s, size_t *len)
{
  size_t cap = 1;
  size_t i;
  char *buf;

  for(i = 0; i < s->n; i++)
    cap += strlen(s->v[i].name) + 44;
  buf = malloc(cap);
  if(!buf)
    return NULL;
  *len = 0;
  for(i = 0; i < s->n; i++)
    if(s->v[i].recorded)
      *len += (size_t)snprintf(buf + *len, cap - *len, "%s  %s\n",
                               s->v[i].sha1, s->v[i].name);
  return buf;
}

static enum sf_err
write_archive(struct sf_stage *s, volatile sig_atomic_t *stop,
              struct sf_error *err)
{
  struct sf_archive *a = NULL;
  enum sf_err rc = archive_out_open(s->archive, &a, err);
  size_t len = 0;
  char *sums = NULL;
  size_t i;

  if(!rc)
    archive_out_set_stop(a, stop);
  for(i = 0; !rc && i < s->n; i++) {
    char *path;
    if(!s->v[i].recorded)
      continue;
    path = fname_join(s->dir, s->v[i].name);
    rc = path ? archive_out_add_file(a, path, s->v[i].name, 0, err)
              : SF_E_NOMEM;
    free(path);
  }
  if(!rc) {
    sums = sha1sums(s, &len);
    rc = sums ? archive_out_add_buffer(a, "SHA1SUMS", sums, len, time(NULL),
                                       err)
              : SF_E_NOMEM;
  }
  free(sums);
  if(!rc)
    return archive_out_commit(a, err);
  archive_out_abort(a);
  return rc;
}

/* Every file is in the committed archive: the staging area goes. */
static void
remove_staging(struct sf_stage *s)
{
  size_t i;

  for(i = 0; i < s->n; i++) {
    char *path = fname_join(s->dir, s->v[i].name);
    char *slash;
    if(!path)
      continue;
    unlink(path);
    while((slash = strrchr(path, '/')) && slash > path + strlen(s->dir)) {
      *slash = '\0';
      rmdir(path); /* subdirectories of "output" names, if now empty */
    }
    free(path);
  }
  unlink(s->manifest);
  rmdir(s->dir);
}

/* SF_E_EXISTS when the archive already there holds more files than this
   run would write (an entry that failed this time would be lost). */
static enum sf_err
check_shrink(const struct sf_stage *s, volatile sig_atomic_t *stop,
             struct sf_error *err)
{
  struct stat sb;
  long held;
  size_t n = 0;
  size_t i;

  if(stat(s->archive, &sb))
    return SF_OK;
  held = archive_out_count_files(s->archive, stop);
  if(stop && *stop)
    return error_set(err, error_for_signal((int)*stop), "%s",
                     error_text(error_for_signal((int)*stop)));
  for(i = 0; i < s->n; i++)
    n += s->v[i].recorded;
  if(held <= (long)n)
    return SF_OK;
  return error_set(err, SF_E_EXISTS,
                   _("'%s' holds %ld files, this run verified only %zu: the "
                     "archive is kept (the files wait in '%s'; rerun to "
                     "complete it)"), s->archive, held, n, s->dir);
}

enum sf_err
stage_commit(struct sf_stage *s, bool all_ok, volatile sig_atomic_t *stop,
             struct sf_error *err)
{
  enum sf_err rc;

  if(s->n > 1)
    qsort(s->v, s->n, sizeof(*s->v), by_index);
  rc = check_shrink(s, stop, err);
  if(!rc)
    rc = write_archive(s, stop, err);
  if(!rc && all_ok)
    remove_staging(s);
  return rc;
}

void
stage_free(struct sf_stage *s)
{
  size_t i;

  if(!s)
    return;
  for(i = 0; i < s->n; i++)
    free(s->v[i].name);
  free(s->v);
  free(s->archive);
  free(s->dir);
  free(s->manifest);
  free(s);
}
