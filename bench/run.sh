#!/bin/sh
# bench/run.sh - sigfetch side by side with curl, wget2 and aria2c, in one
# run, against a local nginx on 127.0.0.1 (no other traffic).  Prints the
# median wall time and peak RSS of each tool per scenario and sigfetch's
# ratio to the fastest peer.  Every tool writes to the same disk; sigfetch
# also hashes (SHA-1) and fsyncs, the peers do neither.
#
#   sh bench/run.sh [SIGFETCH]        (default: ./src/sigfetch)
#   BENCH_RUNS=3 BENCH_BIG_MB=1024 BENCH_SMALL_N=1000 sh bench/run.sh
#
# Needs nginx, curl, wget2, aria2c, python3 (apt-get install nginx-light
# curl wget2 aria2 python3); a missing peer is reported and skipped.
set -eu
SIGFETCH=${1:-./src/sigfetch}
case $SIGFETCH in /*) ;; *) SIGFETCH=$(pwd)/$SIGFETCH ;; esac
RUNS=${BENCH_RUNS:-3}
BIG_MB=${BENCH_BIG_MB:-1024}
SMALL_N=${BENCH_SMALL_N:-1000}
SEG_MB=${BENCH_SEG_MB:-64}
. "$(dirname "$0")/setup.sh"

# measure NAME CMD...: median wall seconds and max RSS over RUNS runs,
# the output directory emptied before each.
measure() {
  name=$1
  shift
  : > "$work/times"
  r=0
  while [ $r -lt "$RUNS" ]; do
    rm -rf "$work/out"
    mkdir -p "$work/out"
    sync
    (cd "$work/out" && timeout 600 /usr/bin/time -f '%e %M' -o "$work/t1" \
       "$@" >/dev/null 2>"$work/err") ||
      { echo "bench: $name failed (exit $?):"; tail -c 400 "$work/err"; echo; return 0; }
    cat "$work/t1" >> "$work/times"
    files=$(find "$work/out" -type f -name '*.bin' | wc -l)
    [ "$files" -ge "${EXPECT_FILES:-1}" ] ||
      { echo "bench: $name wrote $files files, not ${EXPECT_FILES:-1}"; return 0; }
    r=$((r + 1))
  done
  sort -n "$work/times" | awk -v n="$name" -v runs="$RUNS" '
    { t[NR] = $1; if ($2 > m) m = $2 }
    END { printf "%-9s %8.3f s %8.1f MiB\n", n, t[int((runs + 1) / 2)], m / 1024 }' \
    | tee -a "$work/results"
}

have() { command -v "$1" >/dev/null 2>&1; }

scenario() {
  echo
  echo "== $1"
  : > "$work/results"
}

ratio() {
  awk '$1 == "sigfetch" { s = $2 } $1 != "sigfetch" && (b == "" || $2 < b) { b = $2; bn = $1 }
       END { if (s && b) printf "   sigfetch / fastest peer (%s): %.2fx\n", bn, s / b }' \
    "$work/results"
}

scenario "one ${BIG_MB} MiB file (sigfetch verifies SHA-1 and fsyncs)"
measure sigfetch "$SIGFETCH" -q --progress=none --sha1 "$big_sha1" -o big.bin "$base/big.bin"
have curl && measure curl curl -s -o big.bin "$base/big.bin"
have wget2 && measure wget2 wget2 -q -O big.bin "$base/big.bin"
have aria2c && measure aria2c aria2c -q -x1 -o big.bin "$base/big.bin"
ratio

scenario "${SMALL_N} files of 64 KiB, 16 at once (sigfetch verifies and commits each)"
EXPECT_FILES=$SMALL_N
measure sigfetch "$SIGFETCH" -q --progress=none -j 16 -i "$work/small.list"
have curl && measure curl curl -s -Z --parallel-max 16 -K "$work/small.curl"
have wget2 && measure wget2 wget2 -q --max-threads=16 -i "$work/small.list"
have aria2c && measure aria2c aria2c -q -j 16 -i "$work/small.list"
ratio

EXPECT_FILES=1
scenario "${SEG_MB} MiB at 20 MB/s per connection, 8 connections"
measure sigfetch "$SIGFETCH" -q --progress=none -x 8 --sha1 "$seg_sha1" -o seg.bin "$base/limited/seg.bin"
have aria2c && measure aria2c aria2c -q -x8 -s8 -o seg.bin "$base/limited/seg.bin"
have curl && measure curl curl -s -o seg.bin "$base/limited/seg.bin"
ratio
