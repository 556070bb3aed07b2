#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-usage: bad command lines exit 2 before any request; --help and
# --version exit 0 and print on stdout.
. "$(dirname "$0")/lib.sh"
t_setup
mkfile root/a.bin 10K

usage_error()
{
  note "usage error: $*"
  run "$@"
  expect_rc 2
  [ -s err ] || fail "no message on stderr for: $*"
}

usage_error --no-such-option "$BASE/files/a.bin"
usage_error
usage_error -o x.bin "$BASE/files/a.bin" "$BASE/files/a.bin"
expect_no_file x.bin
usage_error --retries abc "$BASE/files/a.bin"
usage_error --retries -1 "$BASE/files/a.bin"
usage_error -j 0 "$BASE/files/a.bin"
usage_error --progress=bogus "$BASE/files/a.bin"
usage_error --sha1 nothex "$BASE/files/a.bin"
usage_error --size 12x "$BASE/files/a.bin"
usage_error -H 'no colon here' "$BASE/files/a.bin"
usage_error "nosuchscheme:foo"
usage_error "ftp://127.0.0.1:$PORT/files/a.bin"
expect_no_file a.bin
expect_log 'len(r) == 0' "no request for any usage error"

note "--help"
run --help
expect_rc 0
grep -q -i '^usage:' out || fail "--help: no 'Usage:' line on stdout"
for opt in --output --directory --sha1 --sha256 --md5 --size --header \
           --jobs --retries --retry-delay --connect-timeout --stall-timeout \
           --no-continue --overwrite --json --progress --quiet --verbose \
           --cacert --insecure --help --version; do
  grep -q -e "$opt" out || fail "--help does not mention $opt"
done

note "--version"
run --version
expect_rc 0
head -n 1 out | grep -q -E '^sigfetch.* [0-9]+\.[0-9]+' ||
  fail "--version: first line is not 'sigfetch ... X.Y'"
t_pass
