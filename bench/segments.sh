#!/bin/sh
# bench/segments.sh - segmented downloads against aria2c, paired: one
# SEG_MB MiB file from a local nginx on 127.0.0.1 that sends at most
# 20 MiB/s per connection (limit_rate 20m), fetched by sigfetch -x N and
# aria2c -xN -sN -k1M in turn (A B A B ..., the output directory emptied
# and synced before each run).  Prints per N the median wall times, their
# ratio, the arithmetic limit size / (N x 20 MiB/s) and each tool's ratio
# to it, and sigfetch's peak RSS at -x 16 (target: 24 MiB at most).
#
#   sh bench/segments.sh [--quick] [SIGFETCH]   (default: ./src/sigfetch)
#   BENCH_PAIRS=7 BENCH_SEG_MB=64 sh bench/segments.sh
#
# --quick: a 4 MiB file, one pair per N, for a smoke test in the suite.
# Needs nginx and python3; without aria2c only sigfetch is measured.
# Exit 0 unless a download failed or came out wrong.
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu
QUICK=
if [ "${1:-}" = --quick ]; then
  QUICK=1
  shift
fi
SIGFETCH=${1:-./src/sigfetch}
case $SIGFETCH in /*) ;; *) SIGFETCH=$(pwd)/$SIGFETCH ;; esac
[ -x "$SIGFETCH" ] || { echo "bench: no sigfetch at $SIGFETCH"; exit 1; }
PAIRS=${BENCH_PAIRS:-5}
SEG_MB=${BENCH_SEG_MB:-64}
if [ -n "$QUICK" ]; then
  PAIRS=1
  SEG_MB=4
fi
BIG_MB=0
SMALL_N=0
. "$(dirname "$0")/setup.sh"
RATE=$((20 * 1048576))          # nginx's limit_rate 20m, bytes per second
url=$base/limited/seg.bin
have_aria2=
command -v aria2c >/dev/null 2>&1 && have_aria2=1
[ -n "$have_aria2" ] || echo "bench: aria2c not found: sigfetch alone"

# one NAME CMD...: a run in an empty directory; its wall seconds (ns
# clock) and peak RSS (KiB) appended to $work/NAME.t and $work/NAME.m
one() {
  name=$1
  shift
  rm -rf "$work/out"
  mkdir -p "$work/out"
  sync
  t0=$(date +%s%N)
  (cd "$work/out" && /usr/bin/time -f '%M' -o "$work/rss" timeout 300 \
     "$@" >/dev/null 2>"$work/err") ||
    { echo "bench: $name failed:"; tail -c 400 "$work/err"; exit 1; }
  t1=$(date +%s%N)
  got=$(sha1sum "$work/out/seg.bin" | cut -d' ' -f1)
  [ "$got" = "$seg_sha1" ] || { echo "bench: $name: wrong bytes"; exit 1; }
  echo $(((t1 - t0) / 1000)) >> "$work/$name.t"
  cat "$work/rss" >> "$work/$name.m"
}

# median FILE: the median of its numbers (the lower one of an even count)
median() {
  sort -n "$1" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

# case N: PAIRS pairs at -x N, medians and ratios
case_n() {
  n=$1
  : > "$work/s$n.t"; : > "$work/s$n.m"; : > "$work/a$n.t"; : > "$work/a$n.m"
  p=0
  while [ $p -lt "$PAIRS" ]; do
    one "s$n" "$SIGFETCH" -q --progress=none -x "$n" --sha1 "$seg_sha1" \
      -o seg.bin "$url"
    [ -z "$have_aria2" ] ||
      one "a$n" aria2c -q -x"$n" -s"$n" -k1M --allow-overwrite=true \
        --auto-file-renaming=false -o seg.bin "$url"
    p=$((p + 1))
  done
  s=$(median "$work/s$n.t")
  srss=$(sort -n "$work/s$n.m" | tail -1)
  limit=$(awk -v b=$((SEG_MB * 1048576)) -v n="$n" -v r=$RATE \
            'BEGIN { printf "%d", b / (n * r) * 1e6 }')
  if [ -n "$have_aria2" ]; then
    a=$(median "$work/a$n.t")
    arss=$(sort -n "$work/a$n.m" | tail -1)
  else
    a=0
    arss=0
  fi
  awk -v n="$n" -v s="$s" -v a="$a" -v l="$limit" -v sr="$srss" \
      -v ar="$arss" -v pairs="$PAIRS" -v mb="$SEG_MB" 'BEGIN {
    printf "-x %-2d %d MiB: sigfetch %.3f s (%.1f MiB)", n, mb, s / 1e6,
      sr / 1024
    if (a > 0)
      printf "  aria2c %.3f s (%.1f MiB)  sigfetch/aria2c %.2fx", a / 1e6,
        ar / 1024, s / a
    printf "\n      limit %.3f s: sigfetch %.2fx", l / 1e6, s / l
    if (a > 0)
      printf ", aria2c %.2fx", a / l
    printf " (medians of %d pairs)\n", pairs
  }'
}

echo "bench: $SEG_MB MiB at 20 MiB/s per connection, $PAIRS pairs" \
  "(sigfetch, aria2c alternating)"
case_n 8
case_n 16
rss=$(sort -n "$work/s16.m" | tail -1)
awk -v r="$rss" 'BEGIN {
  printf "sigfetch -x 16 peak RSS %.1f MiB (target <= 24 MiB): %s\n",
    r / 1024, r <= 24 * 1024 ? "ok" : "OVER" }'
