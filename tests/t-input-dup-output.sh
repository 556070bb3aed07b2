#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-input-dup-output: two lines of an -i list that would write the same
# output file are exit 2 before anything starts (the message names the file
# and both lines; the server sees no request): the same URL twice, two URLs
# with the same last segment, a URL and an "output" of that name, two equal
# "output"s, and "output"s that differ only in spelling ("./x", "d//x",
# "d/../x") but name the same file.
. "$(dirname "$0")/lib.sh"
t_setup
mkfile root/a.bin 10000
mkfile root/b.bin 20000
mkfile root/sub/a.bin 30000
mkdir dl

# dup_case WHAT LINE1 LINE2: a list "good, LINE1, comment, LINE2" must be
# refused with exit 2 naming list:4 and line 2, before any request.
dup_case()
{
  note "$1"
  rm -rf dl && mkdir dl
  {
    echo "{\"locator\":\"$BASE/files/b.bin\",\"output\":\"unrelated.bin\"}"
    echo "$2"
    echo "# comment"
    echo "$3"
  } >list
  log_mark
  run --json --retry-delay 0.05 -P dl -i list
  expect_rc 2
  expect_stderr 'list:4'
  expect_stderr 'line 2'
  expect_log 'not [e for e in r if e["t_start"] >= float(E["T_MARK"])]' \
    "no request at all ($1)"
  [ -z "$(find dl -type f)" ] || fail "dl/ should hold no file ($1): $(find dl -type f)"
}

dup_case "the same URL twice" "$BASE/files/a.bin" "$BASE/files/a.bin"
dup_case "two URLs, same last segment" "$BASE/files/a.bin" \
  "$BASE/files/sub/a.bin"
dup_case "a URL and an output of its name" "$BASE/files/a.bin" \
  "{\"locator\":\"$BASE/files/b.bin\",\"output\":\"a.bin\"}"
dup_case "two equal outputs" \
  "{\"locator\":\"$BASE/files/a.bin\",\"output\":\"d/x.bin\"}" \
  "{\"locator\":\"$BASE/files/b.bin\",\"output\":\"d/x.bin\"}"

note "different outputs are fine"
rm -rf dl && mkdir dl
{
  echo "{\"locator\":\"$BASE/files/a.bin\",\"output\":\"a1.bin\"}"
  echo "{\"locator\":\"$BASE/files/a.bin\",\"output\":\"d/a.bin\"}"
  echo "$BASE/files/a.bin"
} >list
run --retry-delay 0.05 -P dl -i list
expect_rc 0
expect_same dl/a1.bin root/a.bin
expect_same dl/d/a.bin root/a.bin
expect_same dl/a.bin root/a.bin

# The same file under another spelling is still the same output.
dup_case "'./x' and 'x'" \
  "{\"locator\":\"$BASE/files/a.bin\",\"output\":\"./x.bin\"}" \
  "{\"locator\":\"$BASE/files/b.bin\",\"output\":\"x.bin\"}"
dup_case "'d//x' and 'd/x'" \
  "{\"locator\":\"$BASE/files/a.bin\",\"output\":\"d//x.bin\"}" \
  "{\"locator\":\"$BASE/files/b.bin\",\"output\":\"d/x.bin\"}"
dup_case "'d/../x' and 'x'" \
  "{\"locator\":\"$BASE/files/a.bin\",\"output\":\"d/../x.bin\"}" \
  "{\"locator\":\"$BASE/files/b.bin\",\"output\":\"x.bin\"}"
t_pass
