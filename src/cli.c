/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli.c owns the option table, getopt_long parsing, value checks and the
   --help / --version texts.  It fills struct sf_options and nothing else.
   Every option is declared once, in options[] below (cf. Wget2's
   src/options.c); the getopt_long array, the short-option string and the
   --help listing are built from it when needed. */
#include "cli.h"

#include "archive_out.h"
#include "config.h"
#include "digest.h"
#include "num.h"
#include "redact.h"

#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <ctype.h>
#include <getopt.h>
#include <strings.h>

/* getopt_long's value for a long-only option: past every byte */
#define CLI_LONG_ONLY 256

#define OFF(member) offsetof(struct sf_options, member)
#define REQ SF_CLI_ARG_REQUIRED

/* --progress's values, in enum sf_progress_mode order. */
static const char *const progress_names[] = { "auto", "bar", "plain", "none",
                                              NULL };

static enum sf_err parse_size(const struct sf_cli_option *o, const char *arg,
                              struct sf_options *opts, struct sf_error *err);
static enum sf_err parse_progress(const struct sf_cli_option *o,
                                  const char *arg, struct sf_options *opts,
                                  struct sf_error *err);
static enum sf_err add_header(const struct sf_cli_option *o, const char *arg,
                              struct sf_options *opts, struct sf_error *err);
static enum sf_err set_log_file(const struct sf_cli_option *o,
                                const char *arg, struct sf_options *opts,
                                struct sf_error *err);
static enum sf_err parse_rate(const struct sf_cli_option *o, const char *arg,
                              struct sf_options *opts, struct sf_error *err);
static enum sf_err parse_proxy(const struct sf_cli_option *o,
                               const char *arg, struct sf_options *opts,
                               struct sf_error *err);
static enum sf_err parse_user_agent(const struct sf_cli_option *o,
                                    const char *arg, struct sf_options *opts,
                                    struct sf_error *err);
static enum sf_err set_archive(const struct sf_cli_option *o,
                               const char *arg, struct sf_options *opts,
                               struct sf_error *err);
static enum sf_err parse_shard(const struct sf_cli_option *o,
                               const char *arg, struct sf_options *opts,
                               struct sf_error *err);

/* Sorted by name (strcmp), which tests/unit/test_cli.c checks.  HELP is
   one translatable piece per option, option column included, printed in
   HELP_ORDER; the test checks that the column names this entry.
   IN_DEFAULTS: the config file's [defaults] section may set it (CLI.md
   "Defaults in the config file"); there is no other list of those. */
static const struct sf_cli_option options[] = {
  { .name = "archive", .arg = REQ, .kind = SF_CLI_FUNC,
    .parse = set_archive, .help_order = 170,
    .help = N_("      --archive FILE         write verified files into the "
               "archive FILE (.tar, .tar.gz, .tgz, .tar.xz, .tar.zst, .zip, "
               ".7z)") },
  { .name = "cacert", .arg = REQ, .kind = SF_CLI_STRING,
    .field = OFF(cacert), .help_order = 260, .in_defaults = true,
    .help = N_("      --cacert FILE          trust the CA certificates in "
               "FILE") },
  { .name = "config", .arg = REQ, .kind = SF_CLI_STRING,
    .field = OFF(config_file), .help_order = 240,
    .help = N_("      --config FILE          read settings from FILE") },
  { .name = "connect-timeout", .arg = REQ, .kind = SF_CLI_SECONDS,
    .field = OFF(connect_timeout), .min = 0, .max = 86400,
    .help_order = 130, .in_defaults = true,
    .help = N_("      --connect-timeout S    give up a connection not made "
               "in S seconds (default: 30)") },
  { .name = "connections", .short_name = 'x', .arg = REQ,
    .kind = SF_CLI_LONG, .field = OFF(connections), .min = 1, .max = 16,
    .help_order = 100, .in_defaults = true,
    .help = N_("  -x, --connections N        connections per file, for "
               "large files (default: 1)") },
  { .name = "directory", .short_name = 'P', .arg = REQ,
    .kind = SF_CLI_STRING, .field = OFF(directory), .help_order = 20,
    .help = N_("  -P, --directory DIR        save files in DIR (default: "
               ".)") },
  { .name = "header", .short_name = 'H', .arg = REQ, .kind = SF_CLI_FUNC,
    .parse = add_header, .help_order = 80,
    .help = N_("  -H, --header 'NAME: VALUE' extra header on the download "
               "request") },
  { .name = "help", .kind = SF_CLI_ACTION, .min = SF_CLI_HELP,
    .help_order = 280,
    .help = N_("      --help                 show this help and exit") },
  { .name = "input-file", .short_name = 'i', .arg = REQ,
    .kind = SF_CLI_STRING, .field = OFF(input_file), .help_order = 30,
    .help = N_("  -i, --input-file FILE      read locators from FILE ('-' "
               "is stdin), one per line or one JSON object per line") },
  { .name = "insecure", .kind = SF_CLI_FLAG, .field = OFF(insecure),
    .help_order = 270,
    .help = N_("      --insecure             do not verify TLS certificates "
               "(dangerous)") },
  { .name = "ipv4", .short_name = '4', .kind = SF_CLI_FLAG,
    .field = OFF(ipv4), .help_order = 264,
    .help = N_("  -4, --ipv4                 resolve host names to IPv4 "
               "addresses only") },
  { .name = "ipv6", .short_name = '6', .kind = SF_CLI_FLAG,
    .field = OFF(ipv6), .help_order = 265,
    .help = N_("  -6, --ipv6                 resolve host names to IPv6 "
               "addresses only") },
  { .name = "jobs", .short_name = 'j', .arg = REQ, .kind = SF_CLI_LONG,
    .field = OFF(jobs), .min = 1, .max = 1024, .help_order = 90,
    .in_defaults = true,
    .help = N_("  -j, --jobs N               files downloaded at once "
               "(default: 4)") },
  { .name = "json", .kind = SF_CLI_FLAG, .field = OFF(json),
    .help_order = 180,
    .help = N_("      --json                 print one JSON result line per "
               "file on stdout") },
  { .name = "limit-rate", .arg = REQ, .kind = SF_CLI_FUNC,
    .parse = parse_rate, .help_order = 146, .in_defaults = true,
    .help = N_("      --limit-rate RATE      cap the total download rate at "
               "RATE bytes/s (suffixes k, M, G)") },
  { .name = "log-file", .arg = REQ, .kind = SF_CLI_FUNC,
    .parse = set_log_file, .help_order = 212,
    .help = N_("      --log-file FILE        also append every message to "
               "FILE, each line stamped with the UTC time") },
  { .name = "max-time", .arg = REQ, .kind = SF_CLI_SECONDS,
    .field = OFF(max_time), .min = 0, .max = 2592000, .help_order = 145,
    .in_defaults = true,
    .help = N_("      --max-time S           fail a file not finished S "
               "seconds after its first request (default: 0, no limit)") },
  { .name = "md5", .arg = REQ, .kind = SF_CLI_HEX, .field = OFF(expect.md5),
    .max = 32, .help_order = 60,
    .help = N_("      --md5 HEX              expected MD5 of the file") },
  { .name = "metrics", .arg = REQ, .kind = SF_CLI_STRING,
    .field = OFF(metrics), .help_order = 215,
    .help = N_("      --metrics FILE         at the end, replace FILE with "
               "the run's figures (Prometheus text format)") },
  { .name = "no-continue", .kind = SF_CLI_FLAG, .field = OFF(no_continue),
    .help_order = 150,
    .help = N_("      --no-continue          discard any partial download "
               "and start over") },
  { .name = "noproxy", .arg = REQ, .kind = SF_CLI_STRING,
    .field = OFF(noproxy), .help_order = 263, .in_defaults = true,
    .help = N_("      --noproxy LIST         hosts reached without the proxy "
               "(comma-separated; '*' is all)") },
  { .name = "output", .short_name = 'o', .arg = REQ, .kind = SF_CLI_STRING,
    .field = OFF(output), .help_order = 10,
    .help = N_("  -o, --output FILE          write to FILE (one locator "
               "only); '-' is stdout") },
  { .name = "overwrite", .kind = SF_CLI_FLAG, .field = OFF(overwrite),
    .help_order = 160,
    .help = N_("      --overwrite            replace an existing output "
               "file") },
  { .name = "progress", .arg = REQ, .kind = SF_CLI_FUNC,
    .parse = parse_progress, .help_order = 190, .values = progress_names,
    .in_defaults = true,
    .help = N_("      --progress=WHEN        auto, bar, plain or none "
               "(default: auto)") },
  { .name = "proxy", .arg = REQ, .kind = SF_CLI_FUNC,
    .parse = parse_proxy, .help_order = 262, .in_defaults = true,
    .help = N_("      --proxy URL            use the proxy URL (http, https, "
               "socks4, socks4a, socks5, socks5h)") },
  { .name = "quiet", .short_name = 'q', .kind = SF_CLI_FLAG,
    .field = OFF(quiet), .help_order = 200,
    .help = N_("  -q, --quiet                print only errors") },
  { .name = "resolve-only", .kind = SF_CLI_FLAG, .field = OFF(resolve_only),
    .help_order = 220,
    .help = N_("      --resolve-only         print each locator's resolved "
               "download as JSON; download nothing") },
  { .name = "retries", .arg = REQ, .kind = SF_CLI_LONG,
    .field = OFF(retries), .min = 0, .max = 1000, .help_order = 110,
    .in_defaults = true,
    .help = N_("      --retries N            tries per file after the first "
               "(default: 5)") },
  { .name = "retry-delay", .arg = REQ, .kind = SF_CLI_SECONDS,
    .field = OFF(retry_delay), .min = 0, .max = 86400, .help_order = 120,
    .in_defaults = true,
    .help = N_("      --retry-delay S        first back-off delay in seconds "
               "(default: 1)") },
  { .name = "set", .arg = REQ, .kind = SF_CLI_LIST, .field = OFF(sets),
    .count_field = OFF(n_sets), .help_order = 250,
    .help = N_("      --set SECTION.KEY=VALUE  setting for this run "
               "(overrides the environment and the file)") },
  { .name = "sha1", .arg = REQ, .kind = SF_CLI_HEX,
    .field = OFF(expect.sha1), .max = 40, .help_order = 40,
    .help = N_("      --sha1 HEX             expected SHA-1 of the file") },
  { .name = "sha256", .arg = REQ, .kind = SF_CLI_HEX,
    .field = OFF(expect.sha256), .max = 64, .help_order = 50,
    .help = N_("      --sha256 HEX           expected SHA-256 of the "
               "file") },
  { .name = "shard", .arg = REQ, .kind = SF_CLI_FUNC, .parse = parse_shard,
    .help_order = 36,
    .help = N_("      --shard K/N            handle only the locators of "
               "shard K of N (0 <= K < N <= 65535)") },
  { .name = "show-secrets", .kind = SF_CLI_FLAG, .field = OFF(show_secrets),
    .help_order = 230,
    .help = N_("      --show-secrets         with --resolve-only: show URLs "
               "and header values unredacted") },
  { .name = "size", .arg = REQ, .kind = SF_CLI_FUNC, .parse = parse_size,
    .help_order = 70,
    .help = N_("      --size N               expected size of the file in "
               "bytes") },
  { .name = "skip-existing", .kind = SF_CLI_FLAG,
    .field = OFF(skip_existing), .help_order = 165, .in_defaults = true,
    .help = N_("      --skip-existing        skip an output that already "
               "exists, without downloading or checking it") },
  { .name = "stall-timeout", .arg = REQ, .kind = SF_CLI_SECONDS,
    .field = OFF(stall_timeout), .min = 0, .max = 86400, .help_order = 140,
    .in_defaults = true,
    .help = N_("      --stall-timeout S      give up a transfer that moves "
               "no byte for S seconds (default: 60; 0: never)") },
  { .name = "user-agent", .arg = REQ, .kind = SF_CLI_FUNC,
    .parse = parse_user_agent, .help_order = 266, .in_defaults = true,
    .help = N_("      --user-agent STRING    send User-Agent: STRING "
               "(default: sigfetch/VERSION)") },
  { .name = "verbose", .short_name = 'v', .kind = SF_CLI_COUNT,
    .field = OFF(verbose), .help_order = 210,
    .help = N_("  -v, --verbose              show requests and responses, "
               "secrets redacted") },
  { .name = "version", .kind = SF_CLI_ACTION, .min = SF_CLI_VERSION,
    .help_order = 290,
    .help = N_("      --version              show version information and "
               "exit") },
};

const struct sf_cli_option *
cli_options(size_t *count)
{
  *count = countof(options);
  return options;
}

/* ------------------------------------------------------------ value kinds */

/* The field of OPTS that O sets. */
static void *
field_of(const struct sf_cli_option *o, struct sf_options *opts)
{
  return (char *)opts + o->field;
}

/* "--NAME" for O, as messages name options, into BUF. */
static const char *
long_flag(const struct sf_cli_option *o, char *buf, size_t len)
{
  snprintf(buf, len, "--%s", o->name);
  return buf;
}

static enum sf_err
parse_long(const struct sf_cli_option *o, const char *arg, long *out,
           struct sf_error *err)
{
  char flag[64];
  char *end = NULL;
  long long v;

  errno = 0;
  v = strtoll(arg, &end, 10);
  if(errno || end == arg || *end || v < o->min || v > o->max)
    return error_set(err, SF_E_USAGE,
                     _("sigfetch: %s: '%s' is not a whole number from %ld to "
                       "%ld"), long_flag(o, flag, sizeof(flag)), arg, o->min,
                     o->max);
  *out = (long)v;
  return SF_OK;
}

/* Seconds with a '.' decimal point in every locale (num.c). */
static enum sf_err
parse_seconds(const struct sf_cli_option *o, const char *arg, double *out,
              struct sf_error *err)
{
  char flag[64];
  double v;

  if(!num_parse_double(arg, &v) || v < (double)o->min ||
     v > (double)o->max)
    return error_set(err, SF_E_USAGE,
                     _("sigfetch: %s: '%s' is not a number of seconds from "
                       "%ld to %ld"), long_flag(o, flag, sizeof(flag)), arg,
                     o->min, o->max);
  *out = v;
  return SF_OK;
}

/* Copy a hex digest of exactly O->max digits, lower-cased, into DST. */
static enum sf_err
parse_hex(const struct sf_cli_option *o, const char *arg, char *dst,
          struct sf_error *err)
{
  size_t len = (size_t)o->max;
  char flag[64];
  size_t i;

  if(strlen(arg) != len)
    goto bad;
  for(i = 0; i < len; i++) {
    char c = arg[i];
    if(c >= 'A' && c <= 'F')
      c = (char)(c - 'A' + 'a');
    if(!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
      goto bad;
    dst[i] = c;
  }
  dst[len] = '\0';
  return SF_OK;
bad:
  return error_set(err, SF_E_USAGE,
                   _("sigfetch: %s: expected %zu hexadecimal digits"),
                   long_flag(o, flag, sizeof(flag)), len);
}

/* Append ARG to the growing array *LIST of *N strings. */
static enum sf_err
push(const char ***list, size_t *n, const char *arg, struct sf_error *err)
{
  const char **grown = realloc(*list, (*n + 1) * sizeof(*grown));

  if(!grown)
    return error_set(err, SF_E_NOMEM, "%s", error_text(SF_E_NOMEM));
  grown[(*n)++] = arg;
  *list = grown;
  return SF_OK;
}

/* ---------------------------------------------------- option-own parsers */

static enum sf_err
parse_size(const struct sf_cli_option *o, const char *arg,
           struct sf_options *opts, struct sf_error *err)
{
  char *end = NULL;
  long long v;

  errno = 0;
  v = strtoll(arg, &end, 10);
  if(errno || end == arg || *end || v < 0)
    return error_set(err, SF_E_USAGE,
                     _("sigfetch: --size: '%s' is not a byte count"), arg);
  opts->expect.size = (int64_t)v;
  return SF_OK;
}

static enum sf_err
parse_progress(const struct sf_cli_option *o, const char *arg,
               struct sf_options *opts, struct sf_error *err)
{
  size_t i;

  for(i = 0; progress_names[i]; i++) {
    if(!strcmp(arg, progress_names[i])) {
      opts->progress = (enum sf_progress_mode)i;
      return SF_OK;
    }
  }
  return error_set(err, SF_E_USAGE,
                   _("sigfetch: --progress: '%s' is not one of auto, bar, "
                     "plain, none"), arg);
}

static enum sf_err
add_header(const struct sf_cli_option *o, const char *arg,
           struct sf_options *opts, struct sf_error *err)
{
  const char *colon = strchr(arg, ':');

  if(!colon || colon == arg || strpbrk(arg, "\r\n"))
    return error_set(err, SF_E_USAGE,
                     _("sigfetch: --header: expected 'NAME: VALUE'"));
  return push(&opts->headers, &opts->n_headers, arg, err);
}

/* RATE: bytes per second, a number (fractions allowed) with an optional
   1024-based suffix k, M or G, as curl's --limit-rate; 0 is no limit. */
static enum sf_err
parse_rate(const struct sf_cli_option *o, const char *arg,
           struct sf_options *opts, struct sf_error *err)
{
  char num[64];
  size_t len = strlen(arg);
  double mult = 1.0;
  double v;

  (void)o;
  if(len && strchr("kK", arg[len - 1]))
    mult = 1024.0;
  else if(len && strchr("mM", arg[len - 1]))
    mult = 1024.0 * 1024.0;
  else if(len && strchr("gG", arg[len - 1]))
    mult = 1024.0 * 1024.0 * 1024.0;
  if(mult > 1.0)
    len--;
  if(len >= sizeof(num))
    goto bad;
  memcpy(num, arg, len);
  num[len] = '\0';
  if(!num_parse_double(num, &v) || v < 0 || v * mult > 1e15 ||
     (v > 0 && v * mult < 1.0))
    goto bad;
  opts->limit_rate = (int64_t)(v * mult + 0.5);
  return SF_OK;
bad:
  return error_set(err, SF_E_USAGE,
                   _("sigfetch: --limit-rate: '%s' is not a rate in bytes "
                     "per second (a number, optionally followed by k, M or "
                     "G)"), arg);
}

/* Remember the credentials a proxy URL carries ("scheme://user:password@
   host"), so that no message or trace ever shows them. */
static bool
hide_proxy_credentials(const char *url)
{
  const char *p = strstr(url, "://");
  const char *host = p ? p + 3 : url;
  const char *at = strchr(host, '@');
  const char *slash = strchr(host, '/');
  const char *colon;
  char cred[512];

  if(!at || (slash && slash < at) || (size_t)(at - host) >= sizeof(cred))
    return true;
  snprintf(cred, sizeof(cred), "%.*s", (int)(at - host), host);
  colon = strchr(cred, ':');
  if(colon && colon[1] && !redact_add_secret(colon + 1))
    return false;
  return redact_add_secret(cred);
}

/* --proxy URL: as curl's; "" uses no proxy at all, not even the
   environment's.  A scheme libcurl would refuse at the first request is
   refused here. */
static enum sf_err
parse_proxy(const struct sf_cli_option *o, const char *arg,
            struct sf_options *opts, struct sf_error *err)
{
  static const char *const schemes[] = { "http", "https", "socks4",
                                         "socks4a", "socks5", "socks5h" };
  const char *sep = strstr(arg, "://");
  size_t i;

  (void)o;
  if(strpbrk(arg, " \t\r\n"))
    goto bad;
  for(i = 0; sep && i < countof(schemes); i++)
    if(strlen(schemes[i]) == (size_t)(sep - arg) &&
       !strncasecmp(arg, schemes[i], (size_t)(sep - arg)))
      break;
  if(sep && i == countof(schemes))
    goto bad;
  if(!hide_proxy_credentials(arg))
    return error_set(err, SF_E_NOMEM, "%s", error_text(SF_E_NOMEM));
  opts->proxy = arg;
  return SF_OK;
bad:
  /* TRANSLATORS: the proxy URL is not shown: it may carry a password */
  return error_set(err, SF_E_USAGE,
                   _("sigfetch: --proxy: expected [SCHEME://][USER:PASSWORD@]"
                     "HOST[:PORT] with SCHEME one of http, https, socks4, "
                     "socks4a, socks5, socks5h"));
}

static enum sf_err
parse_user_agent(const struct sf_cli_option *o, const char *arg,
                 struct sf_options *opts, struct sf_error *err)
{
  const char *p;

  (void)o;
  for(p = arg; *p; p++)
    if((unsigned char)*p < 0x20 && *p != '\t')
      return error_set(err, SF_E_USAGE,
                       _("sigfetch: --user-agent: control characters are "
                         "not allowed"));
  opts->user_agent = arg;
  return SF_OK;
}

static enum sf_err
set_archive(const struct sf_cli_option *o, const char *arg,
            struct sf_options *opts, struct sf_error *err)
{
  opts->archive = arg;
  if(archive_out_check_suffix(arg, err)) {
    char msg[sizeof(err->message)];
    snprintf(msg, sizeof(msg), "%s", err->message);
    return error_set(err, SF_E_USAGE, "sigfetch: --archive: %.900s", msg);
  }
  return SF_OK;
}

static enum sf_err
set_log_file(const struct sf_cli_option *o, const char *arg,
             struct sf_options *opts, struct sf_error *err)
{
  if(!*arg)
    return error_set(err, SF_E_USAGE,
                     _("sigfetch: --log-file: the file name is empty"));
  opts->log_file = arg;
  return SF_OK;
}

/* "K/N" with 0 <= K < N <= 65535, both plain decimal numbers. */
static enum sf_err
parse_shard(const struct sf_cli_option *o, const char *arg,
            struct sf_options *opts, struct sf_error *err)
{
  const char *slash = strchr(arg, '/');
  unsigned long k;
  unsigned long n;
  char *end = NULL;

  if(!slash || !isdigit((unsigned char)arg[0]) ||
     !isdigit((unsigned char)slash[1]))
    goto bad;
  errno = 0;
  k = strtoul(arg, &end, 10);
  if(errno || end != slash)
    goto bad;
  n = strtoul(slash + 1, &end, 10);
  if(errno || *end || n < 1 || n > 65535 || k >= n)
    goto bad;
  opts->shard_k = k;
  opts->shard_n = n;
  return SF_OK;
bad:
  return error_set(err, SF_E_USAGE,
                   _("sigfetch: --shard: '%s' is not K/N with 0 <= K < N <= "
                     "65535"), arg);
}

/* ---------------------------------------------------------------- parsing */

static void
set_defaults(struct sf_options *opts)
{
  memset(opts, 0, sizeof(*opts));
  opts->directory = ".";
  opts->expect.size = -1;
  opts->jobs = 4;
  opts->connections = 1;
  opts->retries = 5;
  opts->retry_delay = 1.0;
  /* never hang by default: a dead peer is given up, then retried */
  opts->connect_timeout = 30.0;
  opts->stall_timeout = 60.0;
  opts->progress = SF_PROGRESS_AUTO;
}

/* Apply option O with argument ARG (NULL when it takes none). */
static enum sf_err
apply_option(const struct sf_cli_option *o, const char *arg,
             struct sf_options *opts, enum sf_cli_action *action,
             struct sf_error *err)
{
  void *field = field_of(o, opts);

  switch(o->kind) {
  case SF_CLI_FLAG:
    *(bool *)field = true;
    return SF_OK;
  case SF_CLI_COUNT:
    (*(int *)field)++;
    return SF_OK;
  case SF_CLI_STRING:
    *(const char **)field = arg;
    return SF_OK;
  case SF_CLI_LONG:
    return parse_long(o, arg, field, err);
  case SF_CLI_SECONDS:
    return parse_seconds(o, arg, field, err);
  case SF_CLI_HEX:
    return parse_hex(o, arg, field, err);
  case SF_CLI_LIST:
    return push(field, (size_t *)((char *)opts + o->count_field), arg, err);
  case SF_CLI_FUNC:
    return o->parse(o, arg, opts, err);
  case SF_CLI_ACTION:
    *action = (enum sf_cli_action)o->min;
    return SF_OK;
  }
  return error_set(err, SF_E_INTERNAL, "%s", error_text(SF_E_INTERNAL));
}

/* The getopt_long array for options[], with its terminating zero entry. */
static void
build_long_options(struct option *longs)
{
  size_t i;

  for(i = 0; i < countof(options); i++) {
    longs[i].name = options[i].name;
    longs[i].has_arg = options[i].arg == REQ ? required_argument
                                             : no_argument;
    longs[i].flag = NULL;
    longs[i].val = options[i].short_name ? options[i].short_name
                                         : CLI_LONG_ONLY + (int)i;
  }
  memset(&longs[i], 0, sizeof(longs[i]));
}

/* The getopt short-option string: ':' first (report a missing value as
   ':'), then each letter, followed by ':' when it takes a value. */
static void
build_short_options(char *shorts)
{
  size_t i;
  size_t n = 0;

  shorts[n++] = ':';
  for(i = 0; i < countof(options); i++) {
    if(!options[i].short_name)
      continue;
    shorts[n++] = options[i].short_name;
    if(options[i].arg == REQ)
      shorts[n++] = ':';
  }
  shorts[n] = '\0';
}

/* The entry for getopt_long's return value C, or NULL. */
static const struct sf_cli_option *
option_for(int c)
{
  size_t i;

  if(c >= CLI_LONG_ONLY && (size_t)(c - CLI_LONG_ONLY) < countof(options))
    return &options[c - CLI_LONG_ONLY];
  for(i = 0; i < countof(options); i++)
    if(options[i].short_name && options[i].short_name == c)
      return &options[i];
  return NULL;
}

static enum sf_err
check_combination(const struct sf_options *opts, struct sf_error *err)
{
  const struct sf_expect *e = &opts->expect;
  bool expects = e->size >= 0 || e->sha1[0] || e->sha256[0] || e->md5[0];

  size_t n = opts->n_locators + (opts->input_file ? 2 : 0);

  if(n == 0)
    return error_set(err, SF_E_USAGE,
                     _("sigfetch: no locator given (try 'sigfetch --help')"));
  if(opts->output && n > 1)
    return error_set(err, SF_E_USAGE,
                     _("sigfetch: --output takes one locator only"));
  if(opts->json && opts->output && !strcmp(opts->output, "-"))
    return error_set(err, SF_E_USAGE,
                     _("sigfetch: --json and --output - both want standard "
                       "output"));
  if(opts->archive && opts->output)
    return error_set(err, SF_E_USAGE,
                     _("sigfetch: --archive names the files itself; "
                       "--output does not go with it"));
  if(opts->show_secrets && !opts->resolve_only)
    return error_set(err, SF_E_USAGE,
                     _("sigfetch: --show-secrets works with --resolve-only "
                       "only"));
  if(expects && n > 1)
    return error_set(err, SF_E_USAGE,
                     _("sigfetch: --size and checksums take one locator "
                       "only"));
  if(opts->ipv4 && opts->ipv6)
    return error_set(err, SF_E_USAGE,
                     _("sigfetch: -4 (--ipv4) and -6 (--ipv6) exclude each "
                       "other"));
  return SF_OK;
}

static enum sf_err
getopt_error(int c, const char *what, struct sf_error *err)
{
  if(c == '?')
    return error_set(err, SF_E_USAGE,
                     _("sigfetch: unknown option '%s' (try 'sigfetch "
                       "--help')"), what);
  return error_set(err, SF_E_USAGE,
                   _("sigfetch: option '%s' needs a value"), what);
}

/* Is the --set argument ARG ("SECTION.KEY=VALUE") a secret setting?  An
   unknown key counts as secret (it may be a misspelt one). */
static bool
set_is_secret(const char *arg)
{
  char key[128];
  const char *eq = strchr(arg, '=');

  if(!eq || (size_t)(eq - arg) >= sizeof(key))
    return eq != NULL;
  snprintf(key, sizeof(key), "%.*s", (int)(eq - arg), arg);
  return config_is_secret(key);
}

/* Keep a copy of every secret --set value and overwrite its bytes in argv
   (they point there), so that the secret does not stay visible in
   /proc/PID/cmdline or ps for the whole run, as curl does for -u. */
static enum sf_err
wipe_secret_sets(struct sf_options *opts, struct sf_error *err)
{
  size_t i;

  if(!opts->n_sets)
    return SF_OK;
  opts->set_copies = calloc(opts->n_sets, sizeof(*opts->set_copies));
  if(!opts->set_copies)
    return error_set(err, SF_E_NOMEM, "%s", error_text(SF_E_NOMEM));
  for(i = 0; i < opts->n_sets; i++) {
    char *value;

    if(!set_is_secret(opts->sets[i]))
      continue;
    opts->set_copies[i] = strdup(opts->sets[i]);
    if(!opts->set_copies[i])
      return error_set(err, SF_E_NOMEM, "%s", error_text(SF_E_NOMEM));
    value = strchr((char *)opts->sets[i], '=') + 1;
    memset(value, '*', strlen(value));
    opts->sets[i] = opts->set_copies[i];
  }
  return SF_OK;
}

/* --proxy ARG from the command line: when its URL carries a password,
   keep a copy for the run and overwrite the password in argv (ARG points
   there), as wipe_secret_sets does for --set. */
static enum sf_err
wipe_proxy_password(struct sf_options *opts, char *arg, struct sf_error *err)
{
  char *sep = strstr(arg, "://");
  char *host = sep ? sep + 3 : arg;
  char *at = strchr(host, '@');
  char *slash = strchr(host, '/');
  char *colon = at ? memchr(host, ':', (size_t)(at - host)) : NULL;
  char *copy;

  if(!colon || (slash && slash < at) || colon + 1 == at)
    return SF_OK;
  copy = strdup(arg);
  if(!copy)
    return error_set(err, SF_E_NOMEM, "%s", error_text(SF_E_NOMEM));
  if(opts->proxy_copy) {
    memset(opts->proxy_copy, 0, strlen(opts->proxy_copy));
    free(opts->proxy_copy);
  }
  opts->proxy_copy = copy;
  opts->proxy = copy;
  memset(colon + 1, '*', (size_t)(at - colon - 1));
  return SF_OK;
}

/* Option I of the table was on the command line. */
static void
mark_given(struct sf_options *opts, size_t i)
{
  opts->cli_given[i / 8] |= (unsigned char)(1u << (i % 8));
}

static bool
was_given(const struct sf_options *opts, size_t i)
{
  return (opts->cli_given[i / 8] >> (i % 8)) & 1u;
}

enum sf_err
cli_parse(int argc, char **argv, struct sf_options *opts,
          enum sf_cli_action *action, struct sf_error *err)
{
  struct option longs[countof(options) + 1];
  char shorts[2 * countof(options) + 2];
  int c;

  _Static_assert(countof(options) <= 8 * sizeof(opts->cli_given),
                "struct sf_options: cli_given has a bit per option");
  set_defaults(opts);
  *action = SF_CLI_RUN;
  build_long_options(longs);
  build_short_options(shorts);
  opterr = 0;
  optind = 0; /* 0, not 1: glibc, musl and BSD then start afresh */
  while((c = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
    const struct sf_cli_option *o = option_for(c);
    enum sf_err rc;

    if(c == '?' || c == ':' || !o)
      return getopt_error(c, argv[optind - 1], err);
    mark_given(opts, (size_t)(o - options));
    rc = apply_option(o, optarg, opts, action, err);
    if(!rc && o->parse == parse_proxy && optarg)
      rc = wipe_proxy_password(opts, optarg, err);
    if(rc)
      return rc;
  }
  if(wipe_secret_sets(opts, err))
    return err->code;
  if(*action != SF_CLI_RUN)
    return SF_OK;
  opts->locators = (const char **)(argv + optind);
  opts->n_locators = (size_t)(argc - optind);
  return check_combination(opts, err);
}

/* ------------------------------------------------------ config defaults */

/* The option that [defaults] key KEY names ("retry_delay" for
   --retry-delay), when it may have a default there; else NULL. */
static const struct sf_cli_option *
default_option(const char *key)
{
  char name[64];
  size_t i;

  if(strlen(key) >= sizeof(name) || strchr(key, '-'))
    return NULL;
  for(i = 0; key[i]; i++)
    name[i] = key[i] == '_' ? '-' : key[i];
  name[i] = '\0';
  for(i = 0; i < countof(options); i++)
    if(options[i].in_defaults && !strcmp(options[i].name, name))
      return &options[i];
  return NULL;
}

/* VALUE for option O through the command line's own parser; a flag
   takes true or false. */
static enum sf_err
apply_default(const struct sf_cli_option *o, const char *value,
              struct sf_options *opts, struct sf_error *err)
{
  enum sf_cli_action action = SF_CLI_RUN;
  char flag[64];

  if(o->kind != SF_CLI_FLAG)
    return apply_option(o, value, opts, &action, err);
  if(strcmp(value, "true") && strcmp(value, "false"))
    return error_set(err, SF_E_USAGE,
                     _("sigfetch: %s: '%s' is neither true nor false"),
                     long_flag(o, flag, sizeof(flag)), value);
  *(bool *)field_of(o, opts) = !strcmp(value, "true");
  return SF_OK;
}

enum sf_err
cli_apply_defaults(struct sf_options *opts, const struct sf_config *cfg,
                   struct sf_error *err)
{
  const char *fname = NULL;
  size_t n = 0;
  const struct sf_config_default *d = config_defaults(cfg, &n, &fname);
  size_t i;

  for(i = 0; i < n; i++) {
    const struct sf_cli_option *o = default_option(d[i].key);
    struct sf_options scratch = *opts;
    char why[sizeof(err->message)];
    const char *shown;

    if(!o)
      return error_set(err, SF_E_CONFIG,
                       _("sigfetch: %s:%d: unknown key '%s' in [defaults] "
                         "(keys are long option names with '_' for '-', "
                         "see sigfetch(1))"), fname, d[i].line, d[i].key);
    /* checked even when the command line wins: a bad file is a bad file */
    if(apply_default(o, d[i].value, &scratch, err)) {
      shown = err->message;
      if(!strncmp(shown, "sigfetch: ", 10))
        shown += 10;
      snprintf(why, sizeof(why), "%s", shown);
      return error_set(err, SF_E_CONFIG,
                       _("sigfetch: %s:%d: [defaults] %s: %.900s"), fname,
                       d[i].line, d[i].key, why);
    }
    if(!was_given(opts, (size_t)(o - options)))
      *opts = scratch;
  }
  return SF_OK;
}

void
cli_free(struct sf_options *opts)
{
  size_t i;

  for(i = 0; opts->set_copies && i < opts->n_sets; i++) {
    if(opts->set_copies[i])
      memset(opts->set_copies[i], 0, strlen(opts->set_copies[i]));
    free(opts->set_copies[i]);
  }
  free(opts->set_copies);
  opts->set_copies = NULL;
  if(opts->proxy_copy) {
    memset(opts->proxy_copy, 0, strlen(opts->proxy_copy));
    free(opts->proxy_copy);
    opts->proxy_copy = NULL;
  }
  free(opts->headers);
  free(opts->sets);
  opts->headers = NULL;
  opts->sets = NULL;
  opts->n_headers = 0;
  opts->n_sets = 0;
}

/* ------------------------------------------------------------------ texts */

/* The entry --help prints after help order AFTER, or NULL at the end. */
static const struct sf_cli_option *
next_in_help(int after)
{
  const struct sf_cli_option *best = NULL;
  size_t i;

  for(i = 0; i < countof(options); i++)
    if(options[i].help_order > after &&
       (!best || options[i].help_order < best->help_order))
      best = &options[i];
  return best;
}

void
cli_print_help(void)
{
  const struct sf_cli_option *o;

  printf("%s\n", _("Usage: sigfetch [OPTION]... LOCATOR..."));
  printf("%s\n", _("  or:  sigfetch [OPTION]... -i FILE"));
  printf("%s\n", _("Download files behind provider-signed URLs, resume them, "
                   "verify them, then commit them atomically."));
  printf("\n%s\n", _("Locators: http://URL, https://URL, "
                     "kdocs:personal/FILE_TOKEN, kdocs:app/FILE_TOKEN, "
                     "cloud://ENV.BUCKET/PATH, ekuaibao:ID:KEY, "
                     "fxiaoke:PATH"));
  printf("\n%s\n", _("Options:"));
  for(o = next_in_help(-1); o; o = next_in_help(o->help_order))
    printf("%s\n", _(o->help));
  printf("\n%s\n", _("Exit status: 0 ok, 1 internal error, 2 usage, "
                     "3 configuration, 4 provider, 5 network, 6 integrity, "
                     "7 local file."));
  printf("%s\n", _("See sigfetch(1) for the full manual."));
  printf("%s\n", _("To report a bug, run the command again with -v and "
                   "--json and send its output (secrets are masked); see "
                   "REPORTING BUGS in sigfetch(1)."));
}

void
cli_print_version(void)
{
  const curl_version_info_data *cv = curl_version_info(CURLVERSION_NOW);

  printf("sigfetch %s\n", PACKAGE_VERSION);
  /* the libraries in use at run time, as curl -V shows them */
  printf("libcurl/%s OpenSSL/%s cJSON/%s libarchive/%s\n", cv->version,
         digest_lib_version(), cJSON_Version(), archive_out_lib_version());
  printf("libcurl: %s\n", curl_version());
  printf("libarchive: %s\n", archive_out_lib_details());
  printf("%s\n", _("Copyright (C) 2026 the sigfetch authors."));
  printf("%s\n", _("License GPLv3+: GNU GPL version 3 or later "
                   "<https://gnu.org/licenses/gpl.html>."));
  printf("%s\n", _("This is free software: you are free to change and "
                   "redistribute it."));
  printf("%s\n", _("There is NO WARRANTY, to the extent permitted by law."));
}
