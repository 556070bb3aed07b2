/* SPDX-License-Identifier: GPL-3.0-or-later */
/* download.c owns the lifetime of resolved downloads and results. */
#include "download.h"

void
resolved_free(struct sf_resolved *r)
{
  size_t i;

  free(r->url);
  for(i = 0; i < r->n_headers; i++)
    free(r->headers[i]);
  free(r->headers);
  free(r->name);
  memset(r, 0, sizeof(*r));
  r->expect.size = -1;
}

enum sf_err
resolved_add_header(struct sf_resolved *r, const char *line)
{
  char **grown = realloc(r->headers, (r->n_headers + 1) * sizeof(*grown));
  char *copy = strdup(line);

  if(grown)
    r->headers = grown;
  if(!grown || !copy) {
    free(copy);
    return SF_E_NOMEM;
  }
  r->headers[r->n_headers++] = copy;
  return SF_OK;
}

void
result_init(struct sf_result *res)
{
  memset(res, 0, sizeof(*res));
  res->status = SF_STATUS_FAILED;
  res->size = -1;
}
