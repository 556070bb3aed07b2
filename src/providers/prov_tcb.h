/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The "tcb" provider: cloud://ENV.BUCKET/PATH through WeChat Cloud Base. */
#ifndef SIGFETCH_PROV_TCB_H
#define SIGFETCH_PROV_TCB_H

#include "system.h"

#include <cjson/cJSON.h>

#include "resolver.h"

extern const struct sf_resolver prov_tcb;

/* The env of a cloud:// LOCATOR (the text before the first '.'), or NULL
   when LOCATOR is not cloud://ENV.BUCKET/PATH.  Caller frees. */
char *tcb_locator_env(const char *locator);

/* For each of the N requested FILEIDS, the index in the reply's file_list
   LIST of its entry: matched by "fileid", else "files", else (entries
   naming no file) by position; -1 in AT[i] when there is none. */
void tcb_match_reply(const cJSON *list, const char *const *fileids,
                     size_t n, int *at);

/* One file_list ENTRY for FILEID into OUT (URL, name, expiry NOW +
   MAX_AGE) or ERR: the entry's own status and errmsg decide. */
enum sf_err tcb_entry(const cJSON *entry, const char *fileid, long max_age,
                      time_t now, struct sf_resolved *out,
                      struct sf_error *err);

#endif /* SIGFETCH_PROV_TCB_H */
