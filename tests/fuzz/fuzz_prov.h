/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared checks of the provider reply targets: a success has a URL, a
   failure a code and a message. */
#ifndef SIGFETCH_FUZZ_PROV_H
#define SIGFETCH_FUZZ_PROV_H

#include "fuzz.h"

#include "download.h"
#include "error.h"

static inline void
fuzz_check_result(enum sf_err rc, const struct sf_resolved *out,
                  const struct sf_error *err)
{
  if(rc == SF_OK)
    FUZZ_CHECK(out->url && out->url[0]);
  else
    FUZZ_CHECK(err->code == rc && err->message[0]);
}

#endif /* SIGFETCH_FUZZ_PROV_H */
