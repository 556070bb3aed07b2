/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fxiaoke reply (fxiaoke_find_url).  Property: a URL found is an http(s)
   string. */
#include "fuzz.h"

#include <cjson/cJSON.h>
#include <strings.h>

#include "prov_fxiaoke.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char *in = fuzz_str(data, size);
  cJSON *reply = cJSON_Parse(in);
  const char *url = reply ? fxiaoke_find_url(reply, "N_a.bin") : NULL;

  if(url)
    FUZZ_CHECK(!strncasecmp(url, "http://", 7) ||
               !strncasecmp(url, "https://", 8));
  cJSON_Delete(reply);
  free(in);
  return 0;
}
