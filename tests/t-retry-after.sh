#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-retry-after: a 503 with Retry-After: 1 is retried no sooner than one
# second later (not after the much shorter --retry-delay).
. "$(dirname "$0")/lib.sh"
t_setup
mkfile root/a.bin 100K
fault '{"path":"/files/a.bin","fault":"status","code":503,"retry_after":1}'

run --retries 3 --retry-delay 0.05 "$BASE/files/a.bin"
expect_rc 0
expect_same a.bin root/a.bin
expect_log 'len(gets("/files/a.bin")) == 2' "two GETs"
expect_log 'gets("/files/a.bin")[0]["status"] == 503 and gets("/files/a.bin")[1]["status"] == 200' \
  "503 then 200"
expect_log 'gets("/files/a.bin")[1]["t_start"] - gets("/files/a.bin")[0]["t_end"] >= 0.95' \
  "the retry came at least 1 s after the 503"
awk -v e="$elapsed" 'BEGIN { exit !(e >= 1.0 && e < 10) }' ||
  fail "took ${elapsed}s, expected at least 1 s"
t_pass
