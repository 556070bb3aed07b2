#!/usr/bin/env bash
# t-docs: the documentation matches the program (STYLE.md "Tests",
# check-local).
#   - every option that --help prints is documented in OPTIONS of the man
#     page, and every exit status in EXIT STATUS;
#   - groff -man -ww -z is silent on the man page (skipped without groff),
#     and so is mandoc -Tlint (skipped without mandoc); the .TH date is
#     YYYY-MM-DD; REPORTING BUGS, AUTHORS and COPYRIGHT exist; no
#     placeholder bug address in configure.ac, po/Makevars, README, the
#     man page or --help;
#   - msgfmt -c --statistics reports po/zh_CN.po complete: no fuzzy, no
#     untranslated message;
#   - po/POTFILES.in lists exactly the files under src/ that use _() or N_();
#   - every message those files mark (_, N_, ngettext) has a translation in
#     po/zh_CN.po, neither fuzzy nor empty (xgettext, then msgcmp);
#   - in a zh_CN.UTF-8 locale, --help prints the Chinese translation, with
#     the option column unchanged (uses the uninstalled catalogue through
#     SIGFETCH_LOCALEDIR).
# Every failed check prints "FAIL: t-docs: ..."; the test exits 1 after
# running them all.  If all checks that could run passed but the
# zh_CN.UTF-8 locale or msgfmt is missing, it exits 77 (skip).
#
# From the harness: SIGFETCH (the binary), top_srcdir, top_builddir.
# SPDX-License-Identifier: GPL-3.0-or-later

T_NAME=t-docs
here=$(cd "$(dirname "$0")" && pwd)
: "${top_srcdir:=$here/..}"
: "${top_builddir:=$top_srcdir}"
: "${SIGFETCH:=$top_builddir/src/sigfetch}"

man_page=$top_srcdir/man/sigfetch.1
po_file=$top_srcdir/po/zh_CN.po
potfiles=$top_srcdir/po/POTFILES.in

# The translation of "Options:" in po/zh_CN.po.
zh_options='选项：'

failures=0
skipped=

fail()
{
  echo "FAIL: $T_NAME: $*"
  failures=$((failures + 1))
}

note()
{
  echo "--- $T_NAME: $*"
}

skip_check()
{
  echo "SKIP (check): $T_NAME: $*"
  skipped="$skipped; $*"
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/sigfetch-t-docs.XXXXXX") || {
  echo "ERROR: $T_NAME: cannot create a temporary directory" >&2
  exit 99
}
trap 'rm -rf "$tmp"' EXIT

for f in "$man_page" "$po_file" "$potfiles"; do
  if [ ! -r "$f" ]; then
    echo "ERROR: $T_NAME: cannot read $f" >&2
    exit 99
  fi
done
if [ ! -x "$SIGFETCH" ]; then
  echo "ERROR: $T_NAME: SIGFETCH is not executable ('$SIGFETCH')" >&2
  exit 99
fi

# section NAME: the body of man page section NAME (between its .SH and the
# next .SH), with troff's \- turned into a plain -.
section()
{
  awk -v want="$1" '
    /^\.SH[ \t]/ {
      name = $0
      sub(/^\.SH[ \t]+/, "", name)
      gsub(/"/, "", name)
      on = (name == want)
      next
    }
    on { print }
  ' "$man_page" | sed 's/\\-/-/g'
}

# ------------------------------------------------------------- options

note "every option of --help is in OPTIONS"
if ! LC_ALL=C LANGUAGE= "$SIGFETCH" --help > "$tmp/help" 2> "$tmp/help.err"
then
  fail "'sigfetch --help' failed: $(head -n 3 "$tmp/help.err")"
fi
# option lines: "  -o, --output FILE ..." or "      --sha1 HEX ..."
grep -E '^ +(-[A-Za-z0-9], )?--[a-z]' "$tmp/help" > "$tmp/optlines"
if [ ! -s "$tmp/optlines" ]; then
  fail "no option lines found in 'sigfetch --help'"
fi
section OPTIONS > "$tmp/options"
if [ ! -s "$tmp/options" ]; then
  fail "no OPTIONS section in $man_page"
fi
longs=$(grep -oE -- '--[a-z][a-z0-9-]*' "$tmp/optlines" | sort -u)
for opt in $longs; do
  if ! grep -qE -- "(^|[^a-z0-9-])${opt}([^a-z0-9-]|$)" "$tmp/options"; then
    fail "option $opt from --help is not in the man page's OPTIONS" \
         "(write it as \\-\\-${opt#--} with every - as \\-)"
  fi
done
shorts=$(sed -nE 's/^ +(-[A-Za-z0-9]), .*/\1/p' "$tmp/optlines" | sort -u)
for opt in $shorts; do
  if ! grep -qE -- "(^|[^a-z0-9-])${opt}([^a-zA-Z0-9-]|$)" "$tmp/options"
  then
    fail "option $opt from --help is not in the man page's OPTIONS"
  fi
done

# ------------------------------------------------------------- exit codes

note "every exit status is in EXIT STATUS"
section 'EXIT STATUS' > "$tmp/exit"
if [ ! -s "$tmp/exit" ]; then
  fail "no EXIT STATUS section in $man_page"
fi
# The tag line after each .TP: ".B 5", "5", "\fB5\fR ..."
awk '
  prev_tp {
    tag = $0
    sub(/^\.(B|BR|I|IR)[ \t]+/, "", tag)
    gsub(/\\f[BIRP]/, "", tag)
    gsub(/"/, "", tag)
    split(tag, w, /[ \t]/)
    print w[1]
  }
  { prev_tp = ($0 ~ /^\.TP/) }
' "$tmp/exit" > "$tmp/exit_tags"
for code in 0 1 2 3 4 5 6 7 130 143; do
  if ! grep -qx -- "$code" "$tmp/exit_tags"; then
    fail "exit status $code has no .TP entry in the man page's EXIT STATUS"
  fi
done

# ------------------------------------------------------------- groff

note "groff -man -ww -z is silent"
if command -v groff > /dev/null 2>&1; then
  groff -man -ww -z "$man_page" > "$tmp/groff" 2>&1
  if [ -s "$tmp/groff" ]; then
    fail "groff -man -ww -z $man_page is not silent:"
    sed 's/^/  | /' "$tmp/groff" | head -n 20
  fi
else
  skip_check "groff not found: man page not checked with groff"
fi

note "mandoc -Tlint is silent"
if command -v mandoc > /dev/null 2>&1; then
  mandoc -Tlint "$man_page" > "$tmp/mandoc" 2>&1
  if [ -s "$tmp/mandoc" ]; then
    fail "mandoc -Tlint $man_page is not silent:"
    sed 's/^/  | /' "$tmp/mandoc" | head -n 20
  fi
else
  skip_check "mandoc not found: man page not linted (apt-get install mandoc)"
fi

note "the .TH date is ISO 8601 (YYYY-MM-DD)"
if ! grep -qE '^\.TH [^ ]+ [0-9]+ "?[0-9]{4}-[0-9]{2}-[0-9]{2}"? ' "$man_page"
then
  fail "the .TH line has no YYYY-MM-DD date: $(grep '^\.TH' "$man_page")"
fi

note "no placeholder bug address"
for f in configure.ac po/Makevars README man/sigfetch.1; do
  if grep -nE 'example\.(invalid|com|org)/[^ ]*(issue|bug)|bug-[a-z]+@' \
       "$top_srcdir/$f" > "$tmp/addr"; then
    fail "$f holds a placeholder bug address: $(head -n 1 "$tmp/addr")"
  fi
done
if grep -nE 'example\.(invalid|com|org)|@example' "$tmp/help" > "$tmp/addr"
then
  fail "--help holds a placeholder address: $(head -n 1 "$tmp/addr")"
fi
for s in 'REPORTING BUGS' AUTHORS COPYRIGHT; do
  section "$s" > "$tmp/sec"
  [ -s "$tmp/sec" ] || fail "the man page has no $s section"
done

# ------------------------------------------------------------- zh_CN.po

have_msgfmt=false
if command -v msgfmt > /dev/null 2>&1; then
  have_msgfmt=true
fi

note "msgfmt -c --statistics: zh_CN.po complete"
if $have_msgfmt; then
  if ! LC_ALL=C msgfmt -c --statistics -o /dev/null "$po_file" \
       > "$tmp/msgfmt" 2>&1; then
    fail "msgfmt -c rejects $po_file:"
    sed 's/^/  | /' "$tmp/msgfmt" | head -n 20
  elif grep -qE 'fuzzy|untranslated' "$tmp/msgfmt"; then
    fail "$po_file is not complete: $(tail -n 1 "$tmp/msgfmt")" \
         "(run msgmerge and translate every fuzzy or empty entry)"
  elif ! grep -qE '^[0-9]+ translated messages?\.$' "$tmp/msgfmt"; then
    fail "unexpected msgfmt statistics: $(tail -n 1 "$tmp/msgfmt")"
  fi
else
  skip_check "msgfmt not found: zh_CN.po not checked"
fi

# ------------------------------------------------------------- POTFILES.in

note "po/POTFILES.in lists exactly the files under src/ using _() or N_()"
# a call on a string literal: _("..."), N_("...") or _( / N_( ending the
# line; "#define _(s)" in system.h does not count.
(
  cd "$top_srcdir" &&
  grep -lE '(^|[^A-Za-z0-9_])(N?_|ngettext)\([[:space:]]*("|$)' \
    src/*.c src/*.h src/*/*.c src/*/*.h |
    LC_ALL=C sort
) > "$tmp/uses"
sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$potfiles" |
  LC_ALL=C sort \
  > "$tmp/listed"
for f in $(LC_ALL=C comm -23 "$tmp/uses" "$tmp/listed"); do
  fail "$f uses _() or N_() but is not in po/POTFILES.in"
done
for f in $(LC_ALL=C comm -13 "$tmp/uses" "$tmp/listed"); do
  if [ -e "$top_srcdir/$f" ]; then
    fail "$f is in po/POTFILES.in but has no _() or N_()"
  else
    fail "$f is in po/POTFILES.in but does not exist"
  fi
done

# ------------------------------------------------------------- coverage

note "every message marked in the sources has a zh_CN translation"
# msgfmt above checks zh_CN.po on its own; this catches a message added to
# the sources after the catalogue was last merged.  xgettext extracts what
# po/Makevars says over po/POTFILES.in; zh_CN.po is merged into a copy
# with that template (no fuzzy matching), and every entry of the copy that
# is untranslated or fuzzy is listed.
if command -v xgettext > /dev/null 2>&1 && command -v msgmerge > /dev/null 2>&1 &&
   command -v msgattrib > /dev/null 2>&1; then
  if ! (cd "$top_srcdir" &&
        xgettext --keyword=_ --keyword=N_ --from-code=UTF-8 \
          --files-from=po/POTFILES.in --output="$tmp/sources.pot") \
       > "$tmp/xgettext" 2>&1 ||
     ! msgmerge --quiet --no-fuzzy-matching -o "$tmp/merged.po" "$po_file" \
       "$tmp/sources.pot" >> "$tmp/xgettext" 2>&1; then
    fail "xgettext over po/POTFILES.in or msgmerge failed:"
    sed 's/^/  | /' "$tmp/xgettext" | head -n 20
  else
    { msgattrib --untranslated --no-obsolete "$tmp/merged.po"
      echo
      msgattrib --only-fuzzy --no-obsolete "$tmp/merged.po"
    } > "$tmp/missing.po" 2>&1
    n_missing=$(grep -c '^#:' "$tmp/missing.po")
    if [ "$n_missing" -gt 0 ]; then
      fail "$n_missing message(s) in the sources without a zh_CN" \
           "translation, or only a fuzzy one (msgmerge po/zh_CN.po and" \
           "translate them):"
      # the entries with a source location (not the header), msgstr left out
      awk 'BEGIN { RS = "" } /\n#:|^#:/ { print; print "" }' \
          "$tmp/missing.po" | grep -v '^msgstr' | sed 's/^/  | /' |
        head -n 60
    fi
  fi
else
  skip_check "xgettext, msgmerge or msgattrib not found: translation" \
             "coverage not checked"
fi

# ------------------------------------------------------------- zh_CN --help

note "LANGUAGE=zh_CN sigfetch --help prints Chinese"
zh_locale=$(locale -a 2>/dev/null | grep -iE '^zh_CN\.utf-?8$' | head -n 1)
if [ -z "$zh_locale" ]; then
  skip_check "the zh_CN.UTF-8 locale is not installed" \
             "(locale-gen zh_CN.UTF-8): Chinese --help not checked"
elif ! $have_msgfmt; then
  skip_check "msgfmt not found: Chinese --help not checked"
else
  mkdir -p "$tmp/locale/zh_CN/LC_MESSAGES"
  if ! msgfmt -o "$tmp/locale/zh_CN/LC_MESSAGES/sigfetch.mo" "$po_file" \
       > "$tmp/msgfmt.mo" 2>&1; then
    fail "cannot compile $po_file: $(head -n 3 "$tmp/msgfmt.mo")"
  else
    SIGFETCH_LOCALEDIR=$tmp/locale LANGUAGE=zh_CN LANG=zh_CN.UTF-8 \
      LC_ALL=zh_CN.UTF-8 "$SIGFETCH" --help > "$tmp/help.zh" 2>&1
    if ! grep -qF -- "$zh_options" "$tmp/help.zh"; then
      fail "--help in zh_CN.UTF-8 does not print '$zh_options'" \
           "(the translation of 'Options:'); does main.c pass" \
           "SIGFETCH_LOCALEDIR to bindtextdomain()?"
      sed 's/^/  | /' "$tmp/help.zh" | head -n 8
    elif grep -qx 'Options:' "$tmp/help.zh"; then
      fail "--help in zh_CN.UTF-8 still prints 'Options:'"
    else
      # the option column (first 29 columns) stays exactly as in English
      grep -E '^ +(-[A-Za-z0-9], )?--[a-z]' "$tmp/help.zh" | cut -c1-29 \
        > "$tmp/cols.zh"
      cut -c1-29 "$tmp/optlines" > "$tmp/cols.c"
      if ! cmp -s "$tmp/cols.c" "$tmp/cols.zh"; then
        fail "the option column of the Chinese --help differs from" \
             "the English one:"
        diff "$tmp/cols.c" "$tmp/cols.zh" | sed 's/^/  | /' | head -n 20
      fi
    fi
  fi
fi

# ------------------------------------------------------------- verdict

if [ "$failures" -gt 0 ]; then
  echo "$T_NAME: $failures check(s) failed"
  exit 1
fi
if [ -n "$skipped" ] && { [ -z "$zh_locale" ] || ! $have_msgfmt; }; then
  echo "SKIP: $T_NAME: other checks passed, but${skipped#;}"
  exit 77
fi
echo "PASS: $T_NAME"
exit 0
