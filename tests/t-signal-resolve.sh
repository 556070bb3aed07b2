#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-signal-resolve: a stop signal during a provider API call ends the run
# within a second, whatever the call is doing: waiting for an answer that
# takes 30 s (SIGINT -> 130, SIGTERM -> 143), fetching a token, or sleeping
# in the back-off after a "busy" answer.  --stall-timeout applies to
# provider calls too: an API that sends nothing for that long is given up
# (exit 5), not waited for until net.api_timeout.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-prov.sh"
t_setup
prov_setup tcb
mkfile root/a.bin 10K
L=$(tcb_loc a.bin)

# wait_calls EXPR: wait (at most 10 s) until the fake TCB's state says EXPR.
wait_calls()
{
  local i=0
  while [ "$(prov_stat tcb "$1")" != True ]; do
    i=$((i + 1))
    [ "$i" -gt 200 ] && fail "the fake TCB never saw: $1"
    sleep 0.05
  done
}

# stop_within SIG RC: send SIG to the background run, expect exit RC in
# under 1.5 s (one second, plus the test's own polling).
stop_within()
{
  local t0
  t0=$(t__now)
  kill -"$1" "$BG_PID"
  wait_bg 40
  # from the kill to the exit as the wrapper saw it (its .rc file's time),
  # not counting this script's own polling on a loaded machine
  elapsed=$("$PYTHON" -c 'import os, sys
print("%.3f" % (os.stat(sys.argv[1]).st_mtime - float(sys.argv[2])))' \
    "$T_DIR/$T_BG_NAME.rc" "$t0")
  note "SIG$1: exit $rc after ${elapsed}s"
  expect_rc "$2"
  awk -v e="$elapsed" 'BEGIN { exit !(e < 1.5) }' ||
    fail "SIG$1 took ${elapsed}s to end the run"
}

note "SIGINT while batchdownloadfile hangs"
prov_ctl tcb '{"batch_delay": 30}' >/dev/null
run_bg int --retry-delay 0.05 "$L"
wait_calls 's["batch_calls"] >= 1'
sleep 0.3
stop_within INT 130
expect_no_file a.bin

note "SIGTERM while batchdownloadfile hangs, --json, several locators"
run_bg term --json --retry-delay 0.05 "$L" "$(tcb_loc b.bin)"
wait_calls 's["batch_calls"] >= 2'
sleep 0.3
stop_within TERM 143
expect_no_file a.bin

note "SIGTERM while the token is fetched"
prov_ctl tcb '{"batch_delay": 0, "token_delay": 30}' >/dev/null
use_app_credentials tcb
run_bg tok --retry-delay 0.05 "$L"
sleep 1
stop_within TERM 143
no_app_credentials tcb
export SIGFETCH_TCB_ACCESS_TOKEN=$TCB_TOKEN

note "SIGINT during the back-off after a busy answer"
prov_ctl tcb '{"token_delay": 0, "errcode": {"code": -1, "errmsg": "system busy", "count": 20}}' >/dev/null
run_bg busy --retry-delay 20 "$L"
wait_calls 's["batch_calls"] >= 3'
sleep 0.5
stop_within INT 130

note "--stall-timeout gives up a provider call that sends nothing"
prov_ctl tcb '{"reset": true, "tokens": ["'"$TCB_TOKEN"'"], "batch_delay": 30}' >/dev/null
run --retries 0 --stall-timeout 1 "$L"
expect_rc 5
awk -v e="$elapsed" 'BEGIN { exit !(e < 10) }' ||
  fail "--stall-timeout 1 took ${elapsed}s on a silent provider"
expect_stderr 'tcb'
prov_ctl tcb '{"batch_delay": 0}' >/dev/null
run --retry-delay 0.05 "$L"
expect_rc 0
expect_same a.bin root/a.bin
t_pass
