/* SPDX-License-Identifier: GPL-3.0-or-later */
/* redact.c owns secret masking (CLI.md "Messages"): every URL and header
   that reaches a message, a verbose trace, a state file or a JSON line
   passes through here first.  It also holds the list of configured
   secrets (config_load fills it, providers add the tokens they obtain)
   that every message is masked with: the only file-scope state of its
   kind, under a lock (a provider may resolve on another thread) and
   cleared at exit. */
#include "redact.h"

#include <langinfo.h>
#include <pthread.h>
#include <strings.h>

#define MASK "***"

/* Names whose values are secret anywhere they appear as headers. */
static const char *const secret_headers[] = {
  "authorization", "proxy-authorization", "cookie", "set-cookie",
  "x-oss-", "x-cos-security-token", "x-amz-security-token",
  "x-acs-security-token", "x-fs-", "token", "accesstoken", "access-token",
  "x-api-key", "api-key", "x-auth-token"
};

/* The configured secrets, longest first so that a secret containing a
   shorter one is masked whole. */
static char **secrets;
static size_t n_secrets;
/* providers add secrets while resolving ahead on run.c's worker, as the
   loop's thread masks messages */
static pthread_mutex_t secrets_lock = PTHREAD_MUTEX_INITIALIZER;

/* Append LEN bytes of SRC to the growing buffer at *DST. */
static void
put(char **dst, const char *src, size_t len)
{
  memcpy(*dst, src, len);
  *dst += len;
}

/* Copy [q, end) of a query string with every value masked. */
static void
mask_query(char **dst, const char *q, const char *end)
{
  while(q < end) {
    const char *amp = memchr(q, '&', (size_t)(end - q));
    const char *stop = amp ? amp : end;
    const char *eq = memchr(q, '=', (size_t)(stop - q));

    if(eq) {
      put(dst, q, (size_t)(eq - q) + 1);
      put(dst, MASK, strlen(MASK));
    }
    else if(stop > q)
      put(dst, MASK, strlen(MASK));
    if(amp)
      put(dst, "&", 1);
    q = amp ? amp + 1 : end;
  }
}

/* The first "://" in [S, END), or NULL: never looks past END. */
static const char *
find_scheme_end(const char *s, const char *end)
{
  for(; end - s >= 3; s++)
    if(s[0] == ':' && s[1] == '/' && s[2] == '/')
      return s;
  return NULL;
}

/* Mask a URL of LEN bytes; KEEP_QUERY false drops the query entirely.
   Every search is bounded by the one before it, so that
   url <= auth <= at < path <= q <= frag <= end always holds, whatever
   order '?', '#', '@' and "://" come in (a '?' before "://" makes the
   rest query, not authority). */
static char *
redact_url_n(const char *url, size_t len, bool keep_query)
{
  const char *end = url + len;
  const char *frag = memchr(url, '#', len);
  const char *q;
  const char *scheme;
  const char *auth;
  const char *path;
  const char *at;
  char *out = malloc(len * 4 + 16);
  char *p = out;

  if(!out)
    return NULL;
  if(!frag)
    frag = end;
  q = memchr(url, '?', (size_t)(frag - url));
  if(!q)
    q = frag;
  scheme = find_scheme_end(url, q);
  auth = scheme ? scheme + 3 : url;
  path = auth;
  while(path < q && *path != '/')
    path++;
  at = memchr(auth, '@', (size_t)(path - auth));
  if(at) {
    /* user:password@ -> user:***@; the user name is an identifier */
    const char *colon = memchr(auth, ':', (size_t)(at - auth));
    put(&p, url, (size_t)((colon ? colon : at) - url));
    if(colon)
      put(&p, ":" MASK, strlen(MASK) + 1);
    put(&p, at, (size_t)(q - at));
  }
  else
    put(&p, url, (size_t)(q - url));
  if(q < frag && keep_query) {
    put(&p, "?", 1);
    mask_query(&p, q + 1, frag);
  }
  *p = '\0';
  return out;
}

char *
redact_url(const char *url)
{
  return redact_url_n(url, strlen(url), true);
}

char *
redact_strip_query(const char *url)
{
  return redact_url_n(url, strlen(url), false);
}

bool
redact_header_is_secret(const char *name, size_t len)
{
  size_t i;

  for(i = 0; i < countof(secret_headers); i++) {
    size_t n = strlen(secret_headers[i]);
    bool prefix = secret_headers[i][n - 1] == '-';
    if((prefix ? len >= n : len == n) &&
       !strncasecmp(name, secret_headers[i], n))
      return true;
  }
  /* Anything that calls itself a token, signature, secret or key. */
  for(i = 0; i < len; i++) {
    static const char *const words[] = { "token", "sign", "secret", "key",
                                         "auth", "session", "password" };
    size_t w;
    for(w = 0; w < countof(words); w++) {
      size_t n = strlen(words[w]);
      if(i + n <= len && !strncasecmp(name + i, words[w], n))
        return true;
    }
  }
  return false;
}

/* "GET /path?query HTTP/1.1": mask the query of the request target. */
static char *
redact_request_line(const char *line, size_t len)
{
  const char *sp1 = memchr(line, ' ', len);
  const char *sp2;
  char *target;
  char *out;

  if(!sp1)
    return NULL;
  sp2 = memchr(sp1 + 1, ' ', len - (size_t)(sp1 + 1 - line));
  if(!sp2)
    sp2 = line + len;
  target = redact_url_n(sp1 + 1, (size_t)(sp2 - sp1 - 1), true);
  if(!target)
    return NULL;
  out = malloc(len + strlen(target) + 8);
  if(out)
    snprintf(out, len + strlen(target) + 8, "%.*s %s%.*s", (int)(sp1 - line),
             line, target, (int)(line + len - sp2), sp2);
  free(target);
  return out;
}

void
redact_controls(const char *in, char *out, size_t len, bool keep_nl)
{
  static const char hex[] = "0123456789abcdef";
  /* C2 80..9F is C1 in UTF-8 and in the C locale (the terminal may well
     be UTF-8), but an ordinary character in GB18030, GBK or Big5 */
  bool c1 = MB_CUR_MAX == 1 || !strcmp(nl_langinfo(CODESET), "UTF-8");
  const unsigned char *s;
  size_t o = 0;

  if(!len)
    return;
  for(s = (const unsigned char *)in; *s; s++) {
    char esc[8];
    size_t n = 0;
    if(keep_nl && *s == '\r' && s[1] == '\n')
      continue; /* a CRLF line end is a line end */
    if(*s == '\t' || (*s == '\n' && keep_nl) ||
       (*s >= 0x20 && *s != 0x7f && !(c1 && *s == 0xc2 && s[1] >= 0x80 &&
                                       s[1] <= 0x9f)))
      esc[n++] = (char)*s;
    else if(*s == '\r' || *s == '\n') {
      esc[n++] = '\\';
      esc[n++] = *s == '\r' ? 'r' : 'n';
    }
    else if(*s == 0xc2) {
      s++;
      n = (size_t)snprintf(esc, sizeof(esc), "\\u00%c%c", hex[*s >> 4],
                           hex[*s & 15]);
    }
    else
      n = (size_t)snprintf(esc, sizeof(esc), "\\x%c%c", hex[*s >> 4],
                           hex[*s & 15]);
    if(o + n >= len)
      break;
    memcpy(out + o, esc, n);
    o += n;
  }
  out[o] = '\0';
}

/* TEXT with every control character but tab written as an escape (see
   redact_controls), so that a server's header cannot move the cursor or
   drive the terminal of a -v trace.  Frees TEXT; NULL when out of memory
   (or TEXT is NULL). */
static char *
escape_controls(char *text)
{
  size_t len;
  char *out;

  if(!text)
    return NULL;
  len = strlen(text) * 6 + 1;
  out = malloc(len);
  if(out)
    redact_controls(text, out, len, false);
  free(text);
  return out;
}

/* redact_header_line before control characters are escaped. */
static char *
mask_header_line(const char *line, size_t len)
{
  const char *colon;
  size_t name_len;
  char *out;

  while(len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
    len--;
  colon = memchr(line, ':', len);
  if(!colon || memchr(line, ' ', (size_t)(colon - line))) {
    out = redact_request_line(line, len);
    return out ? out : strndup(line, len);
  }
  name_len = (size_t)(colon - line);
  if(redact_header_is_secret(line, name_len)) {
    out = malloc(name_len + sizeof(": " MASK));
    if(out)
      snprintf(out, name_len + sizeof(": " MASK), "%.*s: " MASK,
               (int)name_len, line);
    return out;
  }
  if(name_len == 8 && !strncasecmp(line, "location", 8)) {
    const char *v = colon + 1;
    char *url;
    while(v < line + len && (*v == ' ' || *v == '\t'))
      v++;
    url = redact_url_n(v, (size_t)(line + len - v), true);
    if(!url)
      return NULL;
    out = malloc(strlen(url) + 16);
    if(out)
      snprintf(out, strlen(url) + 16, "Location: %s", url);
    free(url);
    return out;
  }
  return strndup(line, len);
}

/* Request headers whose values never carry a secret. */
static bool
request_header_is_plain(const char *name, size_t len)
{
  static const char *const plain[] = {
    "host", "range", "if-range", "user-agent", "accept", "accept-encoding",
    "content-type", "content-length", "content-md5", "date", "expect",
    "connection", "te", "transfer-encoding"
  };
  size_t i;

  for(i = 0; i < countof(plain); i++)
    if(strlen(plain[i]) == len && !strncasecmp(name, plain[i], len))
      return true;
  return false;
}

char *
redact_header_line(const char *line, size_t len)
{
  return escape_controls(mask_header_line(line, len));
}

/* redact_request_line_out before control characters are escaped. */
static char *
mask_request_line_out(const char *line, size_t len)
{
  const char *colon = memchr(line, ':', len);
  size_t name_len;
  char *out;

  if(!colon || memchr(line, ' ', (size_t)(colon - line)) ||
     request_header_is_plain(line, (size_t)(colon - line)))
    return mask_header_line(line, len);
  /* any other header we send may be a provider's or the user's secret */
  name_len = (size_t)(colon - line);
  out = malloc(name_len + sizeof(": " MASK));
  if(out)
    snprintf(out, name_len + sizeof(": " MASK), "%.*s: " MASK, (int)name_len,
             line);
  return out;
}

char *
redact_request_line_out(const char *line, size_t len)
{
  return escape_controls(mask_request_line_out(line, len));
}

static bool
add_secret_locked(const char *secret)
{
  size_t n = strlen(secret);
  size_t i;
  char **grown;
  char *copy;

  if(n < 4)
    return true;
  for(i = 0; i < n_secrets; i++)
    if(!strcmp(secrets[i], secret))
      return true;
  copy = strdup(secret);
  grown = realloc(secrets, (n_secrets + 1) * sizeof(*secrets));
  if(!copy || !grown) {
    free(copy);
    if(grown)
      secrets = grown;
    return false;
  }
  secrets = grown;
  i = n_secrets++;
  while(i && strlen(secrets[i - 1]) < n) {
    secrets[i] = secrets[i - 1];
    i--;
  }
  secrets[i] = copy;
  return true;
}

bool
redact_add_secret(const char *secret)
{
  bool ok;

  pthread_mutex_lock(&secrets_lock);
  ok = add_secret_locked(secret);
  pthread_mutex_unlock(&secrets_lock);
  return ok;
}

void
redact_secrets_clear(void)
{
  size_t i;

  pthread_mutex_lock(&secrets_lock);
  for(i = 0; i < n_secrets; i++)
    free(secrets[i]);
  free(secrets);
  secrets = NULL;
  n_secrets = 0;
  pthread_mutex_unlock(&secrets_lock);
}

void
redact_secrets(char *buf)
{
  size_t i;

  pthread_mutex_lock(&secrets_lock);
  for(i = 0; buf && i < n_secrets; i++) {
    size_t n = strlen(secrets[i]);
    char *p = buf;

    while((p = strstr(p, secrets[i])) != NULL) {
      memmove(p + strlen(MASK), p + n, strlen(p + n) + 1);
      memcpy(p, MASK, strlen(MASK));
      p += strlen(MASK);
    }
  }
  pthread_mutex_unlock(&secrets_lock);
}
