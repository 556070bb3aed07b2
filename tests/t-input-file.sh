#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-input-file: -i FILE reads one locator per line; blank lines, '#'
# comments, surrounding blanks and CRLF line ends are skipped; every listed
# file lands inside -P, and the server sees exactly one GET per listed file
# (none for the commented-out one).  Command-line locators and -i combine.
. "$(dirname "$0")/lib.sh"
t_setup
n=0
for f in a b c d e; do
  n=$((n + 1))
  mkfile root/$f.bin $((n * 10000 + 7))
done

{
  echo "# a comment line"
  echo "$BASE/files/a.bin"
  echo ""
  echo "   "
  echo "  $BASE/files/b.bin  "
  echo "	# an indented comment: $BASE/files/d.bin"
  printf '%s\r\n' "$BASE/files/c.bin"
  printf '\r\n'
} >list

mkdir dl
run --json --retry-delay 0.05 -P dl -i list
expect_rc 0
for f in a b c; do
  expect_same dl/$f.bin root/$f.bin
  expect_no_partial dl/$f.bin
done
expect_no_file dl/d.bin
[ "$(ls dl | wc -l)" = 3 ] || fail "dl/ holds $(ls dl | tr '\n' ' '), expected a.bin b.bin c.bin"
expect_json 'len(j) == 3 and all(o["status"] == "ok" for o in j)' \
  "three ok result lines"
expect_json 'sorted(o["locator"] for o in j) == [E["BASE"] + "/files/%s.bin" % f for f in "abc"]' \
  "the locators without blanks or CR"
expect_log 'all(len(gets("/files/%s.bin" % f)) == 1 for f in "abc")' \
  "one GET each for a, b, c"
expect_log 'gets("/files/d.bin") == []' "no request for the commented-out d"
expect_log 'len([e for e in r if e["path"].startswith("/files/")]) == 3' \
  "no other request"

note "command-line locators and -i together"
echo "$BASE/files/e.bin" >list2
mkdir both
log_mark
run --json --retry-delay 0.05 -P both -i list2 "$BASE/files/d.bin"
expect_rc 0
expect_same both/d.bin root/d.bin
expect_same both/e.bin root/e.bin
expect_json 'len(j) == 2' "two result lines"

note "a list that does not exist"
log_mark
run -P dl -i no-such-list
expect_rc 2
expect_stderr_fixed 'no-such-list'
expect_log 'not [e for e in r if e["t_start"] >= float(E["T_MARK"])]' \
  "no request"
t_pass
