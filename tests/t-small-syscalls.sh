#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-small-syscalls: the system calls a fresh small file costs (strace):
# 200 files with -j 8 are each exact and committed, yet no state file is
# read for a partial created empty (nothing to resume), the output
# directory is opened once per commit batch, at most once per file (three
# times per file before; how many files a batch holds depends on timing),
# and getpid is not asked per file.  Skipped without strace.
. "$(dirname "$0")/lib.sh"
command -v strace >/dev/null 2>&1 || t_skip "strace is not installed"
t_setup
: > list
for i in $(seq 1 200); do
  mkfile "root/s/f$i.bin" $((3000 + i * 11))
  echo "$BASE/files/s/f$i.bin" >> list
done
mkdir dl
# LeakSanitizer cannot run under ptrace
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
strace -f -qq -o trace -e trace=openat,open,getpid,unlink,unlinkat \
  timeout -k 5 "$T_TIMEOUT" "$SIGFETCH" -q -j 8 -P dl -i list \
  >out 2>err </dev/null
rc=$?
[ -s trace ] || t_skip "strace cannot trace here: $(head -c 200 err)"
expect_rc 0
for i in 1 2 100 199 200; do
  expect_same "dl/f$i.bin" "root/s/f$i.bin"
done
[ "$(ls dl | wc -l)" = 200 ] || fail "expected 200 files in dl: $(ls dl | head)"
ls dl | grep -v '^f[0-9]*\.bin$' && fail "sidecar files left in dl"
n_state=$(grep -c '\.sfstate"' trace)
n_dir=$(grep -cE 'open(at)?\([^"]*"(dl|\.)", O_RDONLY\|O_CLOEXEC\|O_DIRECTORY' trace)
n_pid=$(grep -c 'getpid(' trace)
note "state files opened or removed: $n_state, directory opens: $n_dir, getpid: $n_pid"
# the committer still removes the state a file may have had: one unlink
# each, no open
[ "$(grep '\.sfstate"' trace | grep -vc 'unlink')" = 0 ] ||
  fail "a state file was opened for a fresh file: $(grep -m 3 '\.sfstate"' trace)"
[ "$n_dir" -le 200 ] || fail "the directory was opened $n_dir times for 200 files"
[ "$n_pid" -le 5 ] || fail "getpid called $n_pid times for 200 files"
t_pass
