/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hdr.c parses the response header values the engine decides on:
   Content-Range (resume correctness) and Content-Disposition (names).
   Pure functions over bytes, so unit tests and fuzzers can call them. */
#include "hdr.h"

#include <ctype.h>
#include <strings.h>

#include <curl/curl.h>

/* Read a non-negative decimal at *P; advance *P.  False when none. */
static bool
read_num(const char **p, int64_t *out)
{
  int64_t v = 0;
  const char *s = *p;

  if(!isdigit((unsigned char)*s))
    return false;
  while(isdigit((unsigned char)*s)) {
    if(v > (INT64_MAX - 9) / 10)
      return false;
    v = v * 10 + (*s - '0');
    s++;
  }
  *p = s;
  *out = v;
  return true;
}

bool
hdr_content_range(const char *value, int64_t *start, int64_t *end,
                  int64_t *total)
{
  const char *p = value;

  while(*p == ' ' || *p == '\t')
    p++;
  if(strncasecmp(p, "bytes", 5))
    return false;
  p += 5;
  if(*p != ' ' && *p != '=')
    return false;
  while(*p == ' ' || *p == '=')
    p++;
  if(*p == '*') {
    *start = *end = -1;
    p++;
  }
  else if(!read_num(&p, start) || *p++ != '-' || !read_num(&p, end) ||
          *end < *start)
    return false;
  if(*p++ != '/')
    return false;
  if(*p == '*') {
    *total = -1;
    p++;
  }
  else if(!read_num(&p, total) || (*end >= 0 && *end >= *total))
    return false;
  while(*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
    p++;
  return *p == '\0' && !(*start < 0 && *total < 0);
}

/* Copy [s, e) percent-decoded (libcurl's decoder). */
static char *
pct_decode(const char *s, const char *e)
{
  char *tmp = curl_easy_unescape(NULL, s, (int)(e - s), NULL);
  char *out;

  if(!tmp)
    return NULL;
  out = strdup(tmp);
  curl_free(tmp);
  return out;
}

/* Find parameter NAME in a ;-separated list; [*vs, *ve) gets its value,
   quotes removed. */
static bool
find_param(const char *value, const char *name, const char **vs,
           const char **ve)
{
  const char *p = value;
  size_t n = strlen(name);

  while((p = strchr(p, ';')) != NULL) {
    p++;
    while(*p == ' ' || *p == '\t')
      p++;
    if(strncasecmp(p, name, n) || p[n] != '=')
      continue;
    p += n + 1;
    if(*p == '"') {
      const char *q = strchr(p + 1, '"');
      if(!q)
        return false;
      *vs = p + 1;
      *ve = q;
    }
    else {
      *vs = p;
      *ve = p + strcspn(p, "; \t\r\n");
    }
    return true;
  }
  return false;
}

char *
hdr_disposition_filename(const char *value)
{
  const char *vs;
  const char *ve;

  if(find_param(value, "filename*", &vs, &ve)) {
    /* RFC 5987: charset'language'percent-encoded */
    const char *q1 = memchr(vs, '\'', (size_t)(ve - vs));
    const char *q2 = q1 ? memchr(q1 + 1, '\'', (size_t)(ve - q1 - 1)) : NULL;
    if(q2 && q2 + 1 < ve)
      return pct_decode(q2 + 1, ve);
  }
  if(find_param(value, "filename", &vs, &ve) && ve > vs)
    return strndup(vs, (size_t)(ve - vs));
  return NULL;
}
