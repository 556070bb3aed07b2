/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A whole run: locators -> resolved downloads -> engine -> results. */
#ifndef SIGFETCH_RUN_H
#define SIGFETCH_RUN_H

#include "system.h"

#include <signal.h>

#include "error.h"
#include "options.h"

/* Check every locator before anything starts (bad ones: SF_E_BAD_LOCATOR
   in ERR), then download them all.  Returns the error of the first failed
   locator in input order (SF_OK when all are ok or skipped), or the
   signal's error when interrupted. */
enum sf_err run_all(const struct sf_options *opts,
                    volatile sig_atomic_t *stop, struct sf_error *err);

#endif /* SIGFETCH_RUN_H */
