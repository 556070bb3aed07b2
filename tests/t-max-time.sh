#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-max-time: --max-time S fails a file not finished S seconds after its
# first request with exit 5, keeping the partial and its state; a rerun
# resumes from them with a Range request and completes the exact file.
# The time counts back-offs too: a file that only fails and waits is given
# up at S, not after its retries.
. "$(dirname "$0")/lib.sh"
t_setup
mkfile root/a.bin 2M
mkfile root/b.bin 64K
fault '{"path":"/files/a.bin","fault":"rate","bps":200000}'

run --max-time 1.5 --json "$BASE/files/a.bin"
expect_rc 5
expect_no_file a.bin
expect_partial a.bin
expect_stderr 'max-time'
expect_json 'j[0]["status"] == "failed" and j[0]["error"]["exit_code"] == 5' \
  "failed with exit_code 5"
awk -v e="$elapsed" 'BEGIN { exit !(e >= 1.4 && e < 4) }' ||
  fail "took ${elapsed}s; expected about 1.5 s"
part=$(size_of a.bin.sfpart)
note "partial after --max-time: $part bytes"
[ "$part" -gt 100000 ] && [ "$part" -lt 2097152 ] ||
  fail "partial holds $part bytes; expected some of the 2 MiB"

note "rerun without --max-time resumes"
run --json "$BASE/files/a.bin"
expect_rc 0
expect_same a.bin root/a.bin
expect_no_partial a.bin
expect_json 'j[0]["resumed_from"] > 0' "resumed from the partial"
expect_log 'gets("/files/a.bin")[-1]["range"] is not None and gets("/files/a.bin")[-1]["range"].startswith("bytes=") and gets("/files/a.bin")[-1]["status"] == 206' \
  "the rerun asked for the rest with a Range"

note "a file that only fails and backs off is given up at --max-time"
fault '{"path":"/files/b.bin","fault":"status","code":503,"count":-1}'
run --max-time 1 --retries 50 --retry-delay 0.2 "$BASE/files/b.bin"
expect_rc 5
expect_stderr 'max-time'
awk -v e="$elapsed" 'BEGIN { exit !(e >= 0.9 && e < 3) }' ||
  fail "took ${elapsed}s; expected about 1 s"

note "bad values"
for v in -1 abc; do
  run --max-time "$v" "$BASE/files/b.bin"
  expect_rc 2
  expect_stderr "max-time: '$v'"
done
t_pass
