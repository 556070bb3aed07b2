/* SPDX-License-Identifier: GPL-3.0-or-later */
/* WeChat Cloud Base batchdownloadfile reply (tcb_match_reply, tcb_entry)
   and the locator's env (tcb_locator_env).  Properties: every matched
   index is inside file_list; fuzz_check_result for each entry. */
#include "fuzz_prov.h"

#include <cjson/cJSON.h>

#include "prov_tcb.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static const char *const ids[] = { "cloud://e.b/a.png", "cloud://e.b/x/y" };
  char *in = fuzz_str(data, size);
  cJSON *reply = cJSON_Parse(in);
  const cJSON *list = cJSON_GetObjectItemCaseSensitive(reply, "file_list");
  char *env = tcb_locator_env(in);
  int at[2];
  size_t i;

  if(env)
    FUZZ_CHECK(env[0] && !strchr(env, '/') && !strchr(env, '.'));
  free(env);
  if(cJSON_IsArray(list)) {
    tcb_match_reply(list, ids, 2, at);
    for(i = 0; i < 2; i++) {
      struct sf_resolved out;
      struct sf_error err;
      enum sf_err rc;

      FUZZ_CHECK(at[i] >= -1 && at[i] < cJSON_GetArraySize(list));
      if(at[i] < 0)
        continue;
      memset(&out, 0, sizeof(out));
      error_clear(&err);
      rc = tcb_entry(cJSON_GetArrayItem(list, at[i]), ids[i], 600, 1000,
                     &out, &err);
      fuzz_check_result(rc, &out, &err);
      resolved_free(&out);
    }
  }
  cJSON_Delete(reply);
  free(in);
  return 0;
}
