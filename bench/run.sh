#!/bin/sh
# bench/run.sh - sigfetch against the limits of this machine and against
# its peers, in one run, on a local nginx (and the fake provider) on
# 127.0.0.1, no other traffic.  The commands of one case run in rotation
# (A B, B A, A B ...: a machine whose load drifts biases no ratio); each line
# is a median over the rounds: wall seconds, CPU seconds (user + sys, the
# children's included), peak RSS.  Then sigfetch's ratios, the targets of
# issue 11 in brackets.
#
#   sh bench/run.sh [--quick] [SIGFETCH]      (default: ./src/sigfetch)
#   BENCH_RUNS=3 BENCH_BIG_MB=1024 BENCH_SMALL_N=1000 BENCH_LIST_N=100000
#   BENCH_TMPFS=/dev/shm (the in-memory case's output directory)
#   BENCH_OLD=OLD_SIGFETCH: an earlier build joins every rotation as
#   "NAME-old", and each case prints after / before
#
# --quick: small sizes, one round: that every case still runs (the
# integration test tests/t-bench-quick.sh), not a measurement.
#
# Cases: limits (openssl SHA-1 of the file from the page cache, dd
# conv=fsync); one big file to tmpfs (vs curl -o) and to disk (vs dd,
# wget2 -O F && sync F); SMALL_N files of 64 KiB with -j 16 (vs curl -Z &&
# sync -f); the same over HTTPS + HTTP/2 (connections counted in nginx's
# log); SMALL_N TCB locators through the fake provider vs the same files
# as direct URLs (batch calls counted); memory of a LIST_N-line list; and
# bench/segments.sh when it exists.
# Needs nginx (with http_v2 and ssl), curl, wget2, openssl, python3; a
# missing peer is reported and skipped.
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu
QUICK=
if [ "${1:-}" = --quick ]; then
  QUICK=--quick
  shift
fi
SIGFETCH=${1:-./src/sigfetch}
case $SIGFETCH in /*) ;; *) SIGFETCH=$(pwd)/$SIGFETCH ;; esac
here=$(cd "$(dirname "$0")" && pwd)
if [ -n "$QUICK" ]; then
  RUNS=${BENCH_RUNS:-1}
  BIG_MB=${BENCH_BIG_MB:-8}
  SMALL_N=${BENCH_SMALL_N:-40}
  LIST_N=${BENCH_LIST_N:-400}
else
  RUNS=${BENCH_RUNS:-3}
  BIG_MB=${BENCH_BIG_MB:-1024}
  SMALL_N=${BENCH_SMALL_N:-1000}
  LIST_N=${BENCH_LIST_N:-100000}
fi
SEG_MB=${BENCH_SEG_MB:-1}
TMPFS=${BENCH_TMPFS:-/dev/shm}
. "$here/setup.sh"
tout=$(mktemp -d "$TMPFS/sigfetch-bench.XXXXXX")
fp_pid=
bench_cleanup() {
  [ -n "$fp_pid" ] && kill "$fp_pid" 2>/dev/null
  rm -rf "$tout"
  cleanup
}
trap bench_cleanup EXIT INT TERM
mkdir -p "$work/cmd" "$work/med"
SF="$SIGFETCH -q --progress=none"
OLD=${BENCH_OLD:-}
case $OLD in ""|/*) ;; *) OLD=$(pwd)/$OLD ;; esac
have() { command -v "$1" >/dev/null 2>&1; }

echo "bench: $(uname -srm), $(nproc) cores, $(awk '/MemTotal/ { printf "%d MiB", $2 / 1024 }' /proc/meminfo)"
echo "bench: $("$SIGFETCH" --version 2>/dev/null | head -1), $RUNS round(s), load: $(cut -d' ' -f1-3 /proc/loadavg)"

# cmd NAME SHELL-TEXT: a command of the bench, run by sh in an empty
# directory ($work/out on disk, or $tout on tmpfs for names ending in
# "-tmpfs").
cmd() {
  printf '%s\n' "$2" > "$work/cmd/$1"
}

# sf NAME ARGS: the sigfetch command NAME (and NAME-old with BENCH_OLD);
# prints the names for rotate
sf() {
  n=$1
  shift
  cmd "$n" "$SF $*"
  printf '%s' "$n"
  if [ -n "$OLD" ]; then
    cmd "$n-old" "$OLD -q --progress=none $*"
    printf ' %s' "$n-old"
  fi
}

# before NAME: after / before, with BENCH_OLD
before() {
  [ -z "$OLD" ] || ratio "$1 after / before (BENCH_OLD)" "$(val "$1" 1)" \
    "$(val "$1-old" 1)" 1.0
}

# one NAME: run it once; appends "wall cpu rss_kib" to $work/med/NAME.runs
one() {
  d=$work/out
  case $1 in *-tmpfs) d=$tout ;; esac
  rm -rf "$tout"/*
  # many small files are moved aside, not deleted, until the end: ext4
  # skips inodes deleted in the last minutes, so each run after a
  # deletion of thousands of files creates its files more slowly
  if [ "$(ls "$work/out" 2>/dev/null | wc -l)" -gt 100 ]; then
    mkdir -p "$work/trash"
    mv "$work/out" "$work/trash/$$.$(date +%s%N)"
  fi
  rm -rf "$work/out"
  mkdir -p "$work/out"
  sync
  if ! (cd "$d" && timeout 900 /usr/bin/time -f '%e %U %S %M' -o "$work/t1" \
          sh "$work/cmd/$1" >/dev/null 2>"$work/err"); then
    echo "bench: $1 failed: $(tail -c 300 "$work/err")"
    return 1
  fi
  awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }' "$work/t1" >> "$work/med/$1.runs"
}

# rotate NAME...: RUNS rounds of NAME... in turn, every other round in
# reverse order; then each one's medians
# in $work/med/NAME ("wall cpu rss_kib") and a line each.
rotate() {
  for n in "$@"; do : > "$work/med/$n.runs"; done
  rev=
  for n in "$@"; do rev="$n $rev"; done
  r=0
  while [ $r -lt "$RUNS" ]; do
    # A B C, then C B A: neither a drift nor what ran just before (a big
    # file deleted, memory taken) favours one command
    if [ $((r % 2)) = 0 ]; then order="$*"; else order=$rev; fi
    for n in $order; do one "$n" || true; done
    r=$((r + 1))
  done
  for n in "$@"; do
    [ -s "$work/med/$n.runs" ] || { rm -f "$work/med/$n"; continue; }
    med() { cut -d' ' -f"$1" "$work/med/$n.runs" | sort -n |
            awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
    echo "$(med 1) $(med 2) $(cut -d' ' -f3 "$work/med/$n.runs" | sort -n | tail -1)" \
      > "$work/med/$n"
    awk -v n="$n" '{ printf "  %-20s %8.3f s  cpu %7.2f s  %7.1f MiB\n",
                     n, $1, $2, $3 / 1024 }' "$work/med/$n"
  done
}

# val NAME FIELD: a median (1 wall, 2 cpu, 3 rss KiB), empty if none
val() {
  [ -s "$work/med/$1" ] && cut -d' ' -f"$2" "$work/med/$1" || true
}

# ratio LABEL NUM DEN TARGET: "LABEL: NUM/DEN = x (target <= TARGET)"
ratio() {
  if [ -z "$2" ] || [ -z "$3" ]; then
    echo "  $1: not measured"
    return 0
  fi
  awk -v l="$1" -v a="$2" -v b="$3" -v t="$4" 'BEGIN {
    r = b > 0 ? a / b : 0
    printf "  %s: %.2fx (target <= %s) %s\n", l, r, t, r <= t ? "ok" : "MISSED" }'
}

max() { awk -v a="${1:-0}" -v b="${2:-0}" 'BEGIN { print (a > b ? a : b) }'; }
sum() { awk -v a="${1:-0}" -v b="${2:-0}" 'BEGIN { print a + b }'; }

echo
echo "== one ${BIG_MB} MiB file, --sha1: limits, tmpfs, disk"
big=$work/www/big.bin
cmd openssl "openssl dgst -sha1 '$big'"
cmd dd "dd if='$big' of=big.bin bs=1M conv=fsync status=none"
a=$(sf sigfetch-tmpfs --sha1 $big_sha1 -o big.bin "'$base/big.bin'")
cmd curl-tmpfs "curl -s -o big.bin '$base/big.bin'"
b=$(sf sigfetch --sha1 $big_sha1 -o big.bin "'$base/big.bin'")
# shellcheck disable=SC2086
set -- openssl dd $a curl-tmpfs $b
have wget2 && { cmd wget2-sync "wget2 -q -O big.bin '$base/big.bin' && sync big.bin"; set -- "$@" wget2-sync; }
cat "$big" > /dev/null  # the limits read it from the page cache
rotate "$@"
ratio "tmpfs wall / max(curl -o, openssl)" "$(val sigfetch-tmpfs 1)" \
  "$(max "$(val curl-tmpfs 1)" "$(val openssl 1)")" 1.15
ratio "tmpfs cpu / (curl cpu + openssl cpu)" "$(val sigfetch-tmpfs 2)" \
  "$(sum "$(val curl-tmpfs 2)" "$(val openssl 2)")" 1.1
ratio "disk wall / dd conv=fsync" "$(val sigfetch 1)" "$(val dd 1)" 1.05
ratio "disk wall / wget2 -O && sync" "$(val sigfetch 1)" "$(val wget2-sync 1)" 0.8
before sigfetch-tmpfs
before sigfetch

echo
echo "== ${SMALL_N} files of 64 KiB, -j 16, each verified and committed"
a=$(sf sigfetch-small -j 16 -i "'$work/small.list'")
cmd curl-small "curl -s -Z --parallel-max 16 -K '$work/small.curl' && sync -f ."
# shellcheck disable=SC2086
rotate $a curl-small
ratio "wall / curl -Z && sync -f" "$(val sigfetch-small 1)" "$(val curl-small 1)" 1.0
before sigfetch-small

echo
echo "== ${SMALL_N} files of 64 KiB over HTTPS + HTTP/2, -j 16"
a=$(sf sigfetch-h2 -j 16 --cacert "'$work/cert.pem'" -i "'$work/small-h2.list'")
cmd curl-h2 "curl -s -Z --parallel-max 16 --cacert '$work/cert.pem' -K '$work/small-h2.curl' && sync -f ."
# shellcheck disable=SC2086
rotate $a curl-h2
ratio "wall / curl -Z && sync -f" "$(val sigfetch-h2 1)" "$(val curl-h2 1)" 1.0
before sigfetch-h2
# connections one run opens: distinct $connection in nginx's log
for n in $a curl-h2; do
  : > "$work/logs/h2.log"
  one "$n" > /dev/null || continue
  echo "  $n: $(awk '{ c[$1] = 1; p = $2 } END { printf "%d connection(s), %s", length(c), p }' "$work/logs/h2.log") (target for sigfetch: 1)"
done

echo
echo "== ${SMALL_N} TCB locators through the fake provider vs direct URLs"
fp=$here/../tests/fakeprov/fakeprov.py
mkdir -p "$work/fp"
python3 "$fp" --root "$work/www" --port-file "$work/fp/port" \
  --log /dev/null 2>"$work/fp/err" </dev/null &
fp_pid=$!
i=0
until [ -s "$work/fp/port" ]; do
  i=$((i + 1))
  [ $i -lt 100 ] || { echo "bench: fakeprov did not start"; exit 1; }
  sleep 0.05
done
fbase=http://127.0.0.1:$(cat "$work/fp/port")
tcb_ctl() {
  python3 - "$fbase" "$1" <<'PY'
import json, sys, urllib.request
req = urllib.request.Request(sys.argv[1] + "/_ctl/tcb",
                             data=sys.argv[2].encode() or None,
                             headers={"Content-Type": "application/json"})
print(json.load(urllib.request.urlopen(req, timeout=10))["batch_calls"])
PY
}
tcb_ctl '{"reset": true, "tokens": ["bench-token"]}' > /dev/null
export SIGFETCH_TCB_ENDPOINT=$fbase SIGFETCH_TCB_ACCESS_TOKEN=bench-token
: > "$work/tcb.list"
: > "$work/direct.list"
i=1
while [ $i -le "$SMALL_N" ]; do
  echo "cloud://e1.7465-e1-1258717764/small/f$i.bin" >> "$work/tcb.list"
  echo "$fbase/files/small/f$i.bin" >> "$work/direct.list"
  i=$((i + 1))
done
a=$(sf sigfetch-tcb -j 16 -i "'$work/tcb.list'")
b=$(sf sigfetch-direct -j 16 -i "'$work/direct.list'")
# shellcheck disable=SC2086
rotate $a $b
ratio "provider wall / direct wall" "$(val sigfetch-tcb 1)" "$(val sigfetch-direct 1)" 1.2
before sigfetch-tcb
before=$(tcb_ctl '')
one sigfetch-tcb || true
after=$(tcb_ctl '')
echo "  batchdownloadfile calls for ${SMALL_N} locators: $((after - before)) (target $(( (SMALL_N + 49) / 50 )))"

echo
echo "== memory (peak RSS)"
: > "$work/long.list"
awk -v n="$LIST_N" -v b="$base" 'BEGIN { for (i = 1; i <= n; i++)
  printf "{\"locator\": \"%s/small/f%d.bin\", \"output\": \"l%d.bin\"}\n",
         b, (i - 1) % 10 + 1, i }' > "$work/long.list"
a=$(sf sigfetch-list -j 16 -i "'$work/long.list'")
runs=$RUNS
RUNS=1 # long, and the peak varies little
# shellcheck disable=SC2086
rotate $a
RUNS=$runs
ratio "one file (MiB / 16)" "$(val sigfetch 3)" 16384 1.0
ratio "-j 16 (MiB / 32)" "$(val sigfetch-small 3)" 32768 1.0
ratio "${LIST_N}-line list (MiB / 64)" "$(val sigfetch-list 3)" 65536 1.0

if [ -f "$here/segments.sh" ]; then
  echo
  sh "$here/segments.sh" $QUICK "$SIGFETCH"
fi
echo
echo "bench: load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
