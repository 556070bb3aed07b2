/* SPDX-License-Identifier: GPL-3.0-or-later */
/* main.c sets up the locale and signals, runs, and is the only place that
   exits: the status comes from error.c's table. */
#include "system.h"

#include <curl/curl.h>
#include <locale.h>
#include <signal.h>

#include "cli.h"
#include "config.h"
#include "fdlimit.h"
#include "log.h"
#include "redact.h"
#include "run.h"

/* The one piece of mutable global state: which signal asked us to stop. */
static volatile sig_atomic_t stop_signal;

static void
on_signal(int sig)
{
  stop_signal = sig;
}

static void
setup_signals(void)
{
  struct sigaction sa;

  memset(&sa, 0, sizeof(sa));
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
  sa.sa_handler = SIG_IGN;
  sigaction(SIGPIPE, &sa, NULL);
}

static void
setup_locale(void)
{
#if ENABLE_NLS
  /* SIGFETCH_LOCALEDIR lets tests and the demo use uninstalled catalogues */
  const char *dir = getenv("SIGFETCH_LOCALEDIR");
#endif

  setlocale(LC_ALL, "");
#if ENABLE_NLS
  bindtextdomain(PACKAGE, dir && *dir ? dir : LOCALEDIR);
  textdomain(PACKAGE);
#endif
}

/* config_load, and the warning about a config file others can read. */
static enum sf_err
load_config(const struct sf_options *opts, struct sf_config **config,
            struct sf_error *err)
{
  char *exposed = NULL;
  enum sf_err rc = config_load(opts, config, &exposed, err);

  if(exposed)
    log_msg(opts, SF_LOG_ERROR,
            _("sigfetch: warning: config file '%s' is readable by others "
              "(run: chmod 600 %s)"), exposed, exposed);
  free(exposed);
  return rc;
}

/* --log-file: opened before anything is downloaded; exit 7 naming it. */
static enum sf_err
open_log(struct sf_options *opts, struct sf_error *err)
{
  int e = opts->log_file ? log_file_open(opts->log_file, &opts->log) : 0;

  if(!e)
    return SF_OK;
  if(e == EPERM)
    return error_set(err, SF_E_IO, _("sigfetch: --log-file: '%s' is a "
                                     "symbolic link of another user; not "
                                     "writing through it (remove it)"),
                     opts->log_file);
  return error_set(err, SF_E_IO, _("sigfetch: --log-file: cannot open '%s': "
                                   "%s"), opts->log_file, strerror(e));
}

/* A log file that lost messages (disk full) is worth a warning, but the
   downloads' exit status stands. */
static void
close_log(struct sf_options *opts)
{
  struct sf_log *lf = opts->log;
  int e;

  opts->log = NULL;
  e = log_file_close(lf);
  if(e)
    log_msg(opts, SF_LOG_ERROR, _("sigfetch: warning: --log-file: cannot "
                                  "write to '%s': %s; the log is "
                                  "incomplete"), opts->log_file, strerror(e));
}

int
main(int argc, char **argv)
{
  struct sf_options opts;
  struct sf_config *config = NULL;
  struct sf_error err;
  enum sf_cli_action action;
  enum sf_err rc;

  setup_locale();
  error_clear(&err);
  rc = cli_parse(argc, argv, &opts, &action, &err);
  if(!rc && action == SF_CLI_HELP)
    cli_print_help();
  else if(!rc && action == SF_CLI_VERSION)
    cli_print_version();
  else if(!rc) {
    setup_signals();
    fdlimit_raise();
    /* first, so that every later message reaches the log too */
    rc = open_log(&opts, &err);
    if(!rc && curl_global_init(CURL_GLOBAL_DEFAULT))
      rc = error_set(&err, SF_E_INTERNAL, _("sigfetch: cannot initialise "
                                           "libcurl"));
    if(!rc && opts.insecure)
      log_msg(&opts, SF_LOG_ERROR, _("sigfetch: warning: --insecure: TLS "
                                     "certificates are not verified"));
    if(!rc)
      rc = load_config(&opts, &config, &err);
    if(!rc)
      rc = cli_apply_defaults(&opts, config, &err);
    opts.config = config;
    opts.stop = &stop_signal;
    if(!rc)
      rc = run_all(&opts, &stop_signal, &err);
    config_free(config);
    curl_global_cleanup();
  }
  if(rc && err.message[0])
    log_msg(&opts, SF_LOG_ERROR, "%s", err.message);
  if(!rc && (action != SF_CLI_RUN) && fflush(stdout)) {
    log_msg(&opts, SF_LOG_ERROR, _("sigfetch: cannot write to standard "
                                   "output"));
    rc = SF_E_IO;
  }
  close_log(&opts);
  cli_free(&opts);
  redact_secrets_clear();
  return error_exit_code(rc);
}
