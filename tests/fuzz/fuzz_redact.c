/* SPDX-License-Identifier: GPL-3.0-or-later */
/* URL and header-line redaction (src/base/redact.c).  Properties: no
   crash on any order of '?', '#', '@', "://"; a query value of the input
   (after the first '?' before any '#', at least 4 bytes) never appears
   in redact_url's result unless the path or a key shows it; redact_strip_query
   keeps no '?'; a redacted header or request line has no control
   character but tab, C1 included (it is printed on a terminal under -v);
   redact_controls leaves none either, in any buffer size. */
#include "fuzz.h"

#include "redact.h"

/* True when S holds a C0 control character other than tab (and line
   feed when NL_OK), DEL, or a C1 control in UTF-8 (U+0080..U+009F). */
static int
has_control_nl(const char *s, int nl_ok)
{
  for(; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if((c != '\t' && !(nl_ok && c == '\n') && c < 0x20) || c == 0x7f ||
       (c == 0xc2 && (unsigned char)s[1] >= 0x80 &&
        (unsigned char)s[1] <= 0x9f))
      return 1;
  }
  return 0;
}

static int
has_control(const char *s)
{
  return has_control_nl(s, 0);
}

/* redact_controls: no control left, with room or cut short; what is
   kept is the input's start when the input has no control at all. */
static void
check_controls(const char *in, size_t len)
{
  size_t cap = len * 6 + 1;
  char *out = malloc(cap);
  char small[16];

  FUZZ_CHECK(out);
  redact_controls(in, out, cap, 0);
  FUZZ_CHECK(!has_control_nl(out, 0));
  if(!has_control_nl(in, 0))
    FUZZ_CHECK(!strcmp(out, in));
  redact_controls(in, out, cap, 1);
  FUZZ_CHECK(!has_control_nl(out, 1));
  redact_controls(in, small, sizeof(small), 1);
  FUZZ_CHECK(strlen(small) < sizeof(small) && !has_control_nl(small, 1));
  if(!has_control_nl(in, 1))
    FUZZ_CHECK(!strncmp(small, in, strlen(small)));
  free(out);
}

/* The URL [in, end) as shown with every query value replaced by '*': a
   value's text may still appear in the result through the path or a
   key, which are shown as they are. */
static char *
skeleton(const char *in, const char *q, const char *end)
{
  char *out = malloc(2 * (size_t)(end - in) + 2);
  char *o = out;

  FUZZ_CHECK(out);
  memcpy(o, in, (size_t)(q - in));
  o += q - in;
  while(q < end) {
    const char *amp = memchr(q, '&', (size_t)(end - q));
    const char *stop = amp ? amp : end;
    const char *eq = memchr(q, '=', (size_t)(stop - q));
    const char *v = eq ? eq + 1 : q;

    memcpy(o, q, (size_t)(v - q));
    o += v - q;
    *o++ = '*';
    if(amp)
      *o++ = '&';
    q = amp ? amp + 1 : end;
  }
  *o = '\0';
  return out;
}

/* Every value of the query [q, end) of 4+ bytes without '&', '=', '@' or
   '*' must be absent from OUT (a short one may occur by chance
   elsewhere), unless the URL as shown, SHOWN, holds the same text. */
static void
check_values(const char *q, const char *end, const char *shown,
             const char *out)
{
  while(q < end) {
    const char *amp = memchr(q, '&', (size_t)(end - q));
    const char *stop = amp ? amp : end;
    const char *eq = memchr(q, '=', (size_t)(stop - q));
    const char *v = eq ? eq + 1 : q;
    size_t n = (size_t)(stop - v);

    if(n >= 4 && !memchr(v, '=', n) && !memchr(v, '@', n) &&
       !memchr(v, '*', n)) {
      char *val = strndup(v, n);
      FUZZ_CHECK(val);
      FUZZ_CHECK(strstr(shown, val) || !strstr(out, val));
      free(val);
    }
    q = amp ? amp + 1 : end;
  }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char *in = fuzz_str(data, size);
  size_t len = strlen(in);
  const char *frag = strchr(in, '#');
  const char *q = memchr(in, '?', frag ? (size_t)(frag - in) : len);
  char *url = redact_url(in);
  char *strip = redact_strip_query(in);
  char *line = redact_header_line(in, len);
  char *out_line = redact_request_line_out(in, len);

  FUZZ_CHECK(url && strip);
  FUZZ_CHECK(strlen(url) <= len * 4 + 15);
  FUZZ_CHECK(!strchr(strip, '?'));
  if(q) {
    const char *end = frag ? frag : in + len;
    char *shown = skeleton(in, q + 1, end);
    check_values(q + 1, end, shown, url);
    free(shown);
  }
  check_controls(in, len);
  if(line)
    FUZZ_CHECK(!has_control(line));
  if(out_line)
    FUZZ_CHECK(!has_control(out_line));
  free(url);
  free(strip);
  free(line);
  free(out_line);
  free(in);
  return 0;
}
