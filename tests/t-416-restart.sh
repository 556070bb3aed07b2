#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-416-restart: a 416 whose Content-Range total differs from the bytes on
# disk means the partial is not the file: restart from zero.
. "$(dirname "$0")/lib.sh"
t_setup
mkfile root/a.bin 2M
fault '{"path":"/files/a.bin","fault":"rate","bps":262144}'

interrupted_download 9 "$BASE/files/a.bin" a.bin --retry-delay 0.05
expect_partial a.bin
export P=$partial_size
[ "$P" -gt 0 ] || fail "no partial data"

log_mark
fault '{"path":"/files/a.bin","fault":"status","code":416,"headers":{"Content-Range":"bytes */12345"}}'
run --retries 2 --retry-delay 0.05 --json "$BASE/files/a.bin"
expect_rc 0
expect_same a.bin root/a.bin
expect_no_partial a.bin
expect_log 'new_gets("/files/a.bin")[0]["range"] == "bytes=%s-" % E["P"] and new_gets("/files/a.bin")[0]["status"] == 416' \
  "the resume got the crafted 416"
expect_log 'len(new_gets("/files/a.bin")) == 2 and new_gets("/files/a.bin")[1]["range"] in (None, "bytes=0-") and new_gets("/files/a.bin")[1]["bytes_sent"] == 2097152' \
  "then one GET of the whole file"
expect_json 'j[0]["status"] == "ok" and j[0]["resumed_from"] == 0' \
  "resumed_from 0"
t_pass
