/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Ekuaibao: locator split, attachment key names, downloadurls reply
   (ekuaibao_split, ekuaibao_name, ekuaibao_find, ekuaibao_entry).
   Properties: a split id is non-empty without ':'; a found item is an
   element of the reply; fuzz_check_result. */
#include "fuzz_prov.h"

#include <cjson/cJSON.h>

#include "prov_ekuaibao.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char *in = fuzz_str(data, size);
  char *id = NULL;
  const char *key = NULL;
  int64_t fsize;
  char *name = ekuaibao_name(in, &fsize);
  cJSON *reply = cJSON_Parse(in);
  const cJSON *it;

  if(ekuaibao_split(in, &id, &key) == SF_OK) {
    FUZZ_CHECK(id && id[0] && !strchr(id, ':') && key && key[0]);
  }
  else
    FUZZ_CHECK(!id);
  free(id);
  free(name);
  it = cJSON_IsArray(reply) ? ekuaibao_find(reply, "A1", "files/r.pdf")
                            : NULL;
  if(it) {
    struct sf_resolved out;
    struct sf_error err;
    enum sf_err rc;

    memset(&out, 0, sizeof(out));
    error_clear(&err);
    rc = ekuaibao_entry(it, "files/r.pdf", 900, 1000, &out, &err);
    fuzz_check_result(rc, &out, &err);
    resolved_free(&out);
  }
  cJSON_Delete(reply);
  free(in);
  return 0;
}
