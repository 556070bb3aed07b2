/* SPDX-License-Identifier: GPL-3.0-or-later */
/* policy.c decides, and only decides: which response bodies belong in
   the file, what an ended request means (complete, redirect, re-resolve,
   retry, restart, give up), the one back-off rule and the one retry
   budget.  Every input comes in a struct; every output is a verdict. */
#include "policy.h"

#include "net.h"

#include <stdarg.h>
#include <strings.h>


static void
verdict(struct sf_verdict *v, enum sf_action act, enum sf_err code,
        const char *fmt, ...) SF_PRINTF(4, 5);

static void
verdict(struct sf_verdict *v, enum sf_action act, enum sf_err code,
        const char *fmt, ...)
{
  va_list ap;

  v->act = act;
  v->code = code;
  va_start(ap, fmt);
  vsnprintf(v->why, sizeof(v->why), fmt, ap);
  va_end(ap);
}

static bool
ranged(const struct sf_resp *r)
{
  return r->ask_start > 0 || r->ask_end >= 0;
}

/* Do the response's validators say the remote file is no longer the one
   whose bytes are on disk? */
static bool
changed(const struct sf_resp *r, int64_t total)
{
  if(total >= 0 && r->known_size >= 0 && total != r->known_size)
    return true;
  return r->etag && r->known_etag && strcmp(r->etag, r->known_etag);
}

static void
on_partial(const struct sf_resp *r, struct sf_verdict *v)
{
  if(!r->has_cr || r->cr_start < 0 || r->cr_start != r->ask_start ||
     r->cr_end < r->cr_start)
    verdict(v, SF_ACT_RESTART, SF_E_HTTP, "%s",
            _("the server sent a different range"));
  else if((r->cr_total >= 0 && r->cr_end >= r->cr_total) ||
          (r->cr_total < 0 && r->known_size >= 0 &&
           r->cr_end >= r->known_size))
    verdict(v, SF_ACT_RESTART, SF_E_HTTP, "%s",
            _("the server sent an impossible range"));
  else if(changed(r, r->cr_total))
    verdict(v, SF_ACT_RESTART, SF_E_HTTP, "%s",
            _("the remote file changed"));
  else
    verdict(v, SF_ACT_ACCEPT, SF_OK, "%s", "");
}

static void
on_full(const struct sf_resp *r, struct sf_verdict *v)
{
  bool differs = changed(r, r->content_length);

  if(!ranged(r))
    verdict(v, SF_ACT_ACCEPT, SF_OK, "%s", "");
  else if(r->to_stdout && (differs || !r->known_etag || !r->etag))
    /* standard output cannot be rewound: only the same file may go on */
    verdict(v, SF_ACT_FAIL, SF_E_HTTP, "%s",
            _("the remote file changed while it was being written to "
              "standard output"));
  else if(differs)
    /* If-Range did its job: the file changed, the 200 is the new one */
    verdict(v, SF_ACT_RESTART, SF_E_HTTP, "%s",
            _("the remote file changed"));
  else
    verdict(v, SF_ACT_NO_RANGES, SF_E_HTTP, "%s",
            _("the server ignored the Range request"));
}

void
policy_on_headers(const struct sf_resp *r, struct sf_verdict *v)
{
  const char *ce = r->content_encoding;
  int shown = 0;

  while(ce && shown < 64 && ce[shown] >= 0x20 && ce[shown] < 0x7f)
    shown++; /* the server's text, but never a terminal escape */
  if(r->status >= 200 && r->status < 300 && ce && *ce &&
     strcasecmp(ce, "identity"))
    /* asked for identity: a compressed body is never decoded silently,
       nor stored as if it were the file */
    verdict(v, SF_ACT_FAIL, SF_E_HTTP,
            _("the server sent the file compressed (Content-Encoding: %.*s) "
              "although sigfetch asks for it uncompressed; not saving it"),
            shown, ce);
  else if(r->status == 206)
    on_partial(r, v);
  else if(r->status >= 200 && r->status < 300)
    on_full(r, v);
  else
    verdict(v, SF_ACT_DISCARD, SF_OK, "%s", "");
}

/* libcurl's own text (English) always comes inside a translated
   sentence.  A proxy that refuses the tunnel (4xx to CONNECT: 407 wants
   credentials, 403 forbids the host) refuses it again: no retry. */
static void
on_curl_error(const struct sf_end *e, const char *detail,
              struct sf_verdict *v)
{
  long cc = e->connect_code;

  if(cc >= 300)
    verdict(v, cc >= 400 && cc < 500 ? SF_ACT_FAIL : SF_ACT_RETRY,
            SF_E_NETWORK, _("the proxy answered %ld to CONNECT (%s)"), cc,
            detail);
  else if(net_is_tls_failure(e->rc))
    verdict(v, SF_ACT_FAIL, SF_E_TLS, _("TLS failure: %s (check --cacert)"),
            detail);
  else if(net_is_permanent(e->rc))
    verdict(v, SF_ACT_FAIL, SF_E_NETWORK, _("network error: %s"), detail);
  else
    verdict(v, SF_ACT_RETRY, SF_E_NETWORK, _("network error: %s"), detail);
}

/* 416: complete when the server's size is exactly what is on disk. */
static void
on_unsatisfiable(const struct sf_resp *r, struct sf_verdict *v)
{
  if(r->has_cr && r->cr_start < 0 && r->ask_start > 0 &&
     r->cr_total == r->ask_start && r->ask_end < 0 && !r->to_stdout &&
     !(r->known_size >= 0 && r->known_size != r->cr_total))
    verdict(v, SF_ACT_COMPLETE, SF_OK, "%s", "");
  else
    verdict(v, SF_ACT_RESTART, SF_E_HTTP, "%s",
            _("the server refused the range (HTTP 416)"));
}

static void
on_status(const struct sf_resp *r, struct sf_verdict *v)
{
  long s = r->status;

  if(s >= 300 && s < 400)
    verdict(v, SF_ACT_REDIRECT, SF_E_REDIRECT, "%s", "");
  else if(s == 416)
    on_unsatisfiable(r, v);
  else if(s == 401 || s == 403 || s == 410)
    verdict(v, SF_ACT_REFRESH, SF_E_HTTP, _("HTTP %ld from the server"), s);
  else if(s == 408 || s == 429 || s >= 500)
    verdict(v, SF_ACT_RETRY, SF_E_HTTP, _("HTTP %ld from the server"), s);
  else
    verdict(v, SF_ACT_FAIL, SF_E_HTTP, _("HTTP %ld from the server"), s);
}

void
policy_on_end(const struct sf_resp *r, const struct sf_end *e,
              const char *errtext, struct sf_verdict *v)
{
  const char *detail = errtext && errtext[0] ? errtext
                       : curl_easy_strerror(e->rc);

  if(e->accepted && e->reached_end)
    verdict(v, SF_ACT_COMPLETE, SF_OK, "%s", "");
  else if(e->rc != CURLE_OK)
    on_curl_error(e, detail, v);
  else if(e->accepted && !e->size_known)
    verdict(v, SF_ACT_COMPLETE, SF_OK, "%s", ""); /* size known now */
  else if(e->accepted)
    /* a short 206 or a body that ended early: keep it, fetch the rest */
    verdict(v, SF_ACT_RETRY, SF_E_HTTP,
            _("the server sent bytes %lld-%lld of the range asked "
              "from %lld"), (long long)r->ask_start,
            (long long)e->pos - 1, (long long)r->ask_start);
  else
    on_status(r, v);
}

double
policy_backoff(double delay, long attempt, double retry_after, double u)
{
  return net_backoff(delay, attempt, retry_after, u);
}

bool
policy_may_retry(long used, long max)
{
  return used < max;
}
