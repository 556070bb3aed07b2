#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-seg-stall-retries: in a segmented download (-x 4, 16 MiB: four 4 MiB
# segments) every request for a segment after the first stalls for ever
# before its first body byte (fault matched on range_from_min; no progress
# that could excuse a retry).  --stall-timeout 0.5 gives each stalled
# connection up, and --retries 2 bounds the tries: the run ends with exit 5
# within seconds, the partial and state kept -- it does not retry a stalled
# segment for ever.
. "$(dirname "$0")/lib.sh"
T_TIMEOUT=20
t_setup
mkfile root/a.bin 16M
fault '{"path":"/files/a.bin","fault":"stall","after":0,"seconds":60,"count":-1,"range_from_min":1048576}'

run -x 4 --stall-timeout 0.5 --retries 2 --retry-delay 0.05 --json \
    "$BASE/files/a.bin"
expect_rc 5
expect_no_file a.bin
expect_partial a.bin
expect_json 'len(j) == 1 and j[0]["status"] == "failed" and j[0]["error"]["exit_code"] == 5' \
  "failed with exit_code 5"
awk -v e="$elapsed" 'BEGIN { exit !(e < 15) }' ||
  fail "took ${elapsed}s to give up on stalled segments"
n=$(log_query 'len([e for e in gets("/files/a.bin") if e["fault"] == "stall"])')
note "stalled requests: $n"
# 3 stalled segments, each tried at most 1 + 2 times, plus some slack for
# an engine that counts the retry budget per file instead
[ "$n" -le 12 ] || fail "$n stalled requests for --retries 2"
t_pass
