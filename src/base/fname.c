/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fname.c decides the names of output files that do not come from the
   user (CLI.md "Output names"): a provider or server can never make us
   write outside the output directory or create a hidden or option-like
   file. */
#include "fname.h"

#include "atomic.h"

#include <curl/curl.h>
#include <inttypes.h>
#include <strings.h>
#include <sys/stat.h>

/* The names sigfetch writes beside an output (atomic.h): a name given by
   a stranger that ends in one of them would be another output's partial
   or state file. */
static const char *const sidecars[] = {
  SF_PART_SUFFIX, SF_STATE_SUFFIX, SF_STATE_SUFFIX ".tmp"
};

size_t
fname_sidecar_stem(const char *name)
{
  size_t len = strlen(name);
  bool again = true;
  size_t i;

  while(again) {
    again = false;
    for(i = 0; i < countof(sidecars); i++) {
      size_t n = strlen(sidecars[i]);
      if(len > n && !strncasecmp(name + len - n, sidecars[i], n)) {
        len -= n;
        again = true;
      }
    }
  }
  return len;
}

/* A 32-bit FNV-1a hash of S: tells two shortened names apart. */
static uint32_t
fnv1a(const char *s)
{
  uint32_t h = 2166136261u;

  for(; *s; s++) {
    h ^= (unsigned char)*s;
    h *= 16777619u;
  }
  return h;
}

/* Shorten NAME in place to SF_NAME_MAX bytes as wget does: the start of
   the name cut on a UTF-8 character boundary, "-" and a hash of the whole
   name (so two long names with one prefix stay two files), and the
   extension (up to 16 bytes) kept. */
static void
shorten(char *name)
{
  size_t len = strlen(name);
  const char *dot = strrchr(name, '.');
  size_t ext = 0;
  char tail[32];
  char tag[16];
  size_t keep;
  int back;

  if(len <= SF_NAME_MAX)
    return;
  if(dot && dot != name && strlen(dot) <= 16)
    ext = strlen(dot);
  snprintf(tag, sizeof(tag), "-%08" PRIx32, fnv1a(name));
  snprintf(tail, sizeof(tail), "%s%s", tag, name + len - ext);
  keep = SF_NAME_MAX - strlen(tail);
  /* name[keep] continues a character: cut before that one; a character
     has at most 3 continuation bytes, and a run of stray ones (not UTF-8)
     must not eat the whole start and leave a name beginning with '-' */
  for(back = 0; back < 3 && ((unsigned char)name[keep] & 0xC0) == 0x80;
      back++)
    keep--;
  memcpy(name + keep, tail, strlen(tail) + 1);
}

char *
fname_sanitize(const char *name)
{
  size_t len = strlen(name);
  char *out = malloc(len + 2);
  char *o = out;
  const char *s;

  if(!out)
    return NULL;
  for(s = name; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if(c < 0x20 || c == 0x7f)
      continue;
    /* U+0080..U+009F in UTF-8: C1 controls (U+009B is a terminal's CSI) */
    if(c == 0xc2 && (unsigned char)s[1] >= 0x80 &&
       (unsigned char)s[1] <= 0x9f) {
      s++;
      continue;
    }
    *o++ = (c == '/' || c == '\\') ? '_' : (char)c;
  }
  *o = '\0';
  /* ".." inside a name cannot climb once '/' is gone, but a name made only
     of dots, or starting with '.' or '-', is refused by stripping. */
  s = out;
  while(*s == '.' || *s == '-' || *s == ' ')
    s++;
  memmove(out, s, strlen(s) + 1);
  if(!*out) {
    free(out);
    return NULL;
  }
  len = strlen(out);
  if(fname_sidecar_stem(out) != len) {
    out[len] = '_'; /* room was allocated for it */
    out[len + 1] = '\0';
  }
  shorten(out);
  return out;
}

char *
fname_from_url(const char *url)
{
  const char *scheme = strstr(url, "://");
  const char *start;
  const char *end;
  const char *seg;
  char *raw;
  char *decoded;
  char *name;

  if(scheme && scheme > url + strcspn(url, "?#"))
    scheme = NULL; /* a "://" in the query or fragment is no scheme */
  if(scheme) {
    start = strchr(scheme + 3, '/'); /* the path, after the host */
    if(!start || start > url + strcspn(url, "?#"))
      return strdup("index.html");
  }
  else /* a provider locator "scheme:rest" */
    start = strchr(url, ':') ? strchr(url, ':') + 1 : url;
  end = start + strcspn(start, "?#");
  if(end == start || end[-1] == '/')
    return strdup("index.html"); /* a directory: wget's choice too */
  for(seg = end; seg > start && seg[-1] != '/' && seg[-1] != ':'; seg--)
    ;
  raw = strndup(seg, (size_t)(end - seg));
  if(!raw)
    return NULL;
  decoded = curl_easy_unescape(NULL, raw, 0, NULL);
  free(raw);
  if(!decoded)
    return NULL;
  name = fname_sanitize(decoded);
  curl_free(decoded);
  return name ? name : strdup("index.html");
}

char *
fname_join(const char *dir, const char *name)
{
  size_t n;
  char *out;

  if(!dir || !strcmp(dir, ".") || name[0] == '/')
    return strdup(name);
  n = strlen(dir) + strlen(name) + 2;
  out = malloc(n);
  if(out)
    snprintf(out, n, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/",
             name);
  return out;
}

int
fname_mkdirs(const char *dir)
{
  char *path = strdup(dir);
  char *p;
  int rc = 0;

  if(!path)
    return -1;
  for(p = path + 1; rc == 0; p++) {
    bool end = *p == '\0';
    if(*p != '/' && !end)
      continue;
    *p = '\0';
    if(mkdir(path, 0777) && errno != EEXIST)
      rc = -1;
    if(end)
      break;
    *p = '/';
  }
  free(path);
  return rc;
}

bool
fname_climbs(const char *path)
{
  const char *p = path;

  while(*p) {
    size_t n = strcspn(p, "/");
    if(n == 2 && p[0] == '.' && p[1] == '.')
      return true;
    p += n;
    p += *p == '/';
  }
  return false;
}

/* Is the last component of OUT[0, O) ".." (which ".." cannot fold)? */
static bool
last_is_dotdot(const char *out, size_t o)
{
  size_t s = o;

  while(s > 0 && out[s - 1] != '/')
    s--;
  return o - s == 2 && out[s] == '.' && out[s + 1] == '.';
}

char *
fname_normalize(const char *path)
{
  size_t len = strlen(path);
  char *out = malloc(len + 2);
  size_t o = 0;
  const char *p = path;
  bool abs = *path == '/';

  if(!out)
    return NULL;
  while(*p) {
    size_t n = strcspn(p, "/");
    if(n == 0 || (n == 1 && p[0] == '.')) {
      /* "//" and "/./" add nothing */
    }
    else if(n == 2 && p[0] == '.' && p[1] == '.' && o > 0 &&
            !last_is_dotdot(out, o)) {
      while(o > 0 && out[o - 1] != '/')
        o--; /* drop the last component */
      if(o > 0)
        o--;
    }
    else {
      if(o > 0 || abs)
        out[o++] = '/';
      memcpy(out + o, p, n);
      o += n;
    }
    p += n;
    p += *p == '/';
  }
  if(!o && abs)
    out[o++] = '/';
  else if(!o)
    out[o++] = '.';
  out[o] = '\0';
  return out;
}
