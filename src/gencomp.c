/* SPDX-License-Identifier: GPL-3.0-or-later */
/* gencomp prints sigfetch's bash or zsh completion script, generated at
   build time from the one option table (cli_options()), so that a new
   option is completed without anyone editing a script.  What an option's
   value completes to comes from the table: its values list (--progress),
   else the metavariable of its --help line (FILE: files, DIR:
   directories, anything else: nothing).  Not installed. */
#include "cli.h"

#include <ctype.h>

/* The metavariable of O's help line ("FILE" of "--output FILE  write
   ..."), into BUF; "" when it takes none. */
static const char *
metavar(const struct sf_cli_option *o, char *buf, size_t len)
{
  char flag[80];
  const char *p;
  size_t n;

  buf[0] = '\0';
  snprintf(flag, sizeof(flag), "--%s", o->name);
  p = strstr(o->help, flag);
  if(o->arg != SF_CLI_ARG_REQUIRED || !p)
    return buf;
  p += strlen(flag);
  if(*p == ' ' || *p == '=')
    p++;
  /* letters, digits and "._=" only: "'NAME: VALUE'" gives "NAME" */
  for(n = 0; *p && *p != ' ' && n + 1 < len; p++)
    if(isalnum((unsigned char)*p) || strchr("._=", *p))
      buf[n++] = *p;
  buf[n] = '\0';
  return buf;
}

/* The description of O's help line: what follows the option column (29
   columns, or up to the next blank when the metavariable runs over it),
   quoted for a single-quoted zsh _arguments spec, into BUF. */
static const char *
description(const struct sf_cli_option *o, char *buf, size_t len)
{
  const char *p = o->help;
  size_t n = 0;

  if(strlen(p) > 29) {
    p += 28;
    p += strcspn(p, " ");
  }
  p += strspn(p, " ");
  for(; *p && n + 5 < len; p++) {
    if(*p == '\'') {
      memcpy(buf + n, "'\\''", 4);
      n += 4;
      continue;
    }
    if(*p == '[' || *p == ']' || *p == ':' || *p == '\\')
      buf[n++] = '\\';
    buf[n++] = *p;
  }
  buf[n] = '\0';
  return buf;
}

static bool
is_file(const char *meta)
{
  return !strcmp(meta, "FILE");
}

static bool
is_dir(const char *meta)
{
  return !strcmp(meta, "DIR");
}

/* "auto bar plain none" for O's values list into BUF. */
static const char *
values(const struct sf_cli_option *o, char *buf, size_t len)
{
  size_t n = 0;
  size_t i;

  buf[0] = '\0';
  for(i = 0; o->values && o->values[i] && n < len; i++)
    n += (size_t)snprintf(buf + n, len - n, "%s%s", i ? " " : "",
                          o->values[i]);
  return buf;
}

/* "-o|--output" (a bash case pattern) for O into BUF. */
static const char *
pattern(const struct sf_cli_option *o, char *buf, size_t len)
{
  if(o->short_name)
    snprintf(buf, len, "-%c|--%s", o->short_name, o->name);
  else
    snprintf(buf, len, "--%s", o->name);
  return buf;
}

/* The value-taking options whose value completes like WHICH ("f": file,
   "d": directory, "-": no completion) as one case pattern. */
static void
bash_case(const struct sf_cli_option *opts, size_t n, char which,
          const char *action)
{
  char meta[64];
  char pat[96];
  bool any = false;
  size_t i;

  for(i = 0; i < n; i++) {
    const struct sf_cli_option *o = &opts[i];
    char kind;
    if(o->arg != SF_CLI_ARG_REQUIRED || o->values)
      continue;
    metavar(o, meta, sizeof(meta));
    kind = is_file(meta) ? 'f' : is_dir(meta) ? 'd' : '-';
    if(kind != which)
      continue;
    printf("%s%s", any ? "|" : "    ", pattern(o, pat, sizeof(pat)));
    any = true;
  }
  if(any)
    printf(")\n      %s\n      return\n      ;;\n", action);
}

static void
print_bash(const struct sf_cli_option *opts, size_t n)
{
  char pat[96];
  char vals[256];
  size_t i;

  printf("# bash completion for sigfetch     -*- shell-script -*-\n"
         "# Generated from the option table of src/cli.c by gencomp; do not "
         "edit.\n\n"
         "_sigfetch()\n{\n"
         "  local cur=${COMP_WORDS[COMP_CWORD]}\n"
         "  local prev=${COMP_WORDS[COMP_CWORD-1]}\n"
         "  # --opt=value: bash splits the '=' off as a word of its own\n"
         "  if [ \"$cur\" = = ]; then\n"
         "    cur=\n"
         "  elif [ \"$prev\" = = ] && [ \"$COMP_CWORD\" -ge 2 ]; then\n"
         "    prev=${COMP_WORDS[COMP_CWORD-2]}\n"
         "  fi\n"
         "  COMPREPLY=()\n"
         "  case $prev in\n");
  for(i = 0; i < n; i++)
    if(opts[i].values)
      printf("    %s)\n      COMPREPLY=($(compgen -W '%s' -- \"$cur\"))\n"
             "      return\n      ;;\n", pattern(&opts[i], pat, sizeof(pat)),
             values(&opts[i], vals, sizeof(vals)));
  bash_case(opts, n, 'f', "compopt -o filenames 2>/dev/null\n"
            "      COMPREPLY=($(compgen -f -- \"$cur\"))");
  bash_case(opts, n, 'd', "compopt -o filenames 2>/dev/null\n"
            "      COMPREPLY=($(compgen -d -- \"$cur\"))");
  bash_case(opts, n, '-', ":");
  printf("  esac\n"
         "  case $cur in\n"
         "    -*)\n"
         "      COMPREPLY=($(compgen -W '");
  for(i = 0; i < n; i++) {
    if(opts[i].short_name)
      printf("-%c ", opts[i].short_name);
    printf("--%s%s", opts[i].name, i + 1 < n ? " " : "");
  }
  printf("' -- \"$cur\"))\n"
         "      ;;\n"
         "  esac\n"
         "}\n"
         "complete -F _sigfetch sigfetch\n");
}

/* One _arguments spec for O. */
static void
zsh_spec(const struct sf_cli_option *o)
{
  char meta[64];
  char desc[512];
  char vals[256];
  bool req = o->arg == SF_CLI_ARG_REQUIRED;
  /* an option with a value may be given again (the last one wins, or
     they add up, as -H does), and so may -v */
  bool again = req || o->kind == SF_CLI_COUNT;

  metavar(o, meta, sizeof(meta));
  description(o, desc, sizeof(desc));
  printf("  ");
  if(o->short_name && again)
    printf("'*'{-%c%s,--%s%s}'[%s]", o->short_name, req ? "+" : "",
           o->name, req ? "=" : "", desc);
  else if(o->short_name)
    printf("'(-%c --%s)'{-%c%s,--%s%s}'[%s]", o->short_name, o->name,
           o->short_name, req ? "+" : "", o->name, req ? "=" : "", desc);
  else
    printf("'%s--%s%s[%s]", again ? "*" : "", o->name, req ? "=" : "",
           desc);
  if(o->values)
    printf(":%s:(%s)", meta, values(o, vals, sizeof(vals)));
  else if(req && is_file(meta))
    printf(":%s:_files", meta);
  else if(req && is_dir(meta))
    printf(":%s:_files -/", meta);
  else if(req)
    printf(":%s: ", meta[0] ? meta : "value");
  printf("' \\\n");
}

static void
print_zsh(const struct sf_cli_option *opts, size_t n)
{
  size_t i;

  printf("#compdef sigfetch\n"
         "# zsh completion for sigfetch.\n"
         "# Generated from the option table of src/cli.c by gencomp; do not "
         "edit.\n\n"
         "_arguments -s -S \\\n");
  for(i = 0; i < n; i++)
    zsh_spec(&opts[i]);
  printf("  '*:locator: '\n");
}

int
main(int argc, char **argv)
{
  size_t n;
  const struct sf_cli_option *opts = cli_options(&n);

  if(argc != 2 || (strcmp(argv[1], "bash") && strcmp(argv[1], "zsh"))) {
    fprintf(stderr, "usage: gencomp bash|zsh\n");
    return 2;
  }
  if(!strcmp(argv[1], "bash"))
    print_bash(opts, n);
  else
    print_zsh(opts, n);
  return fflush(stdout) || ferror(stdout) ? 1 : 0;
}
