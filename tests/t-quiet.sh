#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-quiet: -q prints nothing at all for a successful download.
. "$(dirname "$0")/lib.sh"
t_setup
mkfile root/a.bin 100K

run -q --retry-delay 0.05 "$BASE/files/a.bin"
expect_rc 0
expect_same a.bin root/a.bin
[ -s err ] && fail "-q: stderr is not empty"
expect_stdout_empty
t_pass
