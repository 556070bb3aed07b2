#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-stall: a server that stops sending is given up after --stall-timeout;
# the retry resumes and succeeds.  A server that always stalls ends in
# exit 5 within a bounded time, keeping the partial.
. "$(dirname "$0")/lib.sh"
t_setup
mkfile root/a.bin 1M
mkfile root/b.bin 1M
fault '{"path":"/files/a.bin","fault":"stall","after":1000,"seconds":30}'

run --stall-timeout 1 --retries 1 --retry-delay 0.05 "$BASE/files/a.bin"
expect_rc 0
expect_same a.bin root/a.bin
expect_no_partial a.bin
awk -v e="$elapsed" 'BEGIN { exit !(e >= 0.9 && e < 10) }' ||
  fail "took ${elapsed}s; expected about 1 s of stall then a fast resume"
expect_log 'len(gets("/files/a.bin")) == 2' "two GETs"
expect_log 'gets("/files/a.bin")[0]["fault"] == "stall" and gets("/files/a.bin")[0]["bytes_sent"] == 1000' \
  "the first GET stalled after 1000 bytes"
expect_log 'gets("/files/a.bin")[1]["range"] == "bytes=1000-" and gets("/files/a.bin")[1]["status"] == 206' \
  "the retry resumed at 1000"

note "stalling for ever"
fault '{"path":"/files/b.bin","fault":"stall","after":1000,"seconds":30,"count":-1}'
run --stall-timeout 1 --retries 1 --retry-delay 0.05 "$BASE/files/b.bin"
expect_rc 5
expect_no_file b.bin
expect_partial b.bin
awk -v e="$elapsed" 'BEGIN { exit !(e >= 1.8 && e < 8) }' ||
  fail "took ${elapsed}s; expected two stalls of about 1 s each"
expect_log 'len(gets("/files/b.bin")) == 2' "two GETs (--retries 1)"
t_pass
