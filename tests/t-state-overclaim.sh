#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-state-overclaim: a .sfstate that claims more bytes than its .sfpart
# holds (bytes_done edited upwards; a segment's pos edited upwards; the
# .sfpart truncated behind the state's back) must not be trusted.  The
# rerun resumes from what is really there or restarts, ends byte-exact
# with exit 0, and says so truthfully (restarting / trimming / the partial
# being shorter) -- no "Inappropriate ioctl" or other errno noise.
. "$(dirname "$0")/lib.sh"
t_setup
mkfile root/a.bin 2M
mkfile root/b.bin 2M 1
mkfile root/c.bin 16M 2
mkfile root/d.bin 16M 3
MSG='restart|start(ing)? over|from (the )?(beginning|start|zero|scratch)|trim|shorter|truncat|only [0-9]+ bytes|fewer|less'

# edit_state FILE PYTHON-STATEMENTS: s is the parsed state, written back.
edit_state()
{
  "$PYTHON" - "$1" "$2" <<'EOF2' || fail "cannot edit $1"
import json, sys
path, code = sys.argv[1], sys.argv[2]
s = json.load(open(path))
exec(code)
with open(path, "w") as fh:
    json.dump(s, fh)
EOF2
}

# check_rerun NAME: exit 0, exact, no errno noise, and a truthful message:
# a restart/trim warning, or "resuming at byte N" with N no more than the
# bytes the partial really held.
check_rerun()
{
  local name=$1 have n
  have=$(size_of "$name.sfpart")
  run --retry-delay 0.05 --json "$BASE/files/$name"
  expect_no_stderr -i 'inappropriate ioctl|errno|no such device|: success$'
  expect_rc 0
  expect_same "$name" "root/$name"
  expect_no_partial "$name"
  grep -E -q -i -e "$MSG" err && return 0
  n=$(sed -n 's/.*resuming at byte \([0-9]*\).*/\1/p' err | head -n 1)
  [ -n "$n" ] || fail "no message says what became of the partial"
  [ "$n" -le "$have" ] ||
    fail "says 'resuming at byte $n' but the partial held $have bytes"
}

# kill9_segmented NAME: -x 4 on NAME, SIGKILL once the state has segments.
kill9_segmented()
{
  local name=$1 i
  fault '{"path":"/files/'"$name"'","fault":"rate","bps":1500000,"count":4}'
  run_bg bg -x 4 --retry-delay 0.05 "$BASE/files/$name"
  for i in $(seq 1 100); do
    grep -q '"segments"' "$name.sfstate" 2>/dev/null && break
    [ -s bg.rc ] && break
    sleep 0.05
  done
  sleep 0.5
  kill -9 "$BG_PID"
  wait_bg 10
  expect_rc 137
  expect_partial "$name"
  grep -q '"segments"' "$name.sfstate" || fail "no segments in the state"
  server_reset
}

note "bytes_done claims more than the partial holds"
fault '{"path":"/files/a.bin","fault":"rate","bps":262144}'
interrupted_download 9 "$BASE/files/a.bin" a.bin --retry-delay 0.05
expect_partial a.bin
P=$partial_size
edit_state a.bin.sfstate "s['bytes_done'] = $P + 300000"
note "state now: $(cat a.bin.sfstate)"
check_rerun a.bin

note "the partial truncated behind the state's back"
fault '{"path":"/files/b.bin","fault":"rate","bps":262144}'
interrupted_download 9 "$BASE/files/b.bin" b.bin --retry-delay 0.05
expect_partial b.bin
P=$partial_size
truncate -s $((P / 2)) b.bin.sfpart
check_rerun b.bin

note "-x 4: the partial truncated below the first segment's pos"
kill9_segmented c.bin
pos0=$("$PYTHON" -c 'import json,sys; print(json.load(open(sys.argv[1]))["segments"][0][1])' c.bin.sfstate)
[ "$pos0" -gt 1000 ] || fail "first segment has only $pos0 bytes"
truncate -s $((pos0 / 2)) c.bin.sfpart
note "pos0 $pos0, partial cut to $((pos0 / 2))"
check_rerun c.bin

note "-x 4: the last segment claims to be complete, the partial lacks it"
kill9_segmented d.bin
edit_state d.bin.sfstate "g = s['segments'][-1]; g[1] = g[2]"
truncate -s $(( (16 << 20) - (3 << 20) )) d.bin.sfpart
note "state now: $(cat d.bin.sfstate)"
check_rerun d.bin
t_pass
