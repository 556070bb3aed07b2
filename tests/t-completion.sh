#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-completion: the bash and zsh completion scripts generated from the
# option table at build time.  bash: sourcing the script and completing
# "--" offers exactly every long option of --help (so an option added
# later is completed without editing anything), "-" every short one;
# --progress and --progress= complete to its four values; FILE options
# complete file names, DIR options directories only.  zsh: the script
# parses (zsh -n; skipped without zsh), is a #compdef for sigfetch and
# names every long option.
T_NAME=t-completion
: "${top_builddir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${SIGFETCH:=$top_builddir/src/sigfetch}"
bash_script=$top_builddir/completions/sigfetch
zsh_script=$top_builddir/completions/_sigfetch
fail()
{
  echo "FAIL: $T_NAME: $*"
  exit 1
}
for f in "$bash_script" "$zsh_script"; do
  [ -s "$f" ] || fail "$f was not generated (make all)"
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sigfetch-t-completion.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
LC_ALL=C "$SIGFETCH" --help >"$tmp/help" || fail "sigfetch --help failed"
grep -oE -- '--[a-z][a-z0-9-]*' "$tmp/help" | sort -u >"$tmp/longs.help"
sed -nE 's/^ +(-[A-Za-z0-9]), .*/\1/p' "$tmp/help" | sort -u >"$tmp/shorts.help"
[ "$(wc -l <"$tmp/longs.help")" -ge 20 ] || fail "too few options in --help"

# complete WORD...: COMPREPLY for the command line "sigfetch WORD..." with
# the cursor at the end of the last word, one per line.
complete_words()
{
  bash --norc --noprofile -c '
    . "$1" || exit 3
    shift
    COMP_WORDS=(sigfetch "$@")
    COMP_CWORD=$(($# ))
    _sigfetch
    printf "%s\n" "${COMPREPLY[@]}"' complete "$bash_script" "$@" | sort -u
}

echo "--- $T_NAME: bash: every long option"
complete_words -- | grep -- '^--' >"$tmp/longs.comp"
if ! cmp -s "$tmp/longs.help" "$tmp/longs.comp"; then
  fail "bash completion of '--' differs from --help's options:" \
       "$(diff "$tmp/longs.help" "$tmp/longs.comp" | grep '^[<>]' | tr '\n' ' ')"
fi
complete_words - | grep -E '^-[A-Za-z0-9]$' >"$tmp/shorts.comp"
cmp -s "$tmp/shorts.help" "$tmp/shorts.comp" ||
  fail "bash completion of '-' misses short options: $(comm -23 "$tmp/shorts.help" "$tmp/shorts.comp" | tr '\n' ' ')"
[ "$(complete_words --prog)" = --progress ] || fail "'--prog' does not complete to --progress"

echo "--- $T_NAME: bash: option values"
[ "$(complete_words --progress '' | tr '\n' ' ')" = "auto bar none plain " ] ||
  fail "--progress '' completes to: $(complete_words --progress '' | tr '\n' ' ')"
[ "$(complete_words --progress = p | tr '\n' ' ')" = "plain " ] ||
  fail "--progress=p completes to: $(complete_words --progress = p | tr '\n' ' ')"
mkdir "$tmp/d" "$tmp/d/subdir" && : >"$tmp/d/file.txt"
cd "$tmp/d" || exit 99
[ "$(complete_words -P '' | tr '\n' ' ')" = "subdir " ] ||
  fail "-P completes to more than directories: $(complete_words -P '' | tr '\n' ' ')"
for o in -o --log-file -i --config --cacert --archive; do
  [ "$(complete_words "$o" '' | tr '\n' ' ')" = "file.txt subdir " ] ||
    fail "$o does not complete file names: $(complete_words "$o" '' | tr '\n' ' ')"
done
[ -z "$(complete_words --retries '')" ] || fail "--retries completes to something"
cd / || exit 99

echo "--- $T_NAME: zsh"
head -n 1 "$zsh_script" | grep -qx '#compdef sigfetch' ||
  fail "the zsh script does not start with '#compdef sigfetch'"
while read -r o; do
  grep -qE -- "(^|[^a-z-])$o([^a-z-]|$)" "$zsh_script" || fail "zsh script lacks $o"
done <"$tmp/longs.help"
if command -v zsh >/dev/null 2>&1; then
  zsh -n "$zsh_script" 2>"$tmp/zsh.err" || fail "zsh -n: $(head -n 3 "$tmp/zsh.err")"
  # an autoloaded function: loading it defines _sigfetch without error
  zsh -f -c 'fpath=("$1" $fpath); autoload -Uz +X _sigfetch && functions _sigfetch | grep -q _arguments' \
    zsh "$(dirname "$zsh_script")" 2>"$tmp/zsh.err" ||
    fail "zsh cannot autoload _sigfetch: $(head -n 3 "$tmp/zsh.err")"
else
  echo "SKIP (check): $T_NAME: zsh not found: the zsh script is not parsed"
fi
echo "PASS: $T_NAME"
