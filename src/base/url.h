/* SPDX-License-Identifier: GPL-3.0-or-later */
/* URL questions every layer asks: is it http(s), its origin, its request
   target, one query parameter.  Parsing is libcurl's (CURLU). */
#ifndef SIGFETCH_URL_H
#define SIGFETCH_URL_H

#include "system.h"

/* True when S (may be NULL) starts with http:// or https://, in any
   case: the only schemes sigfetch downloads from. */
bool url_is_http(const char *s);

/* "scheme://host:port" of URL with the port always written (the
   scheme's default when URL has none), so that two spellings of one
   server compare equal.  Malloc'd; NULL when URL is not an absolute URL
   or memory runs out. */
char *url_origin(const char *url);

/* The request target of URL as it appears in the request line: the path
   and, when URL has one, "?" and the query.  Malloc'd; NULL when URL is
   not an absolute URL or memory runs out. */
char *url_request_target(const char *url);

/* The value of query parameter NAME (name matched in any case) in URL,
   URL-decoded, malloc'd; NULL when absent, URL is not a URL, or memory
   runs out. */
char *url_query_param(const char *url, const char *name);

#endif /* SIGFETCH_URL_H */
