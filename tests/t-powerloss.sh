#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-powerloss: a state never makes a resume trust bytes that are not on
# the disk.  A power loss is simulated two ways, each rerun WITHOUT a
# checksum (nothing else would notice a hole):
#   A. -x 4 killed with SIGKILL, then a 1 MiB hole punched into a range
#      the state calls done (as if the data never reached the disk): the
#      rerun fetches the hole's range again and the file is exact.
#   B. the same, then the state's boot_id changed (the state was written
#      in an earlier boot): only the "durable" claims count, each rerun
#      request starts at its segment's durable position, never past it.
#   C. one connection, state from an earlier boot: the rerun resumes at
#      the durable position, not at the partial's length.
# Also: the state records durable positions at most the written ones.
. "$(dirname "$0")/lib.sh"
command -v fallocate >/dev/null 2>&1 || t_skip "needs fallocate(1)"
t_setup --rate 2000000
mkfile root/a.bin 24M 1
mkfile root/b.bin 24M 2
mkfile root/c.bin 8M 3

# kill9_segmented NAME: -x 4 download of NAME killed once its second
# segment is complete and four have a recorded durable position past their
# start.
kill9_segmented()
{
  local name=$1 i
  run_bg bg -x 4 --retry-delay 0.05 "$BASE/files/$name"
  for i in $(seq 1 200); do
    "$PYTHON" - "$name.sfstate" <<'EOF' 2>/dev/null && break
import json, sys
s = json.load(open(sys.argv[1]))
g, d = s["segments"], s["durable"]
# pieces of 1 MiB (and the rest of the file): the second one complete,
# four with durable bytes
assert len(g) >= 5 and g[1][1] == g[1][2]
assert sum(d[i] > g[i][0] for i in range(len(g))) >= 4
EOF
    sleep 0.05
  done
  kill -9 "$BG_PID"
  wait_bg 10
  expect_rc 137
  expect_partial "$name"
}

# state_check NAME: durable <= pos for every segment (or the one stream)
state_check()
{
  "$PYTHON" - "$1.sfstate" <<'EOF' || fail "$1.sfstate claims durable bytes past the written ones: $(cat "$1.sfstate")"
import json, sys
s = json.load(open(sys.argv[1]))
d = s["durable"]
assert s.get("boot_id")
if "segments" in s:
    assert all(a <= x <= p for (a, p, e), x in zip(s["segments"], d))
else:
    assert 0 <= d[0] <= s["bytes_done"]
EOF
}

note "A: a hole punched in a range the state calls done"
kill9_segmented a.bin
state_check a.bin
hole=$("$PYTHON" - a.bin.sfstate <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))
a, p, e = s["segments"][1]
mib = 1 << 20
start = (a + mib - 1) // mib * mib      # 1 MiB aligned, inside [a, p)
print(start if start + mib <= p else -1)
EOF
)
[ "$hole" -ge 0 ] || fail "segment 2 holds less than 2 MiB: $(cat a.bin.sfstate)"
fallocate --punch-hole --offset "$hole" --length $((1 << 20)) a.bin.sfpart
log_mark
run --json --retry-delay 0.05 "$BASE/files/a.bin"
expect_rc 0
expect_same a.bin root/a.bin
expect_stderr 'are not in partial file'
export HOLE=$hole
expect_log 'any(e["range"].startswith("bytes=%d-" % int(E["HOLE"])) for e in new_gets("/files/a.bin"))' \
  "a request starts at the hole"

note "B: the state was written in an earlier boot"
kill9_segmented b.bin
state_check b.bin
cp b.bin.sfstate b.state.json
"$PYTHON" - b.bin.sfstate <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))
s["boot_id"] = "00000000-0000-0000-0000-000000000000"
json.dump(s, open(sys.argv[1], "w"))
EOF
log_mark
run --json --retry-delay 0.05 "$BASE/files/b.bin"
expect_rc 0
expect_same b.bin root/b.bin
expect_log 'sorted(int(e["range"][6:].split("-")[0]) for e in new_gets("/files/b.bin")) == sorted(d for d, (a, p, e) in zip(json.load(open("b.state.json"))["durable"], json.load(open("b.state.json"))["segments"]) if d < e)' \
  "each request starts at its segment's durable position"

note "C: one connection, state from an earlier boot"
run_bg bg --retry-delay 0.05 "$BASE/files/c.bin"
for i in $(seq 1 200); do
  "$PYTHON" -c 'import json, sys; s = json.load(open("c.bin.sfstate")); sys.exit(not s["durable"][0] > 0)' 2>/dev/null && break
  sleep 0.05
done
sleep 0.3
kill -9 "$BG_PID"
wait_bg 10
expect_rc 137
state_check c.bin
durable=$("$PYTHON" -c 'import json; print(json.load(open("c.bin.sfstate"))["durable"][0])')
have=$(size_of c.bin.sfpart)
note "durable $durable of $have bytes written"
[ "$durable" -lt "$have" ] || note "(everything written was durable)"
"$PYTHON" - c.bin.sfstate <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))
s["boot_id"] = "00000000-0000-0000-0000-000000000000"
json.dump(s, open(sys.argv[1], "w"))
EOF
log_mark
run --json --retry-delay 0.05 "$BASE/files/c.bin"
expect_rc 0
expect_same c.bin root/c.bin
export DURABLE=$durable
expect_log 'new_gets("/files/c.bin")[0]["range"] == "bytes=%s-" % E["DURABLE"]' \
  "the rerun resumes at the durable position"
t_pass
