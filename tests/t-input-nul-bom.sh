#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-input-nul-bom: an -i line holding a NUL byte, or a JSON string holding
# \u0000, is exit 2 naming FILE:LINE (before: the line was silently cut at
# the NUL, dropping what followed or saving "a\u0000b" as "a"); a UTF-8
# byte-order mark at the start of the list is ignored (before: the first
# line was "not a locator").
. "$(dirname "$0")/lib.sh"
t_setup
mkfile root/a.bin 10K
mkfile root/b.bin 12K

note "a NUL byte in a line"
{
  echo "$BASE/files/a.bin"
  printf '{"locator":"%s"}\0{"locator":"%s"}\n' "$BASE/files/a.bin" "$BASE/files/b.bin"
} >list
log_mark
run --retry-delay 0.05 -i list
expect_rc 2
expect_stderr 'list:2: .*NUL'
expect_log 'new_reqs("/files/a.bin") == [] and new_reqs("/files/b.bin") == []' "no request"
expect_no_file a.bin b.bin

note "\\u0000 in a JSON string"
printf '{"locator":"%s","output":"a\\u0000b"}\n' "$BASE/files/a.bin" >list
run --retry-delay 0.05 -i list
expect_rc 2
expect_stderr 'list:1: .*NUL'
expect_no_file a a.bin
note "an escaped backslash before u0000 is no NUL"
printf '{"locator":"%s","output":"x\\\\u0000"}\n' "$BASE/files/a.bin" >list
run --retry-delay 0.05 -i list
expect_rc 0
expect_same 'x\u0000' root/a.bin

note "a byte-order mark opens the list"
printf '\357\273\277%s\n%s\n' "$BASE/files/a.bin" "$BASE/files/b.bin" >list
run --retry-delay 0.05 -i list
expect_rc 0
expect_same a.bin root/a.bin
expect_same b.bin root/b.bin
rm -f a.bin b.bin
printf '\357\273\277{"locator":"%s","output":"c.bin"}\n' "$BASE/files/a.bin" >list
run --retry-delay 0.05 -i list
expect_rc 0
expect_same c.bin root/a.bin
note "a byte-order mark anywhere else is no blank"
printf '%s\n\357\273\277%s\n' "$BASE/files/a.bin" "$BASE/files/b.bin" >list
run --retry-delay 0.05 -i list
expect_rc 2
expect_stderr 'list:2: '
t_pass
