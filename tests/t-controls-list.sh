#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-controls-list: a list (-i) is outside bytes too: a locator or an
# output name with control characters (ESC, BEL, CR, C1 U+009B) is shown
# escaped in every message, in --progress=plain lines and in the
# --log-file, never raw; the JSON line keeps the text, escaped (C1 too).
. "$(dirname "$0")/lib.sh"
t_setup
mkfile root/a.bin 16K
printf '{"locator":"%s","output":"x\\u009b1m\\u001b]0;T\\u0007\\r.bin"}\n{"locator":"%s\\u001b[2J\\u009b1m"}\n' \
  "$BASE/files/a.bin" "$BASE/files/a.bin" >list
run --progress=plain --json --log-file run.log -i list
expect_rc 2
[ -f "$(printf 'x\302\2331m\033]0;T\a\r.bin')" ] || fail "the output name given was not used"
expect_stderr 'x\\u009b1m\\x1b\]0;T\\x07\\r\.bin'
expect_stderr 'a\.bin\\x1b\[2J\\u009b1m: not a valid URL'
"$PYTHON" - "$T_DIR/err" "$T_DIR/run.log" <<'PYEOF' || fail "a control character reached stderr or the log file"
import re, sys
bad = re.compile(rb"[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]")
sys.exit(1 if any(bad.search(open(f, "rb").read()) for f in sys.argv[1:]) else 0)
PYEOF
"$PYTHON" - "$T_DIR/out" <<'PYEOF' || fail "a raw C1 control in the --json lines"
import sys
sys.exit(1 if b"\xc2\x9b" in open(sys.argv[1], "rb").read() else 0)
PYEOF
expect_json '[r["output"] for r in j if r["index"] == 1] == ["x\u009b1m\u001b]0;T\u0007\r.bin"]' \
  "JSON keeps the name"
t_pass
