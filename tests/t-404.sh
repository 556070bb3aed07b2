#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-404: a missing file is exit 5 at once: one request, no retry, no output;
# the message names the locator and the status.
. "$(dirname "$0")/lib.sh"
t_setup

run --retries 3 --retry-delay 0.05 "$BASE/files/missing.bin"
expect_rc 5
expect_no_file missing.bin
expect_log 'len(r) == 1 and r[0]["path"] == "/files/missing.bin" and r[0]["status"] == 404' \
  "exactly one request, answered 404"
expect_stderr '404|[Nn]ot [Ff]ound'
expect_stderr_fixed "/files/missing.bin"
t_pass
