#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-metrics-planted: --metrics FILE in a directory others can write.  A
# FIFO planted at FILE (read back by a failed run for the last success)
# does not hang the run; a symbolic link planted at FILE.tmp or at FILE
# is never written through: its target is untouched and FILE becomes a
# regular file of the run's figures.
. "$(dirname "$0")/lib.sh"
t_setup
T_TIMEOUT=15
mkfile root/a.bin 1000
mkdir -p prom
echo "victim" >victim

note "a FIFO at FILE, a failed run: no hang"
mkfifo prom/m.prom
run --metrics prom/m.prom "$BASE/files/missing.bin"
[ "$rc" -ge 4 ] && [ "$rc" -le 5 ] || fail "exit $rc (124: it hung on the FIFO)"
[ -f prom/m.prom ] && [ ! -p prom/m.prom ] || fail "prom/m.prom is not a regular file"
grep -q '^sigfetch_exit_code [45]$' prom/m.prom || fail "no exit code in prom/m.prom"

note "a symbolic link at FILE.tmp"
rm -f prom/m.prom
ln -s "$T_DIR/victim" prom/m.prom.tmp
run --metrics prom/m.prom "$BASE/files/a.bin"
expect_rc 0
[ "$(cat victim)" = victim ] || fail "written through the link at FILE.tmp"
[ -f prom/m.prom ] && [ ! -L prom/m.prom ] || fail "prom/m.prom not written"
grep -q '^sigfetch_exit_code 0$' prom/m.prom || fail "no exit code 0"

note "a symbolic link at FILE, a failed run"
rm -f prom/m.prom prom/m.prom.tmp
printf 'sigfetch_last_success_timestamp_seconds 1234567890\n' >old.prom
ln -s "$T_DIR/old.prom" prom/m.prom
run --metrics prom/m.prom "$BASE/files/missing.bin"
[ "$rc" -ge 4 ] && [ "$rc" -le 5 ] || fail "exit $rc"
grep -q 1234567890 old.prom || fail "the link's target was changed"
[ -f prom/m.prom ] && [ ! -L prom/m.prom ] || fail "prom/m.prom is still a link"
t_pass
