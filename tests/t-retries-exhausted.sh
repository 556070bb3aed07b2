#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-retries-exhausted: a server that always answers 503 gets exactly
# --retries + 1 requests (default --retries 5), then exit 5.
. "$(dirname "$0")/lib.sh"
t_setup
mkfile root/a.bin 100K
fault '{"path":"/files/a.bin","fault":"status","code":503,"count":-1}'

for n in 0 3 default; do
  note "--retries $n"
  log_mark
  if [ "$n" = default ]; then
    run --retry-delay 0.05 "$BASE/files/a.bin"
    n=5
  else
    run --retries "$n" --retry-delay 0.05 "$BASE/files/a.bin"
  fi
  expect_rc 5
  expect_no_file a.bin
  expect_stderr '503'
  export N=$n
  expect_log 'len(new_gets("/files/a.bin")) == int(E["N"]) + 1' \
    "$((n + 1)) GETs"
  expect_log 'all(e["status"] == 503 for e in new_gets("/files/a.bin"))' \
    "all answered 503"
done
t_pass
