/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Masking of secrets before anything is shown: URLs, header lines, and
   the configured credentials (the one list of them, kept here). */
#ifndef SIGFETCH_REDACT_H
#define SIGFETCH_REDACT_H

#include "system.h"

/* A copy of URL with every query value and any userinfo password replaced
   by "***" and the fragment dropped.  NULL only when out of memory. */
char *redact_url(const char *url);

/* A copy of URL without its query, fragment and userinfo: what may be
   stored in a state file.  NULL only when out of memory. */
char *redact_strip_query(const char *url);

/* True when a header called NAME (LEN bytes) carries a secret value:
   Authorization, Cookie, x-oss-*, tokens, signatures, keys. */
bool redact_header_is_secret(const char *name, size_t len);

/* A printable copy of one header or request line (LEN bytes) with secret
   values masked: "Authorization: ***", query values in a request line or
   Location header.  Trailing CR/LF are dropped and every other control
   character but tab is escaped ("\r", "\x1b"), so the result is safe to
   print on a terminal.  NULL when out of memory. */
char *redact_header_line(const char *line, size_t len);

/* Like redact_header_line for a line we send: every header value is
   masked except those of a short list that never carry secrets (Host,
   Range, If-Range, User-Agent, Accept, Content-Type, Date ...).  Provider
   headers with unexpected names are thus masked too. */
char *redact_request_line_out(const char *line, size_t len);

/* Remember SECRET (a configured credential, or a token a provider issued
   or the token cache held) so that redact_secrets()
   masks it from now on.  A copy is kept; a value under 4 bytes is not
   kept, as masking it would mangle ordinary words.  False only when out
   of memory. */
bool redact_add_secret(const char *secret);

/* Forget every remembered secret and free the list (at exit; tests). */
void redact_secrets_clear(void);

/* Replace every remembered secret in BUF (NUL-terminated) with "***", in
   place: a provider may echo a credential in its error text. */
void redact_secrets(char *buf);

/* IN (NUL-terminated) into OUT (LEN bytes, cut short to fit) with every
   control character escaped but tab and, when KEEP_NL, line feed (CRLF
   taken as LF): C0 and
   DEL as "\r" or "\x1b", C1 in UTF-8 (U+0080..U+009F; U+009B is a
   terminal's CSI) as "\u009b" unless the locale's encoding is another
   multibyte one (GB18030: those bytes are a character).  A locator, file name or provider text in
   a message then cannot drive the terminal. */
void redact_controls(const char *in, char *out, size_t len, bool keep_nl);

#endif /* SIGFETCH_REDACT_H */
