#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-403: a direct URL answered 403 fails with exit 5 without retries.
. "$(dirname "$0")/lib.sh"
t_setup
mkfile root/a.bin 100K
fault '{"path":"/files/a.bin","fault":"status","code":403,"count":-1}'

run --retries 3 --retry-delay 0.05 "$BASE/files/a.bin"
expect_rc 5
expect_no_file a.bin
expect_log 'len(gets("/files/a.bin")) == 1' "exactly one GET"
expect_stderr '403|[Ff]orbidden'
t_pass
