#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-short-206: a resume whose 206 is consistent but short (Content-Range
# "bytes S-(S+L-1)/TOTAL", Content-Length L: fakeprov's short_range fault)
# is not the whole file.  Case A: once -- the run asks again for what is
# still missing and ends exact (exit 0), keeping the bytes it had (the
# server sends at most the file size + a little over all runs).  Case B:
# every answer is short, --retries 2 -- exit 5, the partial and state kept
# and holding at least what they held before (no exit 6, nothing deleted).
. "$(dirname "$0")/lib.sh"
t_setup
mkfile root/a.bin 2M
mkfile root/b.bin 2M 1
SIZE=$((2 << 20))

note "case A: one short 206, then normal answers"
fault '{"path":"/files/a.bin","fault":"rate","bps":262144}'
interrupted_download 9 "$BASE/files/a.bin" a.bin --retry-delay 0.05
expect_partial a.bin
P=$partial_size
[ "$P" -gt 0 ] || fail "no partial data"
log_mark
fault '{"path":"/files/a.bin","fault":"short_range","length":65536}'
run --retries 3 --retry-delay 0.05 --json "$BASE/files/a.bin"
expect_rc 0
expect_same a.bin root/a.bin
expect_no_partial a.bin
expect_log 'new_gets("/files/a.bin")[0]["fault"] == "short_range" and new_gets("/files/a.bin")[0]["status"] == 206' \
  "the first rerun GET got the short 206"
total=$(log_query 'sum(e["bytes_sent"] for e in gets("/files/a.bin"))')
note "case A: server sent $total bytes for $SIZE"
[ "$total" -le $((SIZE + 65536 + 16384)) ] ||
  fail "server sent $total bytes for a $SIZE-byte file: good bytes thrown away"

note "case B: every answer short"
fault '{"path":"/files/b.bin","fault":"rate","bps":262144}'
interrupted_download 9 "$BASE/files/b.bin" b.bin --retry-delay 0.05
expect_partial b.bin
P=$partial_size
[ "$P" -gt 0 ] || fail "no partial data"
sha_before=$(head -c "$P" b.bin.sfpart | sha1sum | cut -d' ' -f1)
fault '{"path":"/files/b.bin","fault":"short_range","length":65536,"count":-1}'
run --retries 2 --retry-delay 0.05 --json "$BASE/files/b.bin"
expect_rc 5
expect_no_file b.bin
expect_partial b.bin
P2=$(size_of b.bin.sfpart)
[ "$P2" -ge "$P" ] || fail "the partial shrank from $P to $P2 bytes"
[ "$(head -c "$P" b.bin.sfpart | sha1sum | cut -d' ' -f1)" = "$sha_before" ] ||
  fail "the first $P bytes of the partial changed"
cmp -n "$P2" b.bin.sfpart root/b.bin ||
  fail "the partial holds bytes that are not the file's"
expect_json 'len(j) == 1 and j[0]["status"] == "failed" and j[0]["error"]["exit_code"] == 5' \
  "failed with exit_code 5"
n=$(log_query 'len(gets("/files/b.bin"))')
note "case B: $n GETs in all, partial $P -> $P2"
t_pass
