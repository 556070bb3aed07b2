#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-sigint: SIGINT exits 130 and SIGTERM exits 143, both keeping the partial
# and state; each following run resumes where the previous one stopped.
. "$(dirname "$0")/lib.sh"
t_setup
mkfile root/a.bin 4M
export ETAG; ETAG=$(etag_of root/a.bin)
fault '{"path":"/files/a.bin","fault":"rate","bps":262144,"count":2}'

interrupted_download INT "$BASE/files/a.bin" a.bin --retry-delay 0.05
expect_rc 130
expect_partial a.bin
expect_no_file a.bin
export P1=$partial_size
[ "$P1" -gt 0 ] || fail "empty partial after SIGINT"

log_mark
interrupted_download TERM "$BASE/files/a.bin" a.bin --retry-delay 0.05
expect_rc 143
expect_partial a.bin
expect_no_file a.bin
export P2=$partial_size
[ "$P2" -gt "$P1" ] || fail "partial did not grow: $P1 -> $P2"
expect_log 'new_gets("/files/a.bin")[0]["range"] == "bytes=%s-" % E["P1"]' \
  "the run after SIGINT resumed at $P1"

log_mark
run --retry-delay 0.05 "$BASE/files/a.bin"
expect_rc 0
expect_same a.bin root/a.bin
expect_no_partial a.bin
expect_log 'len(new_gets("/files/a.bin")) == 1 and new_gets("/files/a.bin")[0]["range"] == "bytes=%s-" % E["P2"]' \
  "the run after SIGTERM resumed at $P2"
expect_log 'new_gets("/files/a.bin")[0]["headers"].get("if-range") == E["ETAG"]' \
  "If-Range: $ETAG"
t_pass
