#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-kill9-resume: a download killed with SIGKILL leaves OUTPUT.sfpart and
# OUTPUT.sfstate; the next run resumes from the partial's size with If-Range.
. "$(dirname "$0")/lib.sh"
t_setup
mkfile root/a.bin 4M
export ETAG; ETAG=$(etag_of root/a.bin)
fault '{"path":"/files/a.bin","fault":"rate","bps":262144}'

interrupted_download 9 "$BASE/files/a.bin" a.bin --retry-delay 0.05
expect_rc 137
expect_partial a.bin
expect_no_file a.bin
[ "$partial_size" -gt 0 ] && [ "$partial_size" -lt 4194304 ] ||
  fail "partial size $partial_size not in (0, 4194304)"

export P=$partial_size
log_mark
run --retry-delay 0.05 --json "$BASE/files/a.bin"
expect_rc 0
expect_same a.bin root/a.bin
expect_no_partial a.bin
expect_log 'len(new_gets("/files/a.bin")) == 1' "one GET in the second run"
expect_log 'new_gets("/files/a.bin")[0]["range"] == "bytes=%s-" % E["P"]' \
  "Range: bytes=$P- (the partial's size)"
expect_log 'new_gets("/files/a.bin")[0]["headers"].get("if-range") == E["ETAG"]' \
  "If-Range: $ETAG"
expect_log 'new_gets("/files/a.bin")[0]["status"] == 206 and new_gets("/files/a.bin")[0]["bytes_sent"] == 4194304 - int(E["P"])' \
  "a 206 with the rest of the file"
expect_json 'j[0]["status"] == "ok" and j[0]["resumed_from"] == int(E["P"]) and j[0]["bytes_transferred"] == 4194304 - int(E["P"])' \
  "resumed_from $P, bytes_transferred the rest"
t_pass
