#!/usr/bin/env bash
# t-tcb-ahead: the provider's next batch is resolved while the files of
# the current one download: with 150 cloud:// files and -j 2, the third
# batchdownloadfile call (the second window of 100) is made before the
# 90th file is requested (which only starts once 88 files have ended), not
# when the first window has run out; three calls still, each file intact.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-prov.sh"
t_setup
prov_setup tcb
locs=()
for i in $(seq 1 150); do
  mkfile "root/ahead/f$i.bin" $((2000 + i * 13))
  locs+=("$(tcb_loc "ahead/f$i.bin")")
done
prov_ctl tcb '{"reset": true, "tokens": ["'"$TCB_TOKEN"'"], "batch_delay": 0.2}' >/dev/null

note "150 files, -j 2"
run -j 2 --retry-delay 0.05 -P dl "${locs[@]}"
expect_rc 0
expect_stat tcb 's["batch_calls"] == 3' "exactly three batchdownloadfile calls"
for i in 1 50 51 100 101 150; do
  expect_same "dl/f$i.bin" "root/ahead/f$i.bin"
done
[ "$(ls dl | wc -l)" = 150 ] || fail "expected 150 files in dl"
batch3='[e["t_start"] for e in r if "batchdownloadfile" in e["path"]][2]'
get90='[e["t_start"] for e in r if e["path"].endswith("/f90.bin")][0]'
expect_log "$batch3 < $get90" \
  "the third batch call made before file 90 was requested"
expect_no_prov_secret tcb
t_pass
