#!/bin/sh
# The whole test suite, twice: a normal build in build/ and an
# AddressSanitizer + UBSan build in build-san/.  Installs what is missing
# first.  Ends with one line "N passed, N failed" over both builds; exits
# non-zero when anything failed.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
sh tests/install-deps.sh || exit 1
./bootstrap >/dev/null 2>&1 || { echo "bootstrap failed"; exit 1; }

passed=0
failed=0
status=0
run_build() {
  dir=$1
  shift
  rm -rf "$dir"
  mkdir -p "$dir"
  ( cd "$dir" && "$top/configure" -q "$@" >configure.out 2>&1 ) ||
    { cat "$dir/configure.out"; failed=$((failed + 1)); status=1; return; }
  ( cd "$dir" && make -j2 >make.out 2>&1 ) ||
    { tail -40 "$dir/make.out"; failed=$((failed + 1)); status=1; return; }
  ( cd "$dir" && make -j4 check ) || status=1
  log=$dir/test-suite.log
  if [ -f "$log" ]; then
    p=$(sed -n 's/^# PASS: *//p' "$log" | head -1)
    f=0
    for k in FAIL XPASS ERROR; do
      n=$(sed -n "s/^# $k: *//p" "$log" | head -1)
      f=$((f + ${n:-0}))
    done
    [ "$f" -gt 0 ] && cat "$log"
    passed=$((passed + ${p:-0}))
    failed=$((failed + f))
  else
    failed=$((failed + 1))
  fi
}
run_build build
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
run_build build-san --enable-sanitizers
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$status" -eq 0 ]
