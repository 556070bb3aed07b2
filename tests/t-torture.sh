#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-torture: a short fixed run of the fault-sequence torture (torture.py):
# seeded trials of kills, interrupts, power losses, storage faults,
# changed files, signals during a provider's resolve call and SIGTERM
# while an --archive is written, each followed by clean runs; after every
# step an existing output is byte-exact, a success means the exact bytes,
# the exit status is one the step allows, nothing hangs, and the server
# sends no more than the file plus what restarts and kills explain.  Then
# a few trials in which every run uses a provider locator (the fake TCB's
# cloud://), files of at most 4 MiB so that archive steps are drawn.
# About 40 s on two cores; no new trial starts after 25 s + 10 s.
# Failing seeds are printed; replay one with
# tests/torture.sh --seed SEED --trials 1 [--provider --max-size 4194304].
. "$(dirname "$0")/lib.sh"
note "sigfetch $SIGFETCH"
"$PYTHON" "$srcdir/torture.py" --sigfetch "$SIGFETCH" \
  --fakeprov "$FAKEPROV" --seed 200 --trials 10 --time-limit 25 ||
  fail "torture: invariants broken (see the trials above)"
"$PYTHON" "$srcdir/torture.py" --sigfetch "$SIGFETCH" \
  --fakeprov "$FAKEPROV" --provider --max-size 4194304 --seed 300 \
  --trials 3 --time-limit 10 ||
  fail "torture --provider: invariants broken (see the trials above)"
t_pass
