#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-progress-cjk: the bar display measures names in terminal columns
# (wcwidth under the user's locale: a CJK character takes two), so every
# line of a frame, CJK names or not, is exactly COLUMNS - 1 columns wide
# (measured with Python's unicodedata.east_asian_width), the bar keeps its
# width, a long name is cut with "…" (or "..." in a non-UTF-8 locale), and
# the total line counts files done of all ("N/3 files").  Run under
# script(1), whose terminal tells no size, with COLUMNS=100.
# --progress=plain prints whole names and no line for a file that has not
# received a byte yet ("0% 0 B").
. "$(dirname "$0")/lib.sh"
command -v script >/dev/null 2>&1 || t_skip "needs script(1) (util-linux)"
utf8=$(locale -a 2>/dev/null | grep -i -x -E 'C\.utf-?8' | head -n 1)
[ -n "$utf8" ] || t_skip "needs the C.UTF-8 locale"
t_setup
long='中文文件名很长很长很长很长很长很长的名字.bin'
short='短名.bin'
plain='plain-ascii.bin'
for f in "$long" "$short" "$plain"; do
  mkfile "root/$f" 1M
done
enc()
{
  "$PYTHON" -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"
}
slow()
{
  local f
  for f in "$long" "$short" "$plain"; do
    fault '{"path":"/files/'"$(enc "$f")"'","fault":"rate","bps":600000}'
  done
}
urls=("$BASE/files/$(enc "$long")" "$BASE/files/$(enc "$short")"
      "$BASE/files/$(enc "$plain")")

# on_script NAME LOCALE ARGS...: sigfetch ARGS under script(1) with
# COLUMNS=100; the terminal's bytes in NAME.tty; sets $rc.
on_script()
{
  local name=$1 loc=$2 cmd a
  shift 2
  cmd="exec '$SIGFETCH'"
  for a in "$@"; do
    cmd="$cmd '$a'"
  done
  cmd="$cmd >'$T_DIR/$name.out'"
  T_LAST_CMD="script -qfc \"$cmd\""
  COLUMNS=100 LC_ALL=$loc timeout -k 5 40 script -qfec "$cmd" "$T_DIR/$name.tty" \
    </dev/null >/dev/null 2>&1
  rc=$?
  [ "$rc" = 124 ] && fail "sigfetch under script(1) did not finish"
}

# frames NAME: the bar lines of NAME.tty, one per line as
# "WIDTH<TAB>BAR_WIDTH<TAB>TEXT" (widths in terminal columns).
frames()
{
  "$PYTHON" - "$T_DIR/$1.tty" <<'EOF2'
import re, sys, unicodedata
raw = open(sys.argv[1], "rb").read().decode("utf-8", "replace")
def cols(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
for piece in re.split(r"\r|\n|\x1b\[[0-9;]*[A-Za-z]", raw):
    m = re.search(r" \[([=> ]*)\] +\d+%", piece)
    if m and not piece.startswith("Script "):
        print("%d\t%d\t%s" % (cols(piece), len(m.group(1)), piece))
EOF2
}

note "--progress=bar, COLUMNS=100, $utf8: CJK and ASCII names"
slow
mkdir bar
on_script bar "$utf8" --progress=bar --json -j 3 --retry-delay 0.05 -P bar \
  "${urls[@]}"
expect_rc 0
for f in "$long" "$short" "$plain"; do
  cmp -s "bar/$f" "root/$f" || fail "bar/$f differs from the served file"
done
frames bar >bar.lines
note "$(wc -l <bar.lines) bar lines, e.g.: $(grep -m1 '短名' bar.lines | cut -f3)"
[ "$(wc -l <bar.lines)" -ge 6 ] || fail "fewer than 6 bar lines: $(cat bar.lines)"
grep -q '短名\.bin' bar.lines || fail "no bar line for the short CJK name"
grep -q '中文文件名.*…' bar.lines || fail "the long CJK name is not cut with …"
grep -q 'plain-ascii\.bin' bar.lines || fail "no bar line for the ASCII name"
bad=$(awk -F'\t' '$1 != 99' bar.lines | head -n 3)
[ -z "$bad" ] || fail "bar lines not exactly 99 columns wide: $bad"
[ "$(cut -f2 bar.lines | sort -u | wc -l)" = 1 ] ||
  fail "the bar's width changes: $(cut -f2 bar.lines | sort -u | tr '\n' ' ')"
grep -q -E '	[0-3]/3 files +\[' bar.lines || fail "no total line 'N/3 files'"
grep -q -E '	3/3 files' bar.lines && fail "a total line drawn after the last file ended"
[ "$(grep -c '"status": *"ok"' bar.out)" = 3 ] || fail "stdout: not three ok --json lines"

note "the C locale: the long name is cut with '...', widths still exact"
slow
mkdir barc
on_script barc C --progress=bar -j 3 --retry-delay 0.05 -P barc "${urls[@]}"
expect_rc 0
frames barc >barc.lines
[ -s barc.lines ] || fail "no bar lines in the C locale"
grep -q '\.\.\. \[' barc.lines || fail "no name cut with '...' in the C locale"
bad=$(awk -F'\t' '$1 != 99' barc.lines | head -n 3)
[ -z "$bad" ] || fail "C locale: bar lines not 99 columns wide: $bad"

note "--progress=plain: whole names, no line for a file at 0 bytes"
slow
mkdir pl
LC_ALL=$utf8 run --progress=plain -j 3 --retry-delay 0.05 -P pl "${urls[@]}"
expect_rc 0
grep -q "$(printf '\r\|\033')" err && fail "plain progress holds control characters"
for f in "$long" "$short" "$plain"; do
  grep -q -F "/$f: 100%" err || fail "no final plain line for $f"
done
grep -E ': +0% +0 B ' err && fail "a plain line for a file that has received nothing"
t_pass
