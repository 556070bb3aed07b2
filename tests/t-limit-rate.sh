#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-limit-rate: --limit-rate caps the run's TOTAL download rate, over all
# files and all connections, within 10 % of the cap: one file, eight files
# at once (-j 8) and one file over several connections (-x 4).  The rate
# is measured as the client sees it: the bytes of the files over the run's
# wall time (the server's side would count what the sockets' buffers
# absorbed, several MiB on loopback), less the time a run of a one-byte
# file takes (start-up, commit, exit: ~0.3 s under ASan on a busy
# machine, 15 % of a 2 s run).  Bad values are exit 2.
. "$(dirname "$0")/lib.sh"
t_setup
CAP=2097152   # 2 MiB/s, given as "2M"
mkfile root/one.bin 4M
for i in 1 2 3 4 5 6 7 8; do
  mkfile root/f$i.bin 1M $i
done
mkfile root/seg.bin 8M
mkfile root/tiny.bin 1

# check_rate WHAT BYTES ARGS...: run, then BYTES over the run's time must be
# within 10 % of CAP.  A machine too busy to reach the cap gets one more
# try; a rate above the cap never passes.
check_rate()
{
  local what=$1 bytes=$2 try rate fixed
  shift 2
  for try in 1 2; do
    server_reset
    rm -f one.bin f?.bin seg.bin tiny.bin
    run -q --limit-rate 2M "$BASE/files/tiny.bin"
    expect_rc 0
    fixed=$elapsed
    run -q --limit-rate 2M "$@"
    expect_rc 0
    rate=$(awk -v b="$bytes" -v e="$elapsed" -v f="$fixed" \
             'BEGIN { printf "%.0f", b / (e - f) }')
    note "$what: $rate bytes/s for a cap of $CAP (try $try)"
    awk -v r="$rate" -v c="$CAP" 'BEGIN { exit !(r <= 1.1 * c) }' ||
      fail "$what: $rate bytes/s is more than 10 % above the cap $CAP"
    awk -v r="$rate" -v c="$CAP" 'BEGIN { exit !(r >= 0.9 * c) }' &&
      return 0
  done
  fail "$what: $rate bytes/s is more than 10 % below the cap $CAP"
}

check_rate "one file" 4194304 "$BASE/files/one.bin"
expect_same one.bin root/one.bin

urls=
for i in 1 2 3 4 5 6 7 8; do
  urls="$urls $BASE/files/f$i.bin"
done
# shellcheck disable=SC2086
check_rate "eight files, -j 8" 8388608 -j 8 $urls
for i in 1 2 3 4 5 6 7 8; do
  expect_same f$i.bin root/f$i.bin
done
expect_log 'len([e for e in r if e["path"].startswith("/files/f")]) >= 8' \
  "every file requested"

check_rate "one file, -x 4" 8388608 -x 4 "$BASE/files/seg.bin"
expect_same seg.bin root/seg.bin
expect_log 'len(set(e["conn"] for e in gets("/files/seg.bin"))) >= 2' \
  "several connections for one file"

note "without a cap the same files come much faster (the cap is what slows)"
server_reset
rm -f one.bin
run -q "$BASE/files/one.bin"
expect_rc 0
awk -v e="$elapsed" 'BEGIN { exit !(e < 1.6) }' ||
  fail "an uncapped 4 MiB download took ${elapsed}s"

note "bad values"
for v in 10X -5 ""; do
  run --limit-rate "$v" "$BASE/files/one.bin"
  expect_rc 2
  expect_stderr "limit-rate: '$v'"
done
t_pass
