#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-concurrent: while one run downloads an output, a second run for the
# same output fails at once with exit 7 and a message about the lock; the
# first run is undisturbed.
. "$(dirname "$0")/lib.sh"
t_setup
mkfile root/a.bin 2M
fault '{"path":"/files/a.bin","fault":"rate","bps":1048576}'

run_bg first --retry-delay 0.05 "$BASE/files/a.bin"
FIRST=$BG_PID
wait_for_size a.bin.sfpart 0 10

run --retry-delay 0.05 "$BASE/files/a.bin"
expect_rc 7
awk -v e="$elapsed" 'BEGIN { exit !(e < 1.5) }' ||
  fail "the second run took ${elapsed}s; it should fail at once"
expect_stderr -i 'lock|another'
kill -0 "$FIRST" 2>/dev/null || fail "the first run ended before the second"

wait_bg 30
[ "$rc" = 0 ] || { cp first.err err; fail "first run: exit $rc"; }
expect_same a.bin root/a.bin
expect_no_partial a.bin
expect_log 'len(gets("/files/a.bin")) == 1' \
  "one GET (the second run made no request)"
t_pass
