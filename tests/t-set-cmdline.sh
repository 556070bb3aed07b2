#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-set-cmdline: a secret given with --set SECTION.KEY=VALUE does not stay
# visible in /proc/PID/cmdline while sigfetch runs (issue 10, item 8); a
# non-secret setting does.
. "$(dirname "$0")/lib.sh"
t_setup
[ -r /proc/self/cmdline ] || t_skip "no /proc/PID/cmdline"
mkfile root/a.bin 64K
SECRET=SETSEKRET-7f3a91
fault '{"path":"/files/a.bin","fault":"rate","bps":4096}'
run_bg bg --set "tcb.access_token=$SECRET" --set=tcb.secret=$SECRET-2 \
  --set tcb.env=visible-env "$BASE/files/a.bin"
sleep 1  # parsed and transferring (64K at 4 KB/s takes 16 s)
kill -0 "$BG_PID" 2>/dev/null || fail "sigfetch ended early: $(cat bg.err)"
tr '\0' ' ' <"/proc/$BG_PID/cmdline" >cmdline.txt
kill -9 "$BG_PID"
wait_bg 10
grep -F -q -e "$BASE/files/a.bin" cmdline.txt ||
  fail "not sigfetch's command line: $(cat cmdline.txt)"
grep -F -q -e "tcb.env=visible-env" cmdline.txt ||
  fail "a plain setting was wiped: $(cat cmdline.txt)"
grep -F -q -e "tcb.access_token=***" cmdline.txt ||
  fail "the secret setting was not overwritten: $(cat cmdline.txt)"
expect_no_secret "$SECRET"
t_pass
