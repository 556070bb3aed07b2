#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-seg-writeback: the writeback of a file being written starts every
# 8 MiB of the file, whichever connection wrote them: a 32 MiB file with
# -x 4 (pieces of 1 MiB here and there, no stream ever writes 8 MiB in a
# row) sees sync_file_range(SYNC_FILE_RANGE_WRITE) at least three times
# before the commit's fsync of the .sfpart, so that fsync finds little
# left to write; the file is byte-identical and verified.  The same with
# one connection.  Needs strace (skipped without it).
. "$(dirname "$0")/lib.sh"
command -v strace >/dev/null 2>&1 || t_skip "strace not found"
t_setup
mkfile root/big.bin 32M
SHA1=$(sha1_of root/big.bin)

# check N: the trace shows N or more writebacks of the .sfpart started
# before its fsync (the commit's: checkpoints use fdatasync)
check()
{
  local n
  n=$(awk '/fsync\(.*\.sfpart>/ && !/fdatasync/ { exit }
           /sync_file_range\(.*\.sfpart>.*SYNC_FILE_RANGE_WRITE/ { c++ }
           END { print c + 0 }' "$T_DIR/trace")
  note "writebacks started before the commit's fsync: $n"
  [ "$n" -ge "$1" ] ||
    fail "only $n writeback(s) started before the commit's fsync (want >= $1)"
}

for x in 4 1; do
  note "32 MiB with -x $x under strace"
  rm -f big.bin
  T_LAST_CMD="strace sigfetch -x $x"
  # LeakSanitizer cannot run under ptrace (the ASan build)
  ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 timeout -k 5 "$T_TIMEOUT" strace -f -qq -y -e trace=sync_file_range,fsync \
    -o "$T_DIR/trace" "$SIGFETCH" -v -x "$x" --retry-delay 0.05 \
    --sha1 "$SHA1" "$BASE/files/big.bin" >"$T_DIR/out" 2>"$T_DIR/err" \
    </dev/null
  rc=$?
  if [ "$rc" != 0 ] && grep -q 'ptrace' "$T_DIR/err" 2>/dev/null; then
    t_skip "strace cannot trace here"
  fi
  expect_rc 0
  expect_same big.bin root/big.bin
  [ "$x" = 1 ] || expect_stderr 'segments of'
  check 3
done
t_pass
