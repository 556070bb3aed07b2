/* SPDX-License-Identifier: GPL-3.0-or-later */
/* input.c reads locators: the command line first, then the -i list (a
   file or standard input), one locator or one JSON object per line.  The
   list is read twice: once to check every line before anything starts,
   once to stream the items to the run, so 100,000 lines need no more
   memory than a few. */
#include "input.h"

#include <cjson/cJSON.h>
#include <ctype.h>

#include "digest.h"
#include "fname.h"
#include "redact.h"
#include "resolver.h"
#include "url.h"

/* Longest locator and longest header line accepted from the command line
   or a list: far beyond any real signed URL, far below what makes libcurl
   refuse a request (its 1 MiB request buffer). */
#define INPUT_MAX_LOCATOR (64 * 1024)
#define INPUT_MAX_HEADER (64 * 1024)
#define UTF8_BOM "\xef\xbb\xbf"

struct out_name {
  char *name;
  size_t stem;   /* NAME without sidecar suffixes: NAME.sfpart is NAME's */
  size_t line;
};

struct names {
  struct out_name *v;
  size_t n;
  size_t cap;
};

struct sf_input {
  const struct sf_options *opts;
  size_t argi;             /* next command-line locator */
  FILE *list;              /* -i, rewound after the check */
  bool close_list;
  const char *list_name;
  size_t line;
  size_t index;
  size_t count;            /* locators found by the check */
  char *buf;
  size_t cap;
  size_t len;              /* bytes in buf, NULs included */
};

void
input_item_free(struct sf_input_item *it)
{
  size_t i;

  free(it->locator);
  free(it->output);
  for(i = 0; i < it->n_headers; i++)
    free(it->headers[i]);
  free(it->headers);
  memset(it, 0, sizeof(*it));
  it->expect.size = -1;
}

/* Copy a hex digest of LEN digits from V into DST (lower case). */
static bool
take_hex(const cJSON *v, size_t len, char *dst)
{
  size_t i;

  if(!cJSON_IsString(v) || strlen(v->valuestring) != len)
    return false;
  for(i = 0; i < len; i++) {
    int c = tolower((unsigned char)v->valuestring[i]);
    if(!isxdigit(c))
      return false;
    dst[i] = (char)c;
  }
  dst[len] = '\0';
  return true;
}

static bool
take_headers(const cJSON *v, struct sf_input_item *it)
{
  const cJSON *h;

  if(!cJSON_IsObject(v))
    return false;
  it->headers = calloc((size_t)cJSON_GetArraySize(v) + 1,
                       sizeof(*it->headers));
  if(!it->headers)
    return false;
  cJSON_ArrayForEach(h, v) {
    size_t n;
    if(!cJSON_IsString(h) || !*h->string || strpbrk(h->string, ":\r\n") ||
       strpbrk(h->valuestring, "\r\n"))
      return false;
    n = strlen(h->string) + strlen(h->valuestring) + 3;
    it->headers[it->n_headers] = malloc(n);
    if(!it->headers[it->n_headers])
      return false;
    snprintf(it->headers[it->n_headers++], n, "%s: %s", h->string,
             h->valuestring);
  }
  return true;
}

/* One member of a JSON line; false names a bad member in *BAD. */
static bool
take_member(const cJSON *m, struct sf_input_item *it)
{
  const char *k = m->string;

  /* a member given twice is refused like an unknown one */
  if(!strcmp(k, "locator") && cJSON_IsString(m) && *m->valuestring &&
     !it->locator)
    return (it->locator = strdup(m->valuestring)) != NULL;
  if(!strcmp(k, "output") && cJSON_IsString(m) && *m->valuestring &&
     !it->output)
    return (it->output = strdup(m->valuestring)) != NULL;
  if(!strcmp(k, "sha1") && !it->expect.sha1[0])
    return take_hex(m, 40, it->expect.sha1);
  if(!strcmp(k, "sha256") && !it->expect.sha256[0])
    return take_hex(m, 64, it->expect.sha256);
  if(!strcmp(k, "md5") && !it->expect.md5[0])
    return take_hex(m, 32, it->expect.md5);
  if(!strcmp(k, "size") && cJSON_IsNumber(m) && m->valuedouble >= 0 &&
     m->valuedouble < 9e18 && it->expect.size < 0 &&
     m->valuedouble == (double)(int64_t)m->valuedouble) {
    it->expect.size = (int64_t)m->valuedouble;
    return true;
  }
  if(!strcmp(k, "headers") && !it->headers)
    return take_headers(m, it);
  return false;
}

/* Does the JSON text S hold the escape \u0000 (which cJSON turns into a
   NUL that cuts its string short)?  Escapes are taken in pairs, so an
   escaped backslash before "u0000" is no match. */
static bool
has_nul_escape(const char *s)
{
  for(; *s; s++) {
    if(*s != '\\')
      continue;
    if(s[1] == 'u' && !strncmp(s + 2, "0000", 4))
      return true;
    if(s[1])
      s++;
  }
  return false;
}

static enum sf_err
parse_json_line(const char *line, struct sf_input_item *it,
                struct sf_error *err)
{
  cJSON *o;
  const cJSON *m;
  enum sf_err rc = SF_OK;

  if(has_nul_escape(line))
    return error_set(err, SF_E_USAGE, _("NUL character (\\u0000) in a "
                                        "string"));
  o = cJSON_Parse(line);
  if(!cJSON_IsObject(o)) {
    cJSON_Delete(o);
    return error_set(err, SF_E_USAGE, _("not a JSON object"));
  }
  cJSON_ArrayForEach(m, o) {
    if(!take_member(m, it)) {
      rc = error_set(err, SF_E_USAGE,
                     _("bad, repeated or unknown member \"%.64s\" (known: "
                       "locator, output, sha1, sha256, md5, size, headers)"),
                     m->string);
      break;
    }
  }
  if(!rc && !it->locator)
    rc = error_set(err, SF_E_USAGE, _("no \"locator\" member"));
  cJSON_Delete(o);
  return rc;
}

/* Parse one -i line (no newline) into IT: a bare locator, or a JSON
   object with locator, output, sha1, sha256, md5, size, headers.  Blank
   and '#' lines leave it->locator NULL.  Pure: safe for fuzzing. */
static enum sf_err
input_parse_line(const char *line, struct sf_input_item *it,
                 struct sf_error *err)
{
  const char *s = line;
  size_t n;

  input_item_free(it);
  while(isspace((unsigned char)*s))
    s++;
  n = strlen(s);
  while(n && isspace((unsigned char)s[n - 1]))
    n--;
  if(!n || *s == '#')
    return SF_OK;
  if(*s == '{') {
    char *copy = strndup(s, n);
    enum sf_err rc = copy ? parse_json_line(copy, it, err) : SF_E_NOMEM;
    free(copy);
    if(rc)
      input_item_free(it);
    return rc;
  }
  if(memchr(s, ' ', n) || memchr(s, '\t', n))
    return error_set(err, SF_E_USAGE,
                     _("one locator per line (or a JSON object)"));
  it->locator = strndup(s, n);
  return it->locator ? SF_OK : SF_E_NOMEM;
}

/* Read the next line of IN's list into in->buf (its length in in->len);
   a UTF-8 byte-order mark opening the list is dropped.  False at the
   end. */
static bool
read_line(struct sf_input *in)
{
  ssize_t n = getline(&in->buf, &in->cap, in->list);

  if(n < 0)
    return false;
  in->line++;
  if(n && in->buf[n - 1] == '\n')
    in->buf[--n] = '\0';
  if(in->line == 1 && n >= 3 && !memcmp(in->buf, UTF8_BOM, 3)) {
    memmove(in->buf, in->buf + 3, (size_t)n - 2);
    n -= 3;
  }
  in->len = (size_t)n;
  return true;
}

/* A line holding a NUL byte would be cut short by every string function
   after it: refuse it rather than read half of it. */
static enum sf_err
check_text(const struct sf_input *in, struct sf_error *err)
{
  if(memchr(in->buf, '\0', in->len))
    return error_set(err, SF_E_USAGE, _("NUL byte in the line (a list is "
                                        "text, one locator a line)"));
  return SF_OK;
}

/* IT's locator and headers within the sizes a request can carry. */
static enum sf_err
check_sizes(const struct sf_input_item *it, struct sf_error *err)
{
  size_t i;

  if(strlen(it->locator) > INPUT_MAX_LOCATOR)
    return error_set(err, SF_E_USAGE,
                     _("locator of %zu bytes (at most %d)"),
                     strlen(it->locator), INPUT_MAX_LOCATOR);
  for(i = 0; i < it->n_headers; i++)
    if(strlen(it->headers[i]) > INPUT_MAX_HEADER)
      return error_set(err, SF_E_USAGE,
                       _("header of %zu bytes (at most %d)"),
                       strlen(it->headers[i]), INPUT_MAX_HEADER);
  return SF_OK;
}

/* The output path IT will be written to, when that is known before
   resolving (an explicit output, or a direct URL's last segment). */
static char *
known_output(const struct sf_options *o, const struct sf_input_item *it)
{
  char *name;
  char *path;

  if(it->output) {
    /* compare files, not spellings: ./a, a and d/../a are one file */
    path = fname_join(o->directory, it->output);
    name = path ? fname_normalize(path) : NULL;
    free(path);
    return name;
  }
  if(!url_is_http(it->locator))
    return NULL;
  name = fname_from_url(it->locator);
  path = name ? fname_join(o->directory, name) : NULL;
  free(name);
  name = path ? fname_normalize(path) : NULL;
  free(path);
  return name;
}

static bool
names_add(struct names *ns, char *name, size_t line)
{
  if(ns->n == ns->cap) {
    size_t cap = ns->cap ? ns->cap * 2 : 256;
    struct out_name *v = realloc(ns->v, cap * sizeof(*v));
    if(!v)
      return false;
    ns->v = v;
    ns->cap = cap;
  }
  ns->v[ns->n].name = name;
  ns->v[ns->n].stem = fname_sidecar_stem(name);
  ns->v[ns->n++].line = line;
  return true;
}

/* Order by stem, so that an output and a name of its partial or state
   file sort together. */
static int
cmp_names(const void *a, const void *b)
{
  const struct out_name *x = a;
  const struct out_name *y = b;
  int c = memcmp(x->name, y->name, x->stem < y->stem ? x->stem : y->stem);

  if(!c)
    c = (x->stem > y->stem) - (x->stem < y->stem);
  return c ? c : (x->line > y->line) - (x->line < y->line);
}

static bool
same_stem(const struct out_name *x, const struct out_name *y)
{
  return x->stem == y->stem && !memcmp(x->name, y->name, x->stem);
}

static enum sf_err
check_duplicates(struct sf_input *in, struct names *ns, struct sf_error *err)
{
  size_t i;

  if(ns->n > 1)
    qsort(ns->v, ns->n, sizeof(*ns->v), cmp_names);
  for(i = 1; i < ns->n; i++)
    if(!same_stem(&ns->v[i - 1], &ns->v[i]))
      continue;
    else if(strcmp(ns->v[i - 1].name, ns->v[i].name) && in->list_name &&
            ns->v[i].line)
      return error_set(err, SF_E_USAGE,
                       _("sigfetch: %s:%zu: output '%s' would be the "
                         "partial or state file of '%s' (line %zu); give "
                         "it another name"),
                       in->list_name, ns->v[i].line, ns->v[i].name,
                       ns->v[i - 1].name, ns->v[i - 1].line);
    else if(!ns->v[i - 1].line || !ns->v[i].line)
      return error_set(err, SF_E_USAGE,
                       _("sigfetch: two locators would both write '%s' "
                         "(use -i with an \"output\" per line)"),
                       ns->v[i].name);
    else if(!strcmp(ns->v[i - 1].name, ns->v[i].name))
      return error_set(err, SF_E_USAGE,
                       _("sigfetch: %s:%zu: output '%s' is also written by "
                         "line %zu (give each line its own \"output\")"),
                       in->list_name, ns->v[i].line, ns->v[i].name,
                       ns->v[i - 1].line);
  return SF_OK;
}

/* Check one item: its locator and its output name. */
static enum sf_err
check_item(struct sf_input *in, struct sf_input_item *it, struct names *ns,
           struct sf_error *err)
{
  char *out;

  if(check_sizes(it, err) || resolver_check(it->locator, err))
    return SF_E_USAGE;
  if(in->opts->archive && it->output &&
     (it->output[0] == '/' || fname_climbs(it->output)))
    return error_set(err, SF_E_USAGE,
                     _("with --archive an \"output\" must stay inside the "
                       "archive: no leading '/', no '..'"));
  out = known_output(in->opts, it);
  if(out && !names_add(ns, out, it->line)) {
    free(out);
    return SF_E_NOMEM;
  }
  return SF_OK;
}

/* Name the file and line in a message about a list line. */
static enum sf_err
at_line(struct sf_input *in, enum sf_err rc, struct sf_error *err)
{
  char msg[sizeof(err->message)];

  snprintf(msg, sizeof(msg), "%s", err->message);
  return error_set(err, rc == SF_E_NOMEM ? rc : SF_E_USAGE,
                   "sigfetch: %s:%zu: %.900s", in->list_name, in->line,
                   msg);
}

/* Name the command-line locator (redacted) in a message about it. */
static enum sf_err
at_locator(const char *locator, struct sf_error *err)
{
  char msg[sizeof(err->message)];
  char *shown = redact_url(locator);

  snprintf(msg, sizeof(msg), "%s", err->message);
  error_set(err, SF_E_USAGE, "sigfetch: %.200s: %.800s", shown ? shown : "?",
            msg);
  free(shown);
  return SF_E_USAGE;
}

/* Pass 1: every line parses, every locator is known, no output twice. */
/* Whether LOCATOR is this run's to handle under --shard (for the "12/20
   files" count; input_next filters the same way). */
static bool
in_my_shard(const struct sf_input *in, const char *locator)
{
  unsigned long shard;

  if(in->opts->shard_n < 2)
    return true;
  return input_shard(locator, in->opts->shard_n, &shard) != SF_OK ||
         shard == in->opts->shard_k;
}

static enum sf_err
check_all(struct sf_input *in, struct sf_error *err)
{
  struct names ns = { NULL, 0, 0 };
  struct sf_input_item it;
  enum sf_err rc = SF_OK;
  size_t i;

  memset(&it, 0, sizeof(it));
  for(i = 0; !rc && i < in->opts->n_locators; i++) {
    input_item_free(&it);
    it.locator = strdup(in->opts->locators[i]);
    it.output = in->opts->output ? strdup(in->opts->output) : NULL;
    rc = it.locator ? check_item(in, &it, &ns, err) : SF_E_NOMEM;
    if(rc && rc != SF_E_NOMEM)
      rc = at_locator(it.locator, err);
    if(!rc && in_my_shard(in, it.locator))
      in->count++;
  }
  for(i = 0; !rc && i < in->opts->n_headers; i++)
    if(strlen(in->opts->headers[i]) > INPUT_MAX_HEADER)
      rc = error_set(err, SF_E_USAGE,
                     _("sigfetch: -H: header of %zu bytes (at most %d)"),
                     strlen(in->opts->headers[i]), INPUT_MAX_HEADER);
  while(!rc && in->list && read_line(in)) {
    rc = check_text(in, err);
    if(!rc)
      rc = input_parse_line(in->buf, &it, err);
    it.line = in->line;
    if(!rc && it.locator) {
      rc = check_item(in, &it, &ns, err);
      if(!rc && in_my_shard(in, it.locator))
        in->count++;
    }
    if(rc)
      rc = at_line(in, rc, err);
  }
  input_item_free(&it);
  if(!rc && in->list && ferror(in->list))
    rc = error_set(err, SF_E_USAGE, _("sigfetch: %s: read error"),
                   in->list_name);
  if(!rc)
    rc = check_duplicates(in, &ns, err);
  for(i = 0; i < ns.n; i++)
    free(ns.v[i].name);
  free(ns.v);
  return rc;
}

/* -i -: standard input can be read only once, so it is copied first. */
static FILE *
spool_stdin(void)
{
  FILE *tmp = tmpfile();
  char buf[65536];
  size_t n;

  if(!tmp)
    return NULL;
  while((n = fread(buf, 1, sizeof(buf), stdin)) > 0)
    if(fwrite(buf, 1, n, tmp) != n)
      break;
  if(ferror(stdin) || ferror(tmp) || fflush(tmp)) {
    fclose(tmp);
    return NULL;
  }
  rewind(tmp);
  return tmp;
}

static enum sf_err
open_list(struct sf_input *in, const char *path, struct sf_error *err)
{
  in->list_name = strcmp(path, "-") ? path : _("standard input");
  in->list = strcmp(path, "-") ? fopen(path, "r") : spool_stdin();
  in->close_list = in->list != NULL;
  if(!in->list)
    return error_set(err, SF_E_USAGE, _("sigfetch: -i %s: %s"), path,
                     strerror(errno));
  return SF_OK;
}

enum sf_err
input_open(const struct sf_options *opts, struct sf_input **out,
           struct sf_error *err)
{
  struct sf_input *in = calloc(1, sizeof(*in));
  enum sf_err rc = SF_E_NOMEM;

  *out = NULL;
  if(!in)
    return rc;
  in->opts = opts;
  in->list_name = "";
  rc = opts->input_file ? open_list(in, opts->input_file, err) : SF_OK;
  if(!rc)
    rc = check_all(in, err);
  if(!rc && in->list) {
    rewind(in->list);
    in->line = 0;
  }
  if(rc) {
    input_close(in);
    return rc;
  }
  *out = in;
  return SF_OK;
}

enum sf_err
input_shard(const char *locator, unsigned long n, unsigned long *shard)
{
  char hex[SF_HEX_MAX];
  char head[17];
  enum sf_err rc = digest_buffer(SF_DIGEST_SHA1, locator, strlen(locator),
                                 hex);

  if(rc)
    return rc;
  /* the first 8 bytes, big-endian: the first 16 hex digits */
  memcpy(head, hex, 16);
  head[16] = '\0';
  *shard = (unsigned long)(strtoull(head, NULL, 16) % n);
  return SF_OK;
}

/* The next item of the input, whichever shard it is in. */
static enum sf_err
next_any(struct sf_input *in, struct sf_input_item *it, bool *eof,
         struct sf_error *err)
{
  enum sf_err rc = SF_OK;

  *eof = false;
  memset(it, 0, sizeof(*it));
  it->expect.size = -1;
  if(in->argi < in->opts->n_locators) {
    const struct sf_options *o = in->opts;
    it->locator = strdup(o->locators[in->argi++]);
    it->output = o->output ? strdup(o->output) : NULL;
    it->expect = o->expect;
    it->index = in->index++;
    return it->locator ? SF_OK : SF_E_NOMEM;
  }
  while(in->list && read_line(in)) {
    rc = check_text(in, err);
    if(!rc)
      rc = input_parse_line(in->buf, it, err);
    if(rc)
      return at_line(in, rc, err); /* the file changed since the check */
    if(it->locator) {
      it->line = in->line;
      it->index = in->index++;
      return SF_OK;
    }
  }
  *eof = true;
  return SF_OK;
}

size_t
input_count(const struct sf_input *in)
{
  return in->count;
}

enum sf_err
input_next(struct sf_input *in, struct sf_input_item *it, bool *eof,
           struct sf_error *err)
{
  const struct sf_options *o = in->opts;
  unsigned long shard;
  enum sf_err rc;

  /* other shards' items are dropped here: never resolved, reported or
     counted (their indexes still count, so lines keep their numbers) */
  for(;;) {
    rc = next_any(in, it, eof, err);
    if(rc || *eof || o->shard_n < 2)
      return rc;
    rc = input_shard(it->locator, o->shard_n, &shard);
    if(rc || shard == o->shard_k)
      return rc;
    input_item_free(it);
  }
}

void
input_close(struct sf_input *in)
{
  if(!in)
    return;
  if(in->close_list)
    fclose(in->list);
  free(in->buf);
  free(in);
}
