#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-seg-kill-fail-rerun: a segmented download (-x 4, no checksum known) is
# killed with SIGKILL once its state records segments; a second run fails
# before any body byte arrives (the storage answers 503, --retries 0: exit
# 5), or is interrupted with SIGINT during its back-off (exit 130).  Either
# way the partial and its segment state must survive that run intact: the
# third run (no fault) ends with the exact bytes, or fails -- it never
# reports success with zero-filled holes where the unfinished segments
# were.
. "$(dirname "$0")/lib.sh"
t_setup --rate 1500000
mkfile root/a.bin 16M
mkfile root/b.bin 16M 1

# kill9_segmented NAME: start -x 4 on NAME, SIGKILL it once the state holds
# segments and some data has arrived.
kill9_segmented()
{
  local name=$1 i
  run_bg bg -x 4 --retry-delay 0.05 "$BASE/files/$name"
  for i in $(seq 1 100); do
    grep -q '"segments"' "$name.sfstate" 2>/dev/null && break
    [ -s bg.rc ] && break
    sleep 0.05
  done
  sleep 0.8
  kill -9 "$BG_PID"
  wait_bg 10
  expect_rc 137
  expect_partial "$name"
  expect_no_file "$name"
  grep -q '"segments"' "$name.sfstate" ||
    fail "no segments in the state after the kill: $(cat "$name.sfstate")"
  note "$name: killed, partial $(size_of "$name.sfpart") bytes"
}

# third_run NAME: no fault; exit 0 with the exact bytes, or a failure
# without an output file.
third_run()
{
  local name=$1
  run --retry-delay 0.05 --json "$BASE/files/$name"
  note "$name: third run exit $rc"
  if [ "$rc" = 0 ]; then
    expect_same "$name" "root/$name"
    expect_no_partial "$name"
  else
    expect_no_file "$name"
  fi
  # the fix must not make every such download fail either
  expect_rc 0
}

note "case A: a second run that fails at once (503, --retries 0)"
kill9_segmented a.bin
cp a.bin.sfstate a.state1
fault '{"path":"/files/a.bin","fault":"status","code":503,"count":-1}'
run -x 4 --retries 0 --retry-delay 0.05 "$BASE/files/a.bin"
expect_rc 5
expect_stderr '503'
expect_partial a.bin
expect_no_file a.bin
note "state after the failed run: $(head -c 600 a.bin.sfstate)"
server_reset
third_run a.bin

note "case B: a second run interrupted by SIGINT during its back-off"
kill9_segmented b.bin
fault '{"path":"/files/b.bin","fault":"status","code":503,"count":-1}'
run_bg bg2 -x 4 --retries 3 --retry-delay 5 "$BASE/files/b.bin"
sleep 0.7
kill -INT "$BG_PID"
wait_bg 10
expect_rc 130
expect_partial b.bin
expect_no_file b.bin
server_reset
third_run b.bin
t_pass
