/* SPDX-License-Identifier: GPL-3.0-or-later */
/* token.c owns provider tokens that sigfetch obtains itself from app
   credentials (CLI.md "Configuration"), and their cache: one JSON file per
   provider and app id in $XDG_CACHE_HOME/sigfetch/ (directory 0700, files
   0600), replaced atomically, renewed under an flock so that concurrent
   runs ask the provider once.  It is the only file a secret goes to. */
#include "token.h"

#include <cjson/cJSON.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "digest.h"
#include "atomic.h"
#include "redact.h"

#define CACHE_VERSION 1
#define CACHE_MAX_BYTES 65536

void
token_wipe(char *secret)
{
  if(secret)
    memset(secret, 0, strlen(secret));
  free(secret);
}

void
token_free(struct sf_token *t)
{
  if(!t)
    return;
  token_wipe(t->value);
  free(t->corp_id);
  memset(t, 0, sizeof(*t));
}

char *
token_cache_dir(void)
{
  const char *xdg = getenv("XDG_CACHE_HOME");
  const char *home = getenv("HOME");
  const char *base;
  const char *tail;
  char *p;
  size_t n;

  /* XDG: a relative value is to be ignored */
  if(xdg && xdg[0] == '/') {
    base = xdg;
    tail = "/sigfetch";
  }
  else if(home && home[0] == '/') {
    base = home;
    tail = "/.cache/sigfetch";
  }
  else
    return NULL;
  n = strlen(base) + strlen(tail) + 1;
  p = malloc(n);
  if(p)
    snprintf(p, n, "%s%s", base, tail);
  return p;
}

/* DIR, created 0700 with its parent when missing; ours and private. */
static bool
ensure_dir(const char *dir)
{
  char *parent = strdup(dir);
  char *slash = parent ? strrchr(parent, '/') : NULL;
  struct stat sb;

  if(slash && slash != parent) {
    *slash = '\0';
    if(mkdir(parent, 0700) && errno != EEXIST)
      slash = NULL;
  }
  free(parent);
  if(!slash || (mkdir(dir, 0700) && errno != EEXIST))
    return false;
  if(lstat(dir, &sb) || !S_ISDIR(sb.st_mode) || sb.st_uid != geteuid())
    return false;
  return !(sb.st_mode & 077) || !chmod(dir, 0700);
}

/* DIR/PROVIDER-APPID SUFFIX, the app id reduced to [A-Za-z0-9._-]. */
static char *
cache_file(const char *dir, const struct sf_token_src *src,
           const char *suffix)
{
  const char *id = src->app_id ? src->app_id : "default";
  size_t n = strlen(dir) + strlen(src->provider) + strlen(id) +
             strlen(suffix) + 3;
  char *p = malloc(n);
  char *s;

  if(!p)
    return NULL;
  snprintf(p, n, "%s/%s-%s%s", dir, src->provider, id, suffix);
  for(s = p + strlen(dir) + 1; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if(!(c == '.' || c == '-' || c == '_' || (c >= '0' && c <= '9') ||
         (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
      *s = '_';
  }
  return p;
}

char *
token_cache_path(const char *dir, const struct sf_token_src *src)
{
  return cache_file(dir, src, ".json");
}

static bool
scope_hash(const struct sf_token_src *src, char out[SF_HEX_MAX])
{
  const char *s = src->scope ? src->scope : "";

  return digest_buffer(SF_DIGEST_SHA256, s, strlen(s), out) == SF_OK;
}

static char *
cache_json(const struct sf_token_src *src, const struct sf_token *t)
{
  cJSON *o = cJSON_CreateObject();
  char hash[SF_HEX_MAX];
  char *text = NULL;

  if(o && scope_hash(src, hash) &&
     cJSON_AddNumberToObject(o, "version", CACHE_VERSION) &&
     cJSON_AddStringToObject(o, "provider", src->provider) &&
     cJSON_AddStringToObject(o, "scope", hash) &&
     cJSON_AddStringToObject(o, "token", t->value) &&
     (!t->corp_id || cJSON_AddStringToObject(o, "corp_id", t->corp_id)) &&
     cJSON_AddNumberToObject(o, "expires_at", (double)t->expires_at) &&
     cJSON_AddNumberToObject(o, "fetched_at", (double)t->fetched_at))
    text = cJSON_PrintUnformatted(o);
  cJSON_Delete(o);
  return text;
}

/* Write T to PATH atomically (temporary file, mode 0600, rename). */
static enum sf_err
token_cache_write(const char *path, const struct sf_token_src *src,
                  const struct sf_token *t)
{
  char *text = cache_json(src, t);
  enum sf_err rc = SF_E_NOMEM;

  if(text) {
    rc = atomic_write_file(path, text, 0600,
                          SF_WRITE_PRIVATE | SF_WRITE_SYNC, NULL);
    memset(text, 0, strlen(text));
  }
  free(text);
  return rc;
}

/* The whole of PATH when it is a small regular file of ours, or NULL. */
static char *
read_private(const char *path)
{
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  struct stat sb;
  char *buf = NULL;
  ssize_t got = -1;

  if(fd < 0)
    return NULL;
  if(!fstat(fd, &sb) && S_ISREG(sb.st_mode) && sb.st_uid == geteuid() &&
     sb.st_size < CACHE_MAX_BYTES) {
    buf = malloc((size_t)sb.st_size + 1);
    if(buf)
      got = read(fd, buf, (size_t)sb.st_size);
  }
  close(fd);
  if(buf && got == (ssize_t)sb.st_size) {
    buf[got] = '\0';
    return buf;
  }
  free(buf);
  return NULL;
}

static bool
cache_fill(const cJSON *o, const struct sf_token_src *src,
           struct sf_token *t)
{
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "version");
  const cJSON *tok = cJSON_GetObjectItemCaseSensitive(o, "token");
  const cJSON *scope = cJSON_GetObjectItemCaseSensitive(o, "scope");
  const cJSON *corp = cJSON_GetObjectItemCaseSensitive(o, "corp_id");
  const cJSON *exp = cJSON_GetObjectItemCaseSensitive(o, "expires_at");
  const cJSON *at = cJSON_GetObjectItemCaseSensitive(o, "fetched_at");
  char hash[SF_HEX_MAX];

  if(!cJSON_IsNumber(v) || v->valueint != CACHE_VERSION ||
     !cJSON_IsString(tok) || !tok->valuestring[0] || !cJSON_IsString(scope) ||
     !scope_hash(src, hash) || strcmp(scope->valuestring, hash) ||
     !cJSON_IsNumber(exp) || !cJSON_IsNumber(at))
    return false;
  /* a cached token is masked from the moment it is read, like a
     configured one */
  if(!redact_add_secret(tok->valuestring))
    return false;
  t->value = strdup(tok->valuestring);
  t->corp_id = cJSON_IsString(corp) ? strdup(corp->valuestring) : NULL;
  t->expires_at = (time_t)exp->valuedouble;
  t->fetched_at = (time_t)at->valuedouble;
  return t->value != NULL;
}

enum sf_err
token_cache_read(const char *path, const struct sf_token_src *src,
                 struct sf_token *t)
{
  char *text = read_private(path);
  cJSON *o = text ? cJSON_Parse(text) : NULL;
  bool ok;

  memset(t, 0, sizeof(*t));
  ok = cJSON_IsObject(o) && cache_fill(o, src, t);
  if(text)
    memset(text, 0, strlen(text));
  free(text);
  cJSON_Delete(o);
  if(!ok) {
    token_free(t);
    return SF_E_NOT_FOUND;
  }
  return SF_OK;
}

/* A cached token that is still good and is not REJECTED. */
static bool
cache_usable(const char *path, const struct sf_token_src *src,
             const char *rejected, struct sf_token *t)
{
  if(!path || token_cache_read(path, src, t))
    return false;
  if((!t->expires_at || t->expires_at - SF_TOKEN_MARGIN_S > time(NULL)) &&
     !(rejected && !strcmp(rejected, t->value)))
    return true;
  token_free(t);
  return false;
}

/* Was REJECTED fetched moments ago, as the cache at PATH says? */
static bool
just_fetched(const char *path, const struct sf_token_src *src,
             const char *rejected)
{
  struct sf_token t;
  bool fresh;

  if(!rejected || !path || token_cache_read(path, src, &t))
    return false;
  fresh = !strcmp(t.value, rejected) &&
          time(NULL) - t.fetched_at < SF_TOKEN_FRESH_S;
  token_free(&t);
  return fresh;
}

/* Under the lock: another run may have renewed already; else fetch. */
static enum sf_err
renew(const struct sf_token_src *src, const char *path, const char *rejected,
      struct sf_token *out, struct sf_error *err)
{
  bool force = just_fetched(path, src, rejected);
  enum sf_err rc;

  if(cache_usable(path, src, rejected, out))
    return SF_OK;
  if(path && rejected)
    unlink(path);                 /* drop the refused token */
  memset(out, 0, sizeof(*out));
  rc = src->fetch(src->ctx, force, out, err);
  if(rc) {
    token_free(out);
    return rc;
  }
  out->fetched_at = time(NULL);
  if(path)
    token_cache_write(path, src, out);  /* failure only costs a fetch */
  return SF_OK;
}

enum sf_err
token_get(const struct sf_token_src *src, const char *rejected,
          struct sf_token *out, struct sf_error *err)
{
  char *dir = token_cache_dir();
  char *path = NULL;
  char *lock = NULL;
  int fd = -1;
  enum sf_err rc;

  memset(out, 0, sizeof(*out));
  if(dir && ensure_dir(dir)) {
    path = token_cache_path(dir, src);
    lock = cache_file(dir, src, ".lock");
  }
  if(cache_usable(path, src, rejected, out)) {
    rc = SF_OK;
    goto done;
  }
  if(lock)
    fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  while(fd >= 0 && flock(fd, LOCK_EX) && errno == EINTR)
    ;
  rc = renew(src, path, rejected, out, err);
  if(fd >= 0)
    close(fd);                    /* releases the lock */
done:
  free(lock);
  free(path);
  free(dir);
  return rc;
}

/* The N strings of PARTS joined by newlines, or NULL. */
static char *
join_scope(const char *const *parts, size_t n)
{
  size_t len = 1;
  size_t i;
  char *out;

  for(i = 0; i < n; i++)
    len += strlen(parts[i] ? parts[i] : "") + 1;
  out = malloc(len);
  if(!out)
    return NULL;
  out[0] = '\0';
  for(i = 0; i < n; i++) {
    if(i)
      strncat(out, "\n", len - strlen(out) - 1);
    strncat(out, parts[i] ? parts[i] : "", len - strlen(out) - 1);
  }
  return out;
}

enum sf_err
token_renew(const struct sf_token_src *src, const char *const *scope,
            size_t n, const char *rejected, char **token, char **corp_id,
            time_t *fetched_at, struct sf_error *err)
{
  struct sf_token_src s = *src;
  struct sf_token t;
  char *joined = join_scope(scope, n);
  enum sf_err rc;

  if(!joined)
    return error_set(err, SF_E_NOMEM, "%s", error_text(SF_E_NOMEM));
  s.scope = joined;
  rc = token_get(&s, rejected, &t, err);
  token_wipe(joined);
  if(rc)
    return rc;
  token_wipe(*token);
  *token = t.value;
  t.value = NULL;
  if(corp_id) {
    free(*corp_id);
    *corp_id = t.corp_id;
    t.corp_id = NULL;
  }
  if(fetched_at)
    *fetched_at = t.fetched_at;
  token_free(&t);
  return SF_OK;
}
