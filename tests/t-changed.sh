#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-changed: the file on the server changed (same size, new content) since
# the partial was written: If-Range no longer matches, the server answers
# 200, and the download restarts from zero; the result is the NEW content.
. "$(dirname "$0")/lib.sh"
t_setup
mkfile root/a.bin 2M
cp root/a.bin old.ref
export OLD_ETAG; OLD_ETAG=$(etag_of root/a.bin)
fault '{"path":"/files/a.bin","fault":"rate","bps":262144}'

interrupted_download 9 "$BASE/files/a.bin" a.bin --retry-delay 0.05
expect_partial a.bin
export P=$partial_size
[ "$P" -gt 0 ] || fail "no partial data"

mkfile root/a.bin 2M 1
touch -d '2020-01-02 03:04:05' root/a.bin
[ "$(etag_of root/a.bin)" != "$OLD_ETAG" ] || fail "setup: ETag unchanged"
[ "$(sha1_of root/a.bin)" != "$(sha1_of old.ref)" ] || fail "setup: same bytes"

log_mark
run --retry-delay 0.05 --json "$BASE/files/a.bin"
expect_rc 0
expect_same a.bin root/a.bin
expect_no_partial a.bin
expect_log 'new_gets("/files/a.bin")[0]["range"] == "bytes=%s-" % E["P"] and new_gets("/files/a.bin")[0]["headers"].get("if-range") == E["OLD_ETAG"]' \
  "the rerun asked for bytes=$P- with If-Range: $OLD_ETAG"
expect_log 'new_gets("/files/a.bin")[0]["status"] == 200' \
  "and got the whole new file (200)"
expect_stderr -i 'restart|start(ing)? over|from (the )?(beginning|start|zero|scratch)|again|chang'
expect_json 'j[0]["status"] == "ok" and j[0]["resumed_from"] == 0' \
  "resumed_from 0 after the restart"
t_pass
