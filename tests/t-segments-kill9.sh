#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-segments-kill9: a segmented download (-x 8, 32 MiB in pieces of 1 MiB,
# every response paced at 1 MB/s) killed with SIGKILL half-way leaves one
# .sfpart and a .sfstate whose "segments" record each piece's progress and
# the rest not yet handed out; the rerun resumes every unfinished segment
# from its recorded position (one Range GET starting exactly there, with
# If-Range; the rest in pieces again), never asks for a byte twice, so that
# both runs together fetch no more than the file size + 1 MiB; the result is
# byte-identical and its sha1 verified.
. "$(dirname "$0")/lib.sh"
t_setup --rate 1000000
mkfile root/big.bin 32M
SIZE=$((32 << 20))
SHA1=$(sha1_of root/big.bin)
export SIZE SHA1 ETAG; ETAG=$(etag_of root/big.bin)

run_bg bg -x 8 --retry-delay 0.05 --json --sha1 "$SHA1" "$BASE/files/big.bin"
# about 4.2 s in all; kill it after ~1.5 s, once all 8 connections run
for i in $(seq 1 100); do
  grep -q '"segments"' big.bin.sfstate 2>/dev/null && break
  [ -s bg.rc ] && break
  sleep 0.05
done
sleep 1.3
kill -9 "$BG_PID"
wait_bg 10
expect_rc 137
expect_partial big.bin
expect_no_file big.bin
cp big.bin.sfstate state1.json

segs=$("$PYTHON" - state1.json <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))
print(json.dumps(s.get("segments")))
EOF
)
note "segments after the kill: $segs"
export SEGS=$segs
"$PYTHON" - <<'EOF' || fail "the state after the kill is not 8 pieces part-done and a rest: $segs"
import json, os
g = json.loads(os.environ["SEGS"])
size = int(os.environ["SIZE"])
assert isinstance(g, list) and len(g) >= 9, "not 8 pieces and a rest"
assert g[0][0] == 0 and g[-1][2] == size
assert all(g[i][2] == g[i + 1][0] for i in range(len(g) - 1))
assert all(a <= p <= e for a, p, e in g)
assert sum(a < p < e for a, p, e in g) >= 4, "not 4 pieces part-done"
assert g[-1][1] < g[-1][2], "nothing left to hand out"
assert sum(p - a for a, p, e in g) > 0, "nothing recorded"
EOF
before=$(log_query 'sum(e["bytes_sent"] for e in gets("/files/big.bin"))')
note "first run: $before bytes sent by the server"

log_mark
run -v -x 8 --retry-delay 0.05 --json --sha1 "$SHA1" "$BASE/files/big.bin"
expect_rc 0
expect_same big.bin root/big.bin
expect_no_partial big.bin
expect_json 'len(j) == 1 and j[0]["status"] == "ok" and j[0]["sha1"] == E["SHA1"]' \
  "--json: ok with the real sha1"
expect_stderr 'resuming'
note "rerun --json: resumed_from $(json_query 'j[0]["resumed_from"]'), bytes_transferred $(json_query 'j[0]["bytes_transferred"]')"
export RANGES; RANGES=$(log_query 'json.dumps(sorted([int(x) for x in e["range"][6:].split("-")] for e in new_gets("/files/big.bin")))')
note "rerun ranges: $RANGES"
"$PYTHON" - <<'EOF' || fail "the rerun's ranges are not the unfinished bytes, each once: $RANGES"
import json, os
r = json.loads(os.environ["RANGES"])
g = json.loads(os.environ["SEGS"])
want = [(p, e) for a, p, e in g if p < e]
got = sorted((a, b + 1) for a, b in r)
# the ranges are disjoint and cover exactly the unfinished bytes
assert all(got[i][1] <= got[i + 1][0] for i in range(len(got) - 1)), "overlap"
assert sum(b - a for a, b in got) == sum(e - p for p, e in want), "not all"
assert all(any(p <= a and b <= e for p, e in want) for a, b in got), "outside"
# each unfinished segment's request starts at its recorded position
assert all(any(a == p for a, b in got) for p, e in want), "not from pos"
EOF
expect_log 'all(e["status"] == 206 and e["headers"].get("if-range") == E["ETAG"] for e in new_gets("/files/big.bin"))' \
  "each a 206, with If-Range"
total=$(log_query 'sum(e["bytes_sent"] for e in gets("/files/big.bin"))')
over=$((total - SIZE))
note "both runs: $total bytes sent, $over over the file size"
echo "MEASURE: t-segments-kill9 bytes_over_size=$over total_sent=$total"
[ "$over" -ge 0 ] || fail "only $total bytes sent for a $SIZE-byte file"
[ "$over" -le $((1 << 20)) ] ||
  fail "both runs fetched $total bytes, $over more than the file ($SIZE): segments were not resumed"
t_pass
