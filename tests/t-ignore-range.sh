#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-ignore-range: resuming against a server that answers 200 to the Range
# request restarts from zero with a warning; the result is byte-identical.
. "$(dirname "$0")/lib.sh"
t_setup
mkfile root/a.bin 2M
fault '{"path":"/files/a.bin","fault":"rate","bps":262144}'

interrupted_download 9 "$BASE/files/a.bin" a.bin --retry-delay 0.05
expect_partial a.bin
export P=$partial_size
[ "$P" -gt 0 ] || fail "no partial data"

log_mark
fault '{"path":"/files/a.bin","fault":"ignore_range"}'
run --retry-delay 0.05 --json "$BASE/files/a.bin"
expect_rc 0
expect_same a.bin root/a.bin
expect_no_partial a.bin
expect_log 'new_gets("/files/a.bin")[0]["range"] == "bytes=%s-" % E["P"] and new_gets("/files/a.bin")[0]["status"] == 200 and new_gets("/files/a.bin")[0]["fault"] == "ignore_range"' \
  "the resume asked for bytes=$P- and got a 200"
expect_stderr -i 'restart|start(ing)? over|from (the )?(beginning|start|zero|scratch)|again|ignor'
expect_json 'j[0]["status"] == "ok" and j[0]["resumed_from"] == 0' \
  "resumed_from 0 after the restart"
t_pass
