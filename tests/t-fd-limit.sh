#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-fd-limit: with `ulimit -n 64`, -j 32 (and -x 4) fit the concurrency to
# the descriptors: every one of 100 files arrives intact, none fails "Too
# many open files", none committed is reported failed, and a warning says
# what was used.  A soft limit below the hard one
# is raised to the hard one first (no warning then).
. "$(dirname "$0")/lib.sh"
t_setup
i=0
: >list
while [ "$i" -lt 100 ]; do
  mkfile "root/f$i.bin" 40K
  echo "$BASE/files/f$i.bin" >>list
  i=$((i + 1))
done

note "ulimit -n 64, -j 32"
(ulimit -n 64 && run --json --retry-delay 0.05 -j 32 -i list && echo "$rc" >rc.txt)
rc=$(cat rc.txt)
expect_rc 0
expect_stderr 'too few file descriptors.*-j 32'
grep -q 'open files' err && fail "a file failed: Too many open files"
expect_json 'len(j) == 100 and all(o["status"] == "ok" for o in j)' "100 ok lines"
i=0
while [ "$i" -lt 100 ]; do
  expect_same "f$i.bin" "root/f$i.bin"
  i=$((i + 1))
done

note "ulimit -n 64, -j 32 -x 4"
rm -f f*.bin
(ulimit -n 64 && run --json --retry-delay 0.05 -j 32 -x 4 -i list && echo "$rc" >rc.txt)
rc=$(cat rc.txt)
expect_rc 0
expect_json 'len(j) == 100 and all(o["status"] == "ok" for o in j)' "100 ok lines"
expect_same f0.bin root/f0.bin
expect_same f99.bin root/f99.bin

note "soft 64, hard as it is (>= 512): raised, no warning"
[ "$(ulimit -Hn)" = unlimited ] || [ "$(ulimit -Hn)" -ge 512 ] ||
  t_skip "the hard limit is below 512"
rm -f f*.bin
(ulimit -Sn 64 && run --retry-delay 0.05 -j 32 -i list && echo "$rc" >rc.txt)
rc=$(cat rc.txt)
expect_rc 0
grep -q 'too few file descriptors' err && fail "the soft limit was not raised"
expect_same f99.bin root/f99.bin
t_pass
