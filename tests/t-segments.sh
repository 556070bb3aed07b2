#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-segments: -x N splits a file of known size (>= 2 MiB) from a server that
# honours Range into pieces of about size / (8 N), at least 1 MiB, handed to
# the N connections in file order, all writing one .sfpart: while it runs,
# the .sfstate holds "segments": [[start,pos,end],...] that tile the file;
# the server sees the main GET plus one Range GET per other piece, exactly
# those bytes, on N connections (kept alive); the result is byte-identical
# and verified (--sha1, --json sha1), and -v tells "S segments of M bytes for
# N connections", how many bytes were "hashed from disk after arriving out of
# order" and how many were "left to hash after the last one arrived": less
# than a quarter of the file, since it completes in order.
# 20 MiB with -x 8 makes 20 pieces of 1 MiB; told its size (--size) the
# first request asks for its piece only and no byte is sent twice; 1.5 MiB
# (under two pieces of 1 MiB), or a size the server does not tell
# (chunked), is not split.
. "$(dirname "$0")/lib.sh"
t_setup
mkfile root/big.bin 64M
mkfile root/mid.bin 20M
mkfile root/small.bin 1536K
mkfile root/chunked.bin 16M
SIZE=$((64 << 20))
SHA1=$(sha1_of root/big.bin)
export SIZE SHA1 ETAG; ETAG=$(etag_of root/big.bin)
# 8 MiB per connection at 4 MB/s: about 2 s
fault '{"path":"/files/big.bin","fault":"rate","bps":4000000,"count":-1}'

note "64 MiB with -x 8"
run_bg bg -v -x 8 --retry-delay 0.05 --json --sha1 "$SHA1" \
  "$BASE/files/big.bin"
# Catch the state file while every segment is under way.
segs=
for i in $(seq 1 200); do
  segs=$("$PYTHON" - big.bin.sfstate <<'EOF' 2>/dev/null
import json, sys
try:
    s = json.load(open(sys.argv[1]))
except (OSError, ValueError):
    sys.exit(1)
g = s.get("segments") or []
if len(g) >= 9 and sum(p > a for a, p, e in g) >= 8:
    print(json.dumps(g))
else:
    sys.exit(1)
EOF
)
  [ -n "$segs" ] && break
  [ -s bg.rc ] && break
  sleep 0.05
done
[ -n "$segs" ] || fail "no .sfstate with 8 started segments seen during the download"
note "segments during the download: $segs"
export SEGS=$segs
"$PYTHON" - <<'EOF' || fail "the state's segments do not tile the file: $segs"
import json, os
g = json.loads(os.environ["SEGS"])
size = int(os.environ["SIZE"])
assert all(isinstance(v, int) for s in g for v in s), "not integers"
assert g[0][0] == 0 and g[-1][2] == size, "not from 0 to the size"
assert all(g[i][2] == g[i + 1][0] for i in range(len(g) - 1)), "gaps/overlaps"
assert all(a <= p <= e for a, p, e in g), "pos outside its segment"
assert all(e - a >= 1 << 20 for a, p, e in g), "a segment under 1 MiB"
EOF
wait_bg 30
expect_rc 0
cp bg.out out
cp bg.err err
expect_same big.bin root/big.bin
expect_no_partial big.bin
expect_json 'len(j) == 1 and j[0]["status"] == "ok" and j[0]["sha1"] == E["SHA1"] and j[0]["size"] == int(E["SIZE"])' \
  "--json: ok with the real sha1 and size"
expect_stderr_fixed '9 segments of 1048576 bytes for 8 connections'
expect_stderr 'bytes hashed from disk after arriving out of order'
readback=$(sed -n 's/.*: \([0-9][0-9]*\) bytes hashed from disk after arriving out of order.*/\1/p' err | tail -1)
left=$(sed -n 's/.*: \([0-9][0-9]*\) bytes left to hash after the last one arrived.*/\1/p' err | tail -1)
note "$readback bytes hashed from disk, $left of them after the last byte"
[ -n "$readback" ] && [ "$readback" -gt 0 ] && [ "$readback" -lt "$SIZE" ] ||
  fail "bytes hashed from disk '$readback' not in (0, $SIZE)"
[ -n "$left" ] && [ "$left" -lt $((SIZE / 4)) ] ||
  fail "bytes hashed after the last byte '$left' not under a quarter of $SIZE"
expect_log 'len(gets("/files/big.bin")) == 64' "64 GETs"
expect_log 'len(set(e["conn"] for e in gets("/files/big.bin"))) <= 9' \
  "on at most 9 connections (8, and a new one for the cut main GET's)"
expect_log 'sorted(e["range"] for e in gets("/files/big.bin") if e["range"]) == sorted("bytes=%d-%d" % (i << 20, ((i + 1) << 20) - 1) for i in range(1, 64))' \
  "63 Range GETs, one per 1 MiB piece after the first"
expect_log 'all(e["status"] == 206 and e["bytes_sent"] == 1 << 20 and e["headers"].get("if-range") == E["ETAG"] for e in gets("/files/big.bin") if e["range"])' \
  "each a 206 of exactly 1 MiB, with If-Range"
expect_log '[e["bytes_sent"] >= 1 << 20 for e in gets("/files/big.bin") if not e["range"]] == [True]' \
  "the main GET delivered its first 1 MiB"

note "20 MiB with -x 8: 20 pieces of 1 MiB"
fault '{"path":"/files/mid.bin","fault":"rate","bps":8000000,"count":-1}'
log_mark
run -v -x 8 --retry-delay 0.05 --json "$BASE/files/mid.bin"
expect_rc 0
expect_same mid.bin root/mid.bin
expect_stderr_fixed '9 segments of 1048576 bytes for 8 connections'
expect_log 'len(new_gets("/files/mid.bin")) == 20' "20 GETs"
expect_log 'all(e["status"] == 206 and int(e["range"].split("-")[1]) - int(e["range"][6:].split("-")[0]) + 1 >= 1 << 20 for e in new_gets("/files/mid.bin") if e["range"])' \
  "every Range GET a 206 of at least 1 MiB"

note "20 MiB with -x 4 and --size: the first request asks for its piece only"
rm -f mid.bin
log_mark
run -v -x 4 --size $((20 << 20)) --retry-delay 0.05 --json "$BASE/files/mid.bin"
expect_rc 0
expect_same mid.bin root/mid.bin
expect_log 'min(new_gets("/files/mid.bin"), key=lambda e: e["t_start"])["range"] == "bytes=0-1048575"' \
  "the first GET asks for bytes 0-1048575"
expect_log 'all(e["range"] for e in new_gets("/files/mid.bin"))' \
  "no open-ended GET"
expect_log 'sum(e["bytes_sent"] for e in new_gets("/files/mid.bin")) == 20 << 20' \
  "the server sent each byte once"

note "1.5 MiB with -x 8: not split"
run -v -x 8 --retry-delay 0.05 --json "$BASE/files/small.bin"
expect_rc 0
expect_same small.bin root/small.bin
expect_no_stderr 'segments of'
expect_log 'len(gets("/files/small.bin")) == 1 and gets("/files/small.bin")[0]["range"] is None' \
  "one GET, no Range"

note "16 MiB of unknown size (chunked) with -x 8: not split"
fault '{"path":"/files/chunked.bin","fault":"rate","bps":1e12,"chunked":true}'
run -v -x 8 --retry-delay 0.05 --json "$BASE/files/chunked.bin"
expect_rc 0
expect_same chunked.bin root/chunked.bin
expect_no_stderr 'segments of'
expect_log 'len(gets("/files/chunked.bin")) == 1' "one GET"
t_pass
