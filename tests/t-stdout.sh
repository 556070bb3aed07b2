#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-stdout: -o - writes the body to stdout, byte for byte, and creates no
# file at all (no partial, no state).
. "$(dirname "$0")/lib.sh"
t_setup
T_OUT_TEXT=0                    # stdout is binary: do not print it on FAIL
mkfile root/a.bin 3M

run --retry-delay 0.05 -o - "$BASE/files/a.bin"
expect_rc 0
expect_same out root/a.bin
expect_only_files
expect_log 'len(gets("/files/a.bin")) == 1' "one GET"

note "with --sha1"
run --retry-delay 0.05 --sha1 "$(sha1_of root/a.bin)" -o - "$BASE/files/a.bin"
expect_rc 0
expect_same out root/a.bin
expect_only_files
t_pass
