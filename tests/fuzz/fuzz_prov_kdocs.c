/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Kdocs reply parser (kdocs_parse_reply): the first input byte picks the
   HTTP status, the rest is the body.  Properties: fuzz_check_result. */
#include "fuzz_prov.h"

#include "prov_kdocs_common.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static const long statuses[] = { 200, 400, 401, 403, 404, 429, 500, 503 };
  struct sf_resolved out;
  struct sf_error err;
  enum sf_err rc;

  if(!size)
    return 0;
  memset(&out, 0, sizeof(out));
  out.provider = "kdocs-personal";
  error_clear(&err);
  rc = kdocs_parse_reply((const char *)data + 1, size - 1,
                         statuses[data[0] % 8], &out, &err);
  fuzz_check_result(rc, &out, &err);
  out.provider = NULL;
  resolved_free(&out);
  return 0;
}
