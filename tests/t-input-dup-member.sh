#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-input-dup-member: an -i JSON line that gives a member twice ("headers",
# "locator", "output", "sha1") is ambiguous: it is a bad line like any
# other -- exit 2 naming FILE:LINE, no request -- and never a crash or a
# silent "last one wins".
. "$(dirname "$0")/lib.sh"
t_setup
mkfile root/a.bin 10000
mkfile root/b.bin 20000
A1=$(sha1_of root/a.bin)
mkdir dl

dup_member()
{
  note "$1 twice"
  {
    echo "{\"locator\":\"$BASE/files/b.bin\",\"output\":\"first.bin\"}"
    echo "{\"locator\":\"$BASE/files/a.bin\",$2}"
  } >list
  log_mark
  run --json --retry-delay 0.05 -P dl -i list
  [ "$rc" -lt 128 ] || fail "sigfetch crashed (exit $rc) on a line with $1 twice"
  expect_rc 2
  expect_stderr_fixed 'list:2'
  expect_log 'not [e for e in r if e["t_start"] >= float(E["T_MARK"])]' \
    "no request ($1 twice)"
  [ -z "$(ls -A dl)" ] || fail "dl/ should be empty ($1 twice): $(ls -A dl)"
}

dup_member headers '"headers":{"X-A":"1"},"headers":{"X-B":"2"}'
dup_member "headers (more the first time)" \
  '"headers":{"X-A":"1","X-C":"3","X-D":"4"},"headers":{"X-B":"2"}'
dup_member locator "\"locator\":\"$BASE/files/b.bin\""
dup_member output '"output":"x.bin","output":"y.bin"'
dup_member sha1 "\"sha1\":\"$A1\",\"sha1\":\"$(bad_hex "$A1")\""
t_pass
