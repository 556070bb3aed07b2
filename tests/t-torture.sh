#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-torture: a short fixed run of the fault-sequence torture (torture.py):
# twelve seeded trials of kills, interrupts, storage faults and changed
# files, each followed by clean runs; after every step an existing output
# is byte-exact, a success means the exact bytes, the exit status is one
# the step allows, nothing hangs, and the server sends no more than the
# file plus what restarts and kills explain.  About 30 s on two cores;
# started trials finish, no new one starts after 45 s.  Failing seeds are
# printed; replay one with tests/torture.sh --seed SEED --trials 1.
. "$(dirname "$0")/lib.sh"
note "sigfetch $SIGFETCH"
"$PYTHON" "$srcdir/torture.py" --sigfetch "$SIGFETCH" \
  --fakeprov "$FAKEPROV" --seed 200 --trials 12 --time-limit 45 ||
  fail "torture: invariants broken (see the trials above)"
t_pass
