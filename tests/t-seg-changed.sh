#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-seg-changed: a segmented download (-x 4) whose file changes on the
# server.  Case A: killed with SIGKILL, then the file is replaced (new
# content, new ETag): the rerun's If-Range no longer matches, the server
# answers 200, and sigfetch restarts from zero and saves the NEW file
# exactly (exit 0), warning that the file changed -- not that the server
# "ignores Range".  Case B: one segment's 206 carries another ETag than the
# file's, and other bytes (fakeprov corrupt fault with "headers"): that
# segment cannot be trusted to belong to the same file, so the download
# restarts; the result is exact (no checksum is known to catch it later).
. "$(dirname "$0")/lib.sh"
t_setup
mkfile root/a.bin 16M
mkfile root/b.bin 16M 1
RESTART='restart|start(ing)? over|from (the )?(beginning|start|zero|scratch)|again|chang'

note "case A: killed, then the file changed"
fault '{"path":"/files/a.bin","fault":"rate","bps":1500000,"count":4}'
run_bg bg -x 4 --retry-delay 0.05 "$BASE/files/a.bin"
for i in $(seq 1 100); do
  grep -q '"segments"' a.bin.sfstate 2>/dev/null && break
  [ -s bg.rc ] && break
  sleep 0.05
done
sleep 0.5
kill -9 "$BG_PID"
wait_bg 10
expect_rc 137
expect_partial a.bin
grep -q '"segments"' a.bin.sfstate || fail "no segments in the state"
OLD_ETAG=$(etag_of root/a.bin)
mkfile root/a.bin 16M 7
touch -d '2020-01-02 03:04:05' root/a.bin
[ "$(etag_of root/a.bin)" != "$OLD_ETAG" ] || fail "setup: ETag unchanged"
server_reset
run -x 4 --retry-delay 0.05 --json "$BASE/files/a.bin"
expect_rc 0
expect_same a.bin root/a.bin
expect_no_partial a.bin
expect_no_stderr -i 'ignores? (the )?range'
expect_stderr -i "$RESTART"
expect_json 'j[0]["status"] == "ok" and j[0]["resumed_from"] == 0' \
  "resumed_from 0 after the restart"

note "case B: one segment's 206 carries another ETag"
export ETAG; ETAG=$(etag_of root/b.bin)
# the odd segment's bytes differ too, as a changed file's would
fault '{"path":"/files/b.bin","fault":"corrupt","offset":0,"length":4096,"headers":{"ETag":"\"not-the-same\""},"range_from_min":1}'
run -x 4 --retry-delay 0.05 --json "$BASE/files/b.bin"
expect_rc 0
expect_same b.bin root/b.bin
expect_no_partial b.bin
expect_log 'any(e["fault"] == "corrupt" and e["status"] == 206 for e in gets("/files/b.bin"))' \
  "a segment got the 206 with the other ETag"
expect_stderr -i "$RESTART|etag|validator"
# after the odd answer, the whole file is fetched again from byte 0
expect_log 'any((e["range"] is None or e["range"].startswith("bytes=0-")) and e["t_start"] > min(x["t_start"] for x in gets("/files/b.bin") if x["fault"] == "corrupt") for e in gets("/files/b.bin"))' \
  "a request from byte 0 after the segment with the other ETag"
t_pass
