/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli.c owns the option table, getopt_long parsing, value checks and the
   --help / --version texts.  It fills struct sf_options and nothing else. */
#include "cli.h"

#include "archive_out.h"

#include <getopt.h>
#include <math.h>

enum {
  OPT_SHA1 = 256,
  OPT_SHA256,
  OPT_MD5,
  OPT_SIZE,
  OPT_RETRIES,
  OPT_RETRY_DELAY,
  OPT_CONNECT_TIMEOUT,
  OPT_STALL_TIMEOUT,
  OPT_NO_CONTINUE,
  OPT_OVERWRITE,
  OPT_JSON,
  OPT_PROGRESS,
  OPT_CACERT,
  OPT_INSECURE,
  OPT_HELP,
  OPT_VERSION,
  OPT_CONFIG,
  OPT_SET,
  OPT_RESOLVE_ONLY,
  OPT_SHOW_SECRETS,
  OPT_ARCHIVE
};

static const struct option long_options[] = {
  { "archive", required_argument, NULL, OPT_ARCHIVE },
  { "cacert", required_argument, NULL, OPT_CACERT },
  { "config", required_argument, NULL, OPT_CONFIG },
  { "connect-timeout", required_argument, NULL, OPT_CONNECT_TIMEOUT },
  { "connections", required_argument, NULL, 'x' },
  { "directory", required_argument, NULL, 'P' },
  { "header", required_argument, NULL, 'H' },
  { "help", no_argument, NULL, OPT_HELP },
  { "input-file", required_argument, NULL, 'i' },
  { "insecure", no_argument, NULL, OPT_INSECURE },
  { "jobs", required_argument, NULL, 'j' },
  { "json", no_argument, NULL, OPT_JSON },
  { "md5", required_argument, NULL, OPT_MD5 },
  { "no-continue", no_argument, NULL, OPT_NO_CONTINUE },
  { "output", required_argument, NULL, 'o' },
  { "overwrite", no_argument, NULL, OPT_OVERWRITE },
  { "progress", required_argument, NULL, OPT_PROGRESS },
  { "quiet", no_argument, NULL, 'q' },
  { "resolve-only", no_argument, NULL, OPT_RESOLVE_ONLY },
  { "retries", required_argument, NULL, OPT_RETRIES },
  { "retry-delay", required_argument, NULL, OPT_RETRY_DELAY },
  { "set", required_argument, NULL, OPT_SET },
  { "sha1", required_argument, NULL, OPT_SHA1 },
  { "sha256", required_argument, NULL, OPT_SHA256 },
  { "show-secrets", no_argument, NULL, OPT_SHOW_SECRETS },
  { "size", required_argument, NULL, OPT_SIZE },
  { "stall-timeout", required_argument, NULL, OPT_STALL_TIMEOUT },
  { "verbose", no_argument, NULL, 'v' },
  { "version", no_argument, NULL, OPT_VERSION },
  { NULL, 0, NULL, 0 }
};

/* One translatable piece per option, in the order --help prints them. */
static const char *const help_lines[] = {
  N_("  -o, --output FILE          write to FILE (one locator only); '-' is "
     "stdout"),
  N_("  -P, --directory DIR        save files in DIR (default: .)"),
  N_("  -i, --input-file FILE      read locators from FILE ('-' is stdin), "
     "one per line or one JSON object per line"),
  N_("      --sha1 HEX             expected SHA-1 of the file"),
  N_("      --sha256 HEX           expected SHA-256 of the file"),
  N_("      --md5 HEX              expected MD5 of the file"),
  N_("      --size N               expected size of the file in bytes"),
  N_("  -H, --header 'NAME: VALUE' extra header on the download request"),
  N_("  -j, --jobs N               files downloaded at once (default: 4)"),
  N_("  -x, --connections N        connections per file, for large files "
     "(default: 1)"),
  N_("      --retries N            tries per file after the first "
     "(default: 5)"),
  N_("      --retry-delay S        first back-off delay in seconds "
     "(default: 1)"),
  N_("      --connect-timeout S    give up a connection not made in S "
     "seconds"),
  N_("      --stall-timeout S      give up a transfer that moves no byte for "
     "S seconds"),
  N_("      --no-continue          discard any partial download and start "
     "over"),
  N_("      --overwrite            replace an existing output file"),
  N_("      --archive FILE         write verified files into the archive FILE "
     "(.tar, .tar.gz, .tgz, .tar.xz, .tar.zst, .zip, .7z)"),
  N_("      --json                 print one JSON result line per file on "
     "stdout"),
  N_("      --progress=WHEN        auto, bar, plain or none (default: auto)"),
  N_("  -q, --quiet                print only errors"),
  N_("  -v, --verbose              show requests and responses, secrets "
     "redacted"),
  N_("      --resolve-only         print each locator's resolved download as "
     "JSON; download nothing"),
  N_("      --show-secrets         with --resolve-only: show URLs and header "
     "values unredacted"),
  N_("      --config FILE          read settings from FILE"),
  N_("      --set SECTION.KEY=VALUE  setting for this run (overrides the "
     "environment and the file)"),
  N_("      --cacert FILE          trust the CA certificates in FILE"),
  N_("      --insecure             do not verify TLS certificates "
     "(dangerous)"),
  N_("      --help                 show this help and exit"),
  N_("      --version              show version information and exit"),
};

static enum sf_err
parse_count(const char *name, const char *arg, long min, long max, long *out,
            struct sf_error *err)
{
  char *end = NULL;
  long long v;

  errno = 0;
  v = strtoll(arg, &end, 10);
  if(errno || end == arg || *end || v < min || v > max)
    return error_set(err, SF_E_USAGE,
                     _("sigfetch: %s: '%s' is not a whole number from %ld to "
                       "%ld"), name, arg, min, max);
  *out = (long)v;
  return SF_OK;
}

static enum sf_err
parse_seconds(const char *name, const char *arg, double *out,
              struct sf_error *err)
{
  char *end = NULL;
  double v;

  errno = 0;
  v = strtod(arg, &end);
  if(errno || end == arg || *end || !isfinite(v) || v < 0 || v > 86400)
    return error_set(err, SF_E_USAGE,
                     _("sigfetch: %s: '%s' is not a number of seconds from 0 "
                       "to 86400"), name, arg);
  *out = v;
  return SF_OK;
}

static enum sf_err
parse_size(const char *arg, int64_t *out, struct sf_error *err)
{
  char *end = NULL;
  long long v;

  errno = 0;
  v = strtoll(arg, &end, 10);
  if(errno || end == arg || *end || v < 0)
    return error_set(err, SF_E_USAGE,
                     _("sigfetch: --size: '%s' is not a byte count"), arg);
  *out = (int64_t)v;
  return SF_OK;
}

/* Copy a hex digest of exactly LEN digits, lower-cased, into DST. */
static enum sf_err
parse_hex(const char *name, const char *arg, size_t len, char *dst,
          struct sf_error *err)
{
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
                   _("sigfetch: %s: expected %zu hexadecimal digits"), name,
                   len);
}

static enum sf_err
parse_progress(const char *arg, enum sf_progress_mode *out,
               struct sf_error *err)
{
  static const char *const names[] = { "auto", "bar", "plain", "none" };
  size_t i;

  for(i = 0; i < countof(names); i++) {
    if(!strcmp(arg, names[i])) {
      *out = (enum sf_progress_mode)i;
      return SF_OK;
    }
  }
  return error_set(err, SF_E_USAGE,
                   _("sigfetch: --progress: '%s' is not one of auto, bar, "
                     "plain, none"), arg);
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

static enum sf_err
add_header(struct sf_options *opts, const char *arg, struct sf_error *err)
{
  const char *colon = strchr(arg, ':');

  if(!colon || colon == arg || strpbrk(arg, "\r\n"))
    return error_set(err, SF_E_USAGE,
                     _("sigfetch: --header: expected 'NAME: VALUE'"));
  return push(&opts->headers, &opts->n_headers, arg, err);
}

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
  opts->progress = SF_PROGRESS_AUTO;
}

/* Apply one parsed option C with argument ARG. */
static enum sf_err
apply_option(struct sf_options *opts, int c, const char *arg,
             enum sf_cli_action *action, struct sf_error *err)
{
  switch(c) {
  case 'o': opts->output = arg; return SF_OK;
  case 'P': opts->directory = arg; return SF_OK;
  case 'i': opts->input_file = arg; return SF_OK;
  case 'H': return add_header(opts, arg, err);
  case 'j': return parse_count("--jobs", arg, 1, 1024, &opts->jobs, err);
  case 'x':
    return parse_count("--connections", arg, 1, 16, &opts->connections, err);
  case 'q': opts->quiet = true; return SF_OK;
  case 'v': opts->verbose++; return SF_OK;
  case OPT_SHA1: return parse_hex("--sha1", arg, 40, opts->expect.sha1, err);
  case OPT_SHA256:
    return parse_hex("--sha256", arg, 64, opts->expect.sha256, err);
  case OPT_MD5: return parse_hex("--md5", arg, 32, opts->expect.md5, err);
  case OPT_SIZE: return parse_size(arg, &opts->expect.size, err);
  case OPT_RETRIES:
    return parse_count("--retries", arg, 0, 1000, &opts->retries, err);
  case OPT_RETRY_DELAY:
    return parse_seconds("--retry-delay", arg, &opts->retry_delay, err);
  case OPT_CONNECT_TIMEOUT:
    return parse_seconds("--connect-timeout", arg, &opts->connect_timeout,
                         err);
  case OPT_STALL_TIMEOUT:
    return parse_seconds("--stall-timeout", arg, &opts->stall_timeout, err);
  case OPT_NO_CONTINUE: opts->no_continue = true; return SF_OK;
  case OPT_OVERWRITE: opts->overwrite = true; return SF_OK;
  case OPT_JSON: opts->json = true; return SF_OK;
  case OPT_PROGRESS: return parse_progress(arg, &opts->progress, err);
  case OPT_CACERT: opts->cacert = arg; return SF_OK;
  case OPT_INSECURE: opts->insecure = true; return SF_OK;
  case OPT_ARCHIVE:
    opts->archive = arg;
    if(archive_out_check_suffix(arg, err)) {
      char msg[sizeof(err->message)];
      snprintf(msg, sizeof(msg), "%s", err->message);
      return error_set(err, SF_E_USAGE, "sigfetch: --archive: %.900s", msg);
    }
    return SF_OK;
  case OPT_CONFIG: opts->config_file = arg; return SF_OK;
  case OPT_SET: return push(&opts->sets, &opts->n_sets, arg, err);
  case OPT_RESOLVE_ONLY: opts->resolve_only = true; return SF_OK;
  case OPT_SHOW_SECRETS: opts->show_secrets = true; return SF_OK;
  case OPT_HELP: *action = SF_CLI_HELP; return SF_OK;
  case OPT_VERSION: *action = SF_CLI_VERSION; return SF_OK;
  default:
    return error_set(err, SF_E_USAGE,
                     _("sigfetch: try 'sigfetch --help' for more "
                       "information"));
  }
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
  return SF_OK;
}

enum sf_err
cli_parse(int argc, char **argv, struct sf_options *opts,
          enum sf_cli_action *action, struct sf_error *err)
{
  int c;
  enum sf_err rc;

  set_defaults(opts);
  *action = SF_CLI_RUN;
  opterr = 0;
  optind = 1;
  while((c = getopt_long(argc, argv, ":o:P:i:H:j:x:qv", long_options, NULL))
        != -1) {
    if(c == '?' || c == ':') {
      const char *what = argv[optind - 1];
      if(c == '?')
        return error_set(err, SF_E_USAGE,
                         _("sigfetch: unknown option '%s' (try 'sigfetch "
                           "--help')"), what);
      return error_set(err, SF_E_USAGE,
                       _("sigfetch: option '%s' needs a value"), what);
    }
    rc = apply_option(opts, c, optarg, action, err);
    if(rc)
      return rc;
  }
  if(*action != SF_CLI_RUN)
    return SF_OK;
  opts->locators = (const char **)(argv + optind);
  opts->n_locators = (size_t)(argc - optind);
  return check_combination(opts, err);
}

void
cli_free(struct sf_options *opts)
{
  free(opts->headers);
  free(opts->sets);
  opts->headers = NULL;
  opts->sets = NULL;
  opts->n_headers = 0;
  opts->n_sets = 0;
}

void
cli_print_help(void)
{
  size_t i;

  printf("%s\n", _("Usage: sigfetch [OPTION]... LOCATOR..."));
  printf("%s\n", _("  or:  sigfetch [OPTION]... -i FILE"));
  printf("%s\n", _("Download files behind provider-signed URLs, resume them, "
                   "verify them, then commit them atomically."));
  printf("\n%s\n", _("Locators: http://URL, https://URL, "
                     "kdocs:personal/FILE_TOKEN, kdocs:app/FILE_TOKEN, "
                     "cloud://ENV.BUCKET/PATH, ekuaibao:ID:KEY, "
                     "fxiaoke:PATH"));
  printf("\n%s\n", _("Options:"));
  for(i = 0; i < countof(help_lines); i++)
    printf("%s\n", _(help_lines[i]));
  printf("\n%s\n", _("Exit status: 0 ok, 1 internal error, 2 usage, "
                     "3 configuration, 4 provider, 5 network, 6 integrity, "
                     "7 local file."));
  printf("%s\n", _("See sigfetch(1) for the full manual."));
}

void
cli_print_version(void)
{
  printf("sigfetch %s\n", PACKAGE_VERSION);
  printf("%s\n", _("Copyright (C) 2026 the sigfetch authors."));
  printf("%s\n", _("License GPLv3+: GNU GPL version 3 or later "
                   "<https://gnu.org/licenses/gpl.html>."));
  printf("%s\n", _("This is free software: you are free to change and "
                   "redistribute it."));
  printf("%s\n", _("There is NO WARRANTY, to the extent permitted by law."));
}
