#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-short-206: a resume whose 206 is consistent but short (Content-Range
# "bytes S-(S+L-1)/TOTAL", Content-Length L: fakeprov's short_range fault)
# is not the whole file.  Case A: once -- the run asks again for what is
# still missing and ends exact (exit 0), keeping the bytes it had (the
# server sends at most the file size + a little over all runs).  Case B:
# every answer is short, --retries 2 -- each answer is progress, and the
# retry budget is for failures without progress (PROVIDERS.md 6.1), so
# the run asks again until it has the whole file: exit 0, exact, the
# bytes the partial held kept (never exit 6, nothing deleted).
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
expect_rc 0
expect_same b.bin root/b.bin
expect_no_partial b.bin
expect_json 'len(j) == 1 and j[0]["status"] == "ok" and j[0]["retries"] > 2' \
  "ok, after more short answers than --retries"
n=$(log_query 'len(gets("/files/b.bin"))')
total=$(log_query 'sum(e["bytes_sent"] for e in gets("/files/b.bin"))')
note "case B: $n GETs in all, partial $P; server sent $total bytes"
[ "$total" -le $((SIZE + 65536 + 16384)) ] ||
  fail "server sent $total bytes for a $SIZE-byte file: good bytes thrown away"
t_pass
