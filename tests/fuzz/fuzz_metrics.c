/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The previous --metrics FILE read back (src/metrics.c
   metrics_last_success), whatever a shared textfile directory holds
   there, and the text this run writes (metrics_text).  The input is the
   old file's text; its first bytes also make up this run's figures.
   Properties: the last success read is 0 or a time in [1, 4e12] taken
   from a line that starts with the metric's name; a written text reads
   back as the time it carries (this run's end on success, else the one
   carried over), with no line for it when there is none, every line a
   comment or a sigfetch_ sample. */
#include "fuzz.h"

#include <ctype.h>

#include "metrics.h"

#define NAME "sigfetch_last_success_timestamp_seconds"

/* Some line of TEXT starts with NAME: the last success can come only
   from there. */
static int
has_name_line(const char *text)
{
  const char *p = text;

  while(p) {
    if(!strncmp(p, NAME, strlen(NAME)))
      return 1;
    p = strchr(p, '\n');
    if(p)
      p++;
  }
  return 0;
}

/* Every line of TEXT is "# HELP", "# TYPE" or a sigfetch_ sample. */
static int
well_formed(const char *text)
{
  const char *p = text;

  while(*p) {
    if(strncmp(p, "# HELP sigfetch_", 16) &&
       strncmp(p, "# TYPE sigfetch_", 16) && strncmp(p, "sigfetch_", 9))
      return 0;
    p = strchr(p, '\n');
    if(!p)
      return 0; /* the text ends with a newline */
    p++;
  }
  return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char *in = fuzz_str(data, size);
  time_t last = metrics_last_success(in);
  struct sf_metrics m;
  uint32_t v[4] = { 0, 0, 0, 0 };
  char *text;
  time_t want;

  FUZZ_CHECK(last == 0 || (last >= 1 && last <= (time_t)4e12));
  if(last)
    FUZZ_CHECK(has_name_line(in));
  memcpy(v, data, size < sizeof(v) ? size : sizeof(v));
  memset(&m, 0, sizeof(m));
  m.ok = (long)(v[0] & 0xffffff);
  m.skipped = (long)(v[0] >> 24);
  m.failed = (long)(v[1] & 0xffff);
  m.bytes = (int64_t)v[2] << 8;
  m.seconds = (double)(v[1] >> 16) / 8.0;
  m.exit_code = (int)(v[3] % 8);
  m.ended = 1 + (time_t)(v[3] >> 3) * 3;
  m.shard_n = v[1] % 3 ? 0 : 1 + (v[2] % 65535);
  m.shard_k = m.shard_n ? v[0] % m.shard_n : 0;
  text = metrics_text(&m, last);
  FUZZ_CHECK(text);
  FUZZ_CHECK(well_formed(text));
  want = m.exit_code ? last : m.ended;
  FUZZ_CHECK(metrics_last_success(text) == want);
  if(!want)
    FUZZ_CHECK(!strstr(text, NAME));
  free(text);
  free(in);
  return 0;
}
