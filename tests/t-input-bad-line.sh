#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-input-bad-line: every line of an -i list is checked before anything
# starts: a line that is bad JSON, has an unknown or ill-typed member, a
# digest that is not hex of the right length, bad headers, no locator, an
# unknown locator or two locators is exit 2 naming FILE:LINE (blank lines
# and comments counted), and the server sees no request at all, not even for
# the good lines before it (also when it comes 150 lines down).
. "$(dirname "$0")/lib.sh"
t_setup
mkfile root/a.bin 10000
mkfile root/b.bin 20000
mkdir dl
SHA1=$(sha1_of root/b.bin)

# bad_case WHAT LINE: LINE is line 5 of a list after good lines; expect
# exit 2 naming list:5, no request, nothing written.
bad_case()
{
  note "$1"
  {
    echo "# good lines first"
    echo "$BASE/files/a.bin"
    echo ""
    echo "{\"locator\":\"$BASE/files/b.bin\",\"sha1\":\"$SHA1\"}"
    echo "$2"
    echo "$BASE/files/a.bin?after=1"
  } >list
  log_mark
  run --json --retry-delay 0.05 -P dl -i list
  expect_rc 2
  expect_stderr_fixed 'list:5'
  [ -n "${3:-}" ] && expect_stderr_fixed "$3"
  expect_log 'not [e for e in r if e["t_start"] >= float(E["T_MARK"])]' \
    "no request at all ($1)"
  [ -z "$(ls -A dl)" ] || fail "dl/ should be empty ($1): $(ls -A dl)"
  expect_no_file a.bin b.bin
}

bad_case "bad JSON" "{\"locator\":\"$BASE/files/b.bin\","
bad_case "JSON that is not an object" '["http://127.0.0.1/x"]'
bad_case "unknown member" \
  "{\"locator\":\"$BASE/files/b.bin\",\"colour\":\"red\"}" colour
bad_case "sha1 not hex" \
  "{\"locator\":\"$BASE/files/b.bin\",\"sha1\":\"$(printf 'g%.0s' {1..40})\"}" sha1
bad_case "sha1 too short" \
  "{\"locator\":\"$BASE/files/b.bin\",\"sha1\":\"${SHA1%?}\"}" sha1
bad_case "sha256 of sha1 length" \
  "{\"locator\":\"$BASE/files/b.bin\",\"sha256\":\"$SHA1\"}" sha256
bad_case "md5 not hex" \
  "{\"locator\":\"$BASE/files/b.bin\",\"md5\":\"$(printf 'x%.0s' {1..32})\"}" md5
bad_case "size negative" \
  "{\"locator\":\"$BASE/files/b.bin\",\"size\":-5}" size
bad_case "size a string" \
  "{\"locator\":\"$BASE/files/b.bin\",\"size\":\"20000\"}" size
bad_case "headers not an object" \
  "{\"locator\":\"$BASE/files/b.bin\",\"headers\":[\"X-A: 1\"]}" headers
bad_case "header value not a string" \
  "{\"locator\":\"$BASE/files/b.bin\",\"headers\":{\"X-A\":1}}" headers
bad_case "no locator" '{"output":"x.bin"}' locator
bad_case "unknown locator scheme" "ftp://127.0.0.1:$PORT/files/a.bin"
bad_case "unknown locator" "nosuch:thing"
bad_case "malformed provider locator" "kdocs:personal/a/b"
bad_case "two locators on a line" "$BASE/files/a.bin $BASE/files/b.bin"

note "a bad line 150 lines down"
{
  echo "# many good lines, then a bad one"
  for i in $(seq 1 150); do
    echo "{\"locator\":\"$BASE/files/a.bin?n=$i\",\"output\":\"a$i.bin\"}"
  done
  echo "{\"locator\":\"$BASE/files/b.bin\",\"sha1\":\"nothex\"}"
} >long
log_mark
run --retry-delay 0.05 -P dl -i long
expect_rc 2
expect_stderr_fixed 'long:152'
expect_log 'not [e for e in r if e["t_start"] >= float(E["T_MARK"])]' \
  "no request at all (bad line 152)"
[ -z "$(ls -A dl)" ] || fail "dl/ should be empty: $(ls -A dl | head -5)"

note "the same lists without the bad line work"
sed -i '$d' long
run --retry-delay 0.05 -j 8 -P dl -i long
expect_rc 0
expect_same dl/a150.bin root/a.bin
[ "$(ls dl | wc -l)" = 150 ] || fail "dl/ holds $(ls dl | wc -l) files, expected 150"
t_pass
