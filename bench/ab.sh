#!/bin/sh
# bench/ab.sh - two sigfetch builds, paired: A B A B ... in one run against
# a local nginx on 127.0.0.1, the output directory emptied and synced
# before each run; prints each side's median wall time and B/A.  For the
# cost of a change (e.g. durable checkpoints) on the same machine and
# minute, where one unpaired run proves nothing.
#
#   sh bench/ab.sh OLD_SIGFETCH NEW_SIGFETCH
#   BENCH_RUNS=5 BENCH_BIG_MB=1024 BENCH_SMALL_N=1000
#   BENCH_CASES="big segs small" (which of the three to run)
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu
A=$1
B=$2
RUNS=${BENCH_RUNS:-5}
BIG_MB=${BENCH_BIG_MB:-1024}
SMALL_N=${BENCH_SMALL_N:-1000}
SEG_MB=${BENCH_SEG_MB:-64}
. "$(dirname "$0")/setup.sh"

# one BIN ARGS...: wall seconds of one run into $work/t
one() {
  bin=$1
  shift
  rm -rf "$work/out"
  mkdir -p "$work/out"
  sync
  (cd "$work/out" && /usr/bin/time -f '%e' -o "$work/t" timeout 600 \
     "$bin" -q --progress=none "$@" >/dev/null 2>"$work/err") ||
    { echo "bench: $bin failed:"; tail -c 400 "$work/err"; exit 1; }
}

# pair NAME ARGS...: RUNS pairs, medians, ratio
pair() {
  name=$1
  shift
  : > "$work/a"
  : > "$work/b"
  r=0
  while [ $r -lt "$RUNS" ]; do
    one "$A" "$@"; cat "$work/t" >> "$work/a"
    one "$B" "$@"; cat "$work/t" >> "$work/b"
    r=$((r + 1))
  done
  a=$(sort -n "$work/a" | awk -v n="$RUNS" '{ t[NR] = $1 } END { print t[int((n + 1) / 2)] }')
  b=$(sort -n "$work/b" | awk -v n="$RUNS" '{ t[NR] = $1 } END { print t[int((n + 1) / 2)] }')
  awk -v n="$name" -v a="$a" -v b="$b" -v r="$RUNS" \
    'BEGIN { printf "%-40s A %7.3f s  B %7.3f s  B/A %.3f (%d pairs)\n", n, a, b, b / a, r }'
}

CASES=${BENCH_CASES:-big segs small}
case " $CASES " in *" big "*)
  pair "${BIG_MB} MiB, --sha1, 1 connection" --sha1 "$big_sha1" -o big.bin \
    "$base/big.bin" ;;
esac
case " $CASES " in *" segs "*)
  pair "${BIG_MB} MiB, --sha1, -x 4" -x 4 --sha1 "$big_sha1" -o big.bin \
    "$base/big.bin" ;;
esac
case " $CASES " in *" small "*)
  pair "${SMALL_N} x 64 KiB, -j 16" -j 16 -i "$work/small.list" ;;
esac
