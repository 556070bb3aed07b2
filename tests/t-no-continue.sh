#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-no-continue: --no-continue discards a partial download and starts over
# with a plain GET.
. "$(dirname "$0")/lib.sh"
t_setup
mkfile root/a.bin 2M
fault '{"path":"/files/a.bin","fault":"rate","bps":262144}'

interrupted_download 9 "$BASE/files/a.bin" a.bin --retry-delay 0.05
expect_partial a.bin

log_mark
run --no-continue --retry-delay 0.05 --json "$BASE/files/a.bin"
expect_rc 0
expect_same a.bin root/a.bin
expect_no_partial a.bin
expect_log 'len(new_gets("/files/a.bin")) == 1 and new_gets("/files/a.bin")[0]["range"] is None and new_gets("/files/a.bin")[0]["status"] == 200' \
  "one GET without Range"
expect_json 'j[0]["status"] == "ok" and j[0]["resumed_from"] == 0 and j[0]["bytes_transferred"] == 2097152' \
  "resumed_from 0, bytes_transferred 2097152"
t_pass
