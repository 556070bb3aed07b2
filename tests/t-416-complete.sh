#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-416-complete: the partial already holds every byte but the run failed
# before it could know (a chunked body cut before its last chunk).  The
# rerun gets 416 with bytes */N = the partial's size: it verifies the
# partial (hashing what is on disk) and commits without downloading again.
. "$(dirname "$0")/lib.sh"
t_setup
mkfile root/a.bin 1M
export ETAG; ETAG=$(etag_of root/a.bin)
fault '{"path":"/files/a.bin","fault":"drop","after":1048576,"chunked":true}'

run --retries 0 --retry-delay 0.05 "$BASE/files/a.bin"
expect_rc 5
expect_partial a.bin
expect_no_file a.bin
[ "$(size_of a.bin.sfpart)" = 1048576 ] ||
  fail "setup: partial holds $(size_of a.bin.sfpart) bytes, not 1048576"

log_mark
run --retry-delay 0.05 --json --sha1 "$(sha1_of root/a.bin)" \
    "$BASE/files/a.bin"
expect_rc 0
expect_same a.bin root/a.bin
expect_no_partial a.bin
expect_log 'new_gets("/files/a.bin")[0]["range"] == "bytes=1048576-" and new_gets("/files/a.bin")[0]["headers"].get("if-range") == E["ETAG"]' \
  "the rerun asked for bytes=1048576- with If-Range"
expect_log 'new_gets("/files/a.bin")[0]["status"] == 416' "and got 416"
expect_log 'sum(e["bytes_sent"] for e in new_gets("/files/a.bin")) == 0 and all(e["status"] == 416 for e in new_gets("/files/a.bin"))' \
  "no body byte downloaded again"
expect_json 'j[0]["status"] == "ok" and j[0]["bytes_transferred"] == 0 and j[0]["resumed_from"] == 1048576' \
  "ok, bytes_transferred 0, resumed_from 1048576"
t_pass
