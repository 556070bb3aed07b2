/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The "ekuaibao" provider: ekuaibao:ID:KEY through Ekuaibao's attachment
   download URLs, DingTalk-drive (DP:) keys included. */
#ifndef SIGFETCH_PROV_EKUAIBAO_H
#define SIGFETCH_PROV_EKUAIBAO_H

#include "system.h"

#include <cjson/cJSON.h>

#include "resolver.h"

extern const struct sf_resolver prov_ekuaibao;

/* Split LOCATOR "ekuaibao:ID:KEY": *ID (allocated, no ':') and *KEY (a
   pointer into LOCATOR: everything after the second ':', taken raw).
   SF_E_BAD_LOCATOR when either is empty. */
enum sf_err ekuaibao_split(const char *locator, char **id, const char **key);

/* The file name KEY stands for, or NULL: a DingTalk-drive key
   "DP:{json}" gives fileName (+ "." + fileType when the name lacks that
   extension) and *SIZE = fileSize; any other key loses a leading
   "openapi" + UUID + "-", else gives its last path segment.  *SIZE is -1
   when unknown. */
char *ekuaibao_name(const char *key, int64_t *size);

/* The item of REPLY (a JSON array) answering ID and KEY, or NULL. */
const cJSON *ekuaibao_find(const cJSON *reply, const char *id,
                           const char *key);

/* One reply ITEM for KEY into OUT: URL, the provider's headers (trimmed),
   name and size, expiry (x-oss-date + 15 min for headers, else the URL's
   Expires, else NOW + EXPIRATION). */
enum sf_err ekuaibao_entry(const cJSON *item, const char *key,
                           long expiration, time_t now,
                           struct sf_resolved *out, struct sf_error *err);

#endif /* SIGFETCH_PROV_EKUAIBAO_H */
