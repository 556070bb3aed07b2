#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-redact-control: under -v a server's header line is printed with its
# control characters escaped (fuzz_redact: a CR in mid-line was printed
# as it was), so a server cannot move the cursor, clear the screen or
# set the terminal's title through sigfetch's trace.
. "$(dirname "$0")/lib.sh"
t_setup
mkfile root/a.bin 16K

note "control characters in a response header under -v"
fault '{"path":"/files/a.bin","fault":"headers","headers":{"X-Evil":"a\rb\u001b[2Jc\u001b]0;t\u0007d"}}'
run -v "$BASE/files/a.bin"
expect_rc 0
expect_same a.bin root/a.bin
expect_stderr_fixed '< X-Evil: a\rb\x1b[2Jc\x1b]0;t\x07d'
expect_no_stderr $'\x1b|\x07|\r'
t_pass
