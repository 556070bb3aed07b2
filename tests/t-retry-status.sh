#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-retry-status: which HTTP statuses are retried: 5xx, 408 and 429 are
# (success on the second try); other 4xx are not (one request, exit 5).
. "$(dirname "$0")/lib.sh"
t_setup
mkfile root/a.bin 100K

for code in 500 502 408 429; do
  note "$code once"
  log_mark
  fault '{"path":"/files/a.bin","fault":"status","code":'"$code"'}'
  run --retries 2 --retry-delay 0.05 -o "got$code" "$BASE/files/a.bin"
  expect_rc 0
  expect_same "got$code" root/a.bin
  expect_log 'len(new_gets("/files/a.bin")) == 2' "$code retried once"
done
for code in 400 401 410; do
  note "$code for ever"
  log_mark
  fault '{"path":"/files/a.bin","fault":"status","code":'"$code"',"count":-1}'
  run --retries 2 --retry-delay 0.05 -o "got$code" "$BASE/files/a.bin"
  expect_rc 5
  expect_no_file "got$code"
  expect_log 'len(new_gets("/files/a.bin")) == 1' "$code not retried"
  server_reset
done
t_pass
