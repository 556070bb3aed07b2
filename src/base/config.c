/* SPDX-License-Identifier: GPL-3.0-or-later */
/* config.c owns settings (CLI.md "Configuration"): the table of known
   keys with their defaults and secrecy, the INI parser, and the order
   --set > SIGFETCH_SECTION_KEY > file.  Values are never printed here:
   secret ones go to redact.c's list, and what the user should hear (a
   file others can read) goes back to the caller. */
#include "config.h"

#include <ctype.h>
#include <sys/stat.h>

#include "options.h"
#include "redact.h"

enum src { SRC_NONE, SRC_FILE, SRC_ENV, SRC_SET };

struct key_info {
  const char *key;
  const char *def;
  bool secret;
};

static const struct key_info keys[] = {
  { "ekuaibao.access_token", NULL, true },
  { "ekuaibao.app_key", NULL, false },
  { "ekuaibao.app_security", NULL, true },
  { "ekuaibao.endpoint", "https://app.ekuaibao.com", false },
  { "ekuaibao.expiration", "1800", false },
  { "fxiaoke.app_id", NULL, false },
  { "fxiaoke.app_secret", NULL, true },
  { "fxiaoke.corp_access_token", NULL, true },
  { "fxiaoke.corp_id", NULL, false },
  { "fxiaoke.current_open_user_id", NULL, false },
  { "fxiaoke.endpoint", "https://open.fxiaoke.com", false },
  { "fxiaoke.permanent_code", NULL, true },
  { "kdocs.access_token", NULL, true },
  { "kdocs.app_id", NULL, false },
  { "kdocs.app_key", NULL, true },
  { "kdocs.endpoint", "https://developer.kdocs.cn", false },
  { "kdocs.get_md5", "uri", false },
  { "net.api_timeout", "60", false },
  { "tcb.access_token", NULL, true },
  { "tcb.appid", NULL, false },
  { "tcb.endpoint", "https://api.weixin.qq.com", false },
  { "tcb.env", NULL, false },
  { "tcb.max_age", "7200", false },
  { "tcb.secret", NULL, true },
};

struct sf_config {
  char *value[countof(keys)];
  enum src from[countof(keys)];
  struct sf_config_default *defs;  /* [defaults], checked by the tool */
  size_t n_defs;
  char *defs_file;
};

static int
key_index(const char *key)
{
  size_t i;

  for(i = 0; i < countof(keys); i++)
    if(!strcmp(keys[i].key, key))
      return (int)i;
  return -1;
}

static bool
section_known(const char *section)
{
  static const char *const sections[] = { "kdocs", "tcb", "ekuaibao",
                                          "fxiaoke", "net" };
  size_t i;

  for(i = 0; i < countof(sections); i++)
    if(!strcmp(sections[i], section))
      return true;
  return false;
}

bool
config_is_secret(const char *key)
{
  int i = key_index(key);

  return i < 0 || keys[i].secret;
}

void
config_env_name(const char *key, char *buf, size_t len)
{
  size_t i;
  size_t n = (size_t)snprintf(buf, len, "SIGFETCH_%s", key);

  for(i = 9; i < n && i < len; i++)
    buf[i] = buf[i] == '.' ? '_' : (char)toupper((unsigned char)buf[i]);
}

/* Store VALUE for KEY from source FROM unless a stronger source has one. */
static enum sf_err
put(struct sf_config *cfg, int i, const char *value, enum src from)
{
  char *copy;

  if(cfg->from[i] > from)
    return SF_OK;
  copy = strdup(value);
  if(!copy)
    return SF_E_NOMEM;
  free(cfg->value[i]);
  cfg->value[i] = copy;
  cfg->from[i] = from;
  return SF_OK;
}

/* ------------------------------------------------------------ INI parser */

static char *
trim(char *s)
{
  char *e;

  while(*s == ' ' || *s == '\t')
    s++;
  e = s + strlen(s);
  while(e > s && (e[-1] == ' ' || e[-1] == '\t'))
    *--e = '\0';
  return s;
}

/* Cut a value at an inline comment and remove surrounding quotes. */
static bool
clean_value(char *v, char **out)
{
  char *p;

  v = trim(v);
  if(*v == '"') {
    char *end = strchr(v + 1, '"');
    const char *rest = end ? trim(end + 1) : NULL;
    if(!rest || (*rest && *rest != '#' && *rest != ';'))
      return false;
    *end = '\0';
    *out = v + 1;
    return true;
  }
  for(p = v; *p; p++) {
    if((*p == '#' || *p == ';') && (p == v || p[-1] == ' ' || p[-1] == '\t')) {
      *p = '\0';
      break;
    }
  }
  *out = trim(v);
  return true;
}

static enum sf_err
parse_line(char *line, char *section, size_t seclen, const char *fname,
           int lineno, sf_ini_fn fn, void *ud, struct sf_error *err)
{
  char *s;
  char *eq;
  char *value;
  size_t n = strlen(line);

  /* a CRLF file works; any other CR would end up in a key or value */
  if(n && line[n - 1] == '\r')
    line[n - 1] = '\0';
  if(strchr(line, '\r'))
    return error_set(err, SF_E_CONFIG,
                     _("sigfetch: %s:%d: carriage return inside a line (end "
                       "lines with LF or CR LF)"), fname, lineno);
  s = trim(line);
  if(!*s || *s == '#' || *s == ';')
    return SF_OK;
  if(*s == '[') {
    char *end = strchr(s, ']');
    if(!end || *trim(end + 1) || end == s + 1 || (size_t)(end - s) > seclen)
      goto bad;
    *end = '\0';
    snprintf(section, seclen, "%s", trim(s + 1));
    return SF_OK;
  }
  eq = strchr(s, '=');
  if(!eq || eq == s)
    goto bad;
  *eq = '\0';
  if(!*section)
    return error_set(err, SF_E_CONFIG,
                     _("sigfetch: %s:%d: setting outside a [section]"),
                     fname, lineno);
  if(!clean_value(eq + 1, &value))
    goto bad;
  return fn(ud, section, trim(s), value, lineno, err);
bad:
  return error_set(err, SF_E_CONFIG,
                   _("sigfetch: %s:%d: malformed line (expected [section] "
                     "or key = value)"), fname, lineno);
}

enum sf_err
config_parse_ini(const char *text, const char *fname, sf_ini_fn fn, void *ud,
                 struct sf_error *err)
{
  char section[64] = "";
  int lineno = 0;
  enum sf_err rc = SF_OK;

  while(*text && !rc) {
    size_t n = strcspn(text, "\n");
    char *line = strndup(text, n);

    if(!line)
      return SF_E_NOMEM;
    lineno++;
    rc = parse_line(line, section, sizeof(section), fname, lineno, fn, ud,
                    err);
    free(line);
    text += n + (text[n] == '\n');
  }
  return rc;
}

/* ---------------------------------------------------------------- sources */

struct file_ctx {
  struct sf_config *cfg;
  const char *fname;
};

/* Keep a [defaults] line as it is, for the tool to check and apply. */
static enum sf_err
keep_default(struct file_ctx *fc, const char *key, const char *value,
             int line)
{
  struct sf_config *cfg = fc->cfg;
  struct sf_config_default *grown;
  struct sf_config_default *d;

  if(!cfg->defs_file && !(cfg->defs_file = strdup(fc->fname)))
    return SF_E_NOMEM;
  grown = realloc(cfg->defs, (cfg->n_defs + 1) * sizeof(*grown));
  if(!grown)
    return SF_E_NOMEM;
  cfg->defs = grown;
  d = &grown[cfg->n_defs];
  d->key = strdup(key);
  d->value = strdup(value);
  d->line = line;
  if(!d->key || !d->value) {
    free(d->key);
    free(d->value);
    return SF_E_NOMEM;
  }
  cfg->n_defs++;
  return SF_OK;
}

static enum sf_err
from_file(void *ud, const char *section, const char *key, const char *value,
          int line, struct sf_error *err)
{
  struct file_ctx *fc = ud;
  char full[128];
  int i;

  if(!strcmp(section, "defaults"))
    return keep_default(fc, key, value, line);
  snprintf(full, sizeof(full), "%s.%s", section, key);
  i = key_index(full);
  if(!section_known(section))
    return error_set(err, SF_E_CONFIG,
                     _("sigfetch: %s:%d: unknown section [%s]"), fc->fname,
                     line, section);
  if(i < 0)
    return error_set(err, SF_E_CONFIG,
                     _("sigfetch: %s:%d: unknown setting '%s'"), fc->fname,
                     line, full);
  return put(fc->cfg, i, value, SRC_FILE);
}

static char *
read_small_file(const char *path, struct sf_error *err)
{
  FILE *f = fopen(path, "rb");
  char *buf;
  size_t n;

  if(!f)
    return NULL;
  buf = malloc((1 << 20) + 1);
  n = buf ? fread(buf, 1, 1 << 20, f) : 0;
  if(buf && (ferror(f) || n == 1 << 20)) {
    error_set(err, SF_E_CONFIG, _("sigfetch: %s: cannot read (or larger "
                                  "than 1 MiB)"), path);
    free(buf);
    buf = NULL;
  }
  else if(buf)
    buf[n] = '\0';
  fclose(f);
  return buf;
}

static char *
default_config_path(void)
{
  const char *xdg = getenv("XDG_CONFIG_HOME");
  const char *home = getenv("HOME");
  char *p;
  size_t n;

  if(!(xdg && *xdg) && !(home && *home))
    return NULL;
  n = strlen(xdg && *xdg ? xdg : home) + 32;
  p = malloc(n);
  if(p && xdg && *xdg)
    snprintf(p, n, "%s/sigfetch/config", xdg);
  else if(p)
    snprintf(p, n, "%s/.config/sigfetch/config", home);
  return p;
}

/* PATH when group or others may read it, malloc'd; else NULL. */
static char *
exposed_path(const char *path)
{
  struct stat sb;

  if(!stat(path, &sb) && (sb.st_mode & 077))
    return strdup(path);
  return NULL;
}

static enum sf_err
load_file(const struct sf_options *opts, struct sf_config *cfg,
          char **exposed, struct sf_error *err)
{
  char *def = opts->config_file ? NULL : default_config_path();
  const char *path = opts->config_file ? opts->config_file : def;
  struct file_ctx fc = { cfg, path };
  char *text = NULL;
  enum sf_err rc = SF_OK;

  if(path) {
    errno = 0;
    text = read_small_file(path, err);
    if(!text && (err->code || opts->config_file))
      rc = err->code ? err->code
                     : error_set(err, SF_E_CONFIG,
                                 _("sigfetch: --config %s: %s"), path,
                                 strerror(errno ? errno : ENOENT));
  }
  if(text) {
    if(exposed)
      *exposed = exposed_path(path);
    rc = config_parse_ini(text, path, from_file, &fc, err);
  }
  free(text);
  free(def);
  return rc;
}

static void
load_env(struct sf_config *cfg)
{
  size_t i;
  char name[96];

  for(i = 0; i < countof(keys); i++) {
    const char *v;
    config_env_name(keys[i].key, name, sizeof(name));
    v = getenv(name);
    if(v && *v) /* an empty variable is as good as unset */
      put(cfg, (int)i, v, SRC_ENV);
  }
}

static enum sf_err
load_sets(const struct sf_options *opts, struct sf_config *cfg,
          struct sf_error *err)
{
  size_t i;

  for(i = 0; i < opts->n_sets; i++) {
    const char *s = opts->sets[i];
    const char *eq = strchr(s, '=');
    char key[128];
    int k;

    if(!eq || eq == s || (size_t)(eq - s) >= sizeof(key))
      return error_set(err, SF_E_USAGE,
                       _("sigfetch: --set: expected SECTION.KEY=VALUE"));
    snprintf(key, sizeof(key), "%.*s", (int)(eq - s), s);
    k = key_index(key);
    if(k < 0)
      return error_set(err, SF_E_CONFIG,
                       _("sigfetch: --set: unknown setting '%s'"), key);
    if(put(cfg, k, eq + 1, SRC_SET))
      return SF_E_NOMEM;
  }
  return SF_OK;
}

/* Hand every secret value set in CFG to redact.c. */
static enum sf_err
register_secrets(const struct sf_config *cfg)
{
  size_t i;

  for(i = 0; i < countof(keys); i++)
    if(keys[i].secret && cfg->value[i] && *cfg->value[i] &&
       !redact_add_secret(cfg->value[i]))
      return SF_E_NOMEM;
  return SF_OK;
}

enum sf_err
config_load(const struct sf_options *opts, struct sf_config **out,
            char **exposed, struct sf_error *err)
{
  struct sf_config *cfg = calloc(1, sizeof(*cfg));
  enum sf_err rc;

  *out = NULL;
  if(exposed)
    *exposed = NULL;
  if(!cfg)
    return SF_E_NOMEM;
  rc = load_sets(opts, cfg, err);
  if(!rc) {
    load_env(cfg);
    rc = load_file(opts, cfg, exposed, err);
  }
  if(!rc)
    rc = register_secrets(cfg);
  if(rc) {
    config_free(cfg);
    return rc;
  }
  *out = cfg;
  return SF_OK;
}

void
config_free(struct sf_config *cfg)
{
  size_t i;

  if(!cfg)
    return;
  for(i = 0; i < countof(keys); i++)
    free(cfg->value[i]);
  for(i = 0; i < cfg->n_defs; i++) {
    free(cfg->defs[i].key);
    free(cfg->defs[i].value);
  }
  free(cfg->defs);
  free(cfg->defs_file);
  free(cfg);
}

const struct sf_config_default *
config_defaults(const struct sf_config *cfg, size_t *n, const char **fname)
{
  *n = cfg ? cfg->n_defs : 0;
  *fname = cfg && cfg->defs_file ? cfg->defs_file : "";
  return cfg ? cfg->defs : NULL;
}

const char *
config_get(const struct sf_config *cfg, const char *key)
{
  int i = key_index(key);

  if(i < 0)
    return NULL;
  if(cfg && cfg->value[i] && *cfg->value[i])
    return cfg->value[i];
  return keys[i].def;
}

enum sf_err
config_require(const struct sf_config *cfg, const char *key,
               const char *what, const char **value, struct sf_error *err)
{
  char env[96];

  *value = config_get(cfg, key);
  if(*value)
    return SF_OK;
  config_env_name(key, env, sizeof(env));
  return error_set(err, SF_E_CREDENTIALS,
                   _("%s needs the setting %s (set %s, or put it in the "
                     "config file)"), what, key, env);
}

enum sf_err
config_get_long(const struct sf_config *cfg, const char *key, long min,
                long max, long *out, struct sf_error *err)
{
  const char *v = config_get(cfg, key);
  char *end = NULL;
  long long n;

  if(!v)
    return error_set(err, SF_E_CONFIG, _("setting %s is not set"), key);
  errno = 0;
  n = strtoll(v, &end, 10);
  if(errno || end == v || *end || n < min || n > max)
    return error_set(err, SF_E_CONFIG,
                     _("setting %s: '%s' is not a whole number from %ld to "
                       "%ld"), key, v, min, max);
  *out = (long)n;
  return SF_OK;
}
