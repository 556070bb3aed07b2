#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-name-c1: a server-given name with control characters, C0 (ESC) and
# C1 in UTF-8 (U+009B, a terminal's CSI), never reaches the terminal raw
# (progress lines, the "saved" message, the summary) nor the file name.
. "$(dirname "$0")/lib.sh"
t_setup
mkfile root/a.bin 16K
mkfile root/b.bin 16K
fault '{"path":"/files/a.bin","fault":"headers","headers":{"Content-Disposition":"attachment; filename*=UTF-8'"''"'x%C2%9B2Jy%1B%5B2Jz%C2%85.bin"}}'
run --progress=plain "$BASE/files/a.bin" "$BASE/files/b.bin"
expect_rc 0
expect_same x2Jy[2Jz.bin root/a.bin
"$PYTHON" - "$T_DIR/err" "$T_DIR" <<'PYEOF' || fail "a control character reached stderr or a file name"
import os, re, sys
bad = re.compile(rb"[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]")
err = open(sys.argv[1], "rb").read()
names = [os.fsencode(n) for n in os.listdir(sys.argv[2])]
sys.exit(1 if bad.search(err) or any(bad.search(n) for n in names) else 0)
PYEOF
t_pass
