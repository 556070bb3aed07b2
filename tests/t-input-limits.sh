#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-input-limits: a locator or header too large for any request (1 MiB)
# (100 KiB on the command line) is exit 2 at input, naming the list line (or the locator, or -H), before
# any request; before, libcurl said "Out of memory", which was retried
# five times as if transient.  Locators and headers of ordinary size pass.
. "$(dirname "$0")/lib.sh"
t_setup
mkfile root/a.bin 10K
BIG=$("$PYTHON" -c 'print("x" * (1 << 20))')
long_url="$BASE/files/a.bin?pad=$BIG"
# one argument holds at most 128 KiB (MAX_ARG_STRLEN): 100 KiB for those
ARG=$("$PYTHON" -c 'print("x" * (100 << 10))')

note "a 1 MiB URL in a list"
printf '%s\n%s\n' "$BASE/files/a.bin" "$long_url" >list
log_mark
run --retry-delay 0.05 -i list
expect_rc 2
expect_stderr 'list:2: locator of [0-9]+ bytes \(at most 65536\)'
expect_log 'new_reqs("/files/a.bin") == []' "no request"
[ "$(wc -c <err)" -lt 2000 ] || fail "the message quotes the whole locator"

note "a 1 MiB header value in a list line"
printf '{"locator":"%s","headers":{"X-Big":"%s"}}\n' "$BASE/files/a.bin" "$BIG" >list
run --retry-delay 0.05 -i list
expect_rc 2
expect_stderr 'list:1: header of [0-9]+ bytes'

note "a 100 KiB -H"
run --retry-delay 0.05 -H "X-Big: $ARG" "$BASE/files/a.bin"
expect_rc 2
expect_stderr '-H: header of [0-9]+ bytes'

note "a 100 KiB locator on the command line"
run --retry-delay 0.05 "$BASE/files/a.bin?pad=$ARG"
expect_rc 2
expect_stderr 'locator of [0-9]+ bytes'
[ "$(grep -c 'retrying' err)" = 0 ] || fail "retried"
expect_no_file a.bin

note "ordinary sizes pass"
run --retry-delay 0.05 -H "X-Pad: $("$PYTHON" -c 'print("y" * 4000)')" \
  "$BASE/files/a.bin?pad=$("$PYTHON" -c 'print("z" * 4000)')"
expect_rc 0
expect_same a.bin root/a.bin
t_pass
