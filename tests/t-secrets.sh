#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-secrets: a signed URL's query values and an Authorization header never
# reach stdout, stderr (-v included), --json or the state file, during a
# run and after it; -v shows them as ***.
. "$(dirname "$0")/lib.sh"
t_setup
mkfile root/a.bin 2M
SECRET=SEEKRET123
SIG=SIGVAL456
AUTH=AUTHSECRET789
URL="$BASE/files/a.bin?token=$SECRET&sig=$SIG"
fault '{"path":"/files/a.bin","fault":"rate","bps":262144}'

note "during a run, then killed"
run_bg bg -v --json -H "Authorization: Bearer $AUTH" --retry-delay 0.05 "$URL"
wait_for_size a.bin.sfpart 0 10
expect_exists a.bin.sfstate
sleep 0.3
for s in "$SECRET" "$SIG" "$AUTH"; do
  expect_no_secret "$s"
done
kill -9 "$BG_PID"
wait_bg 10
expect_partial a.bin
for s in "$SECRET" "$SIG" "$AUTH"; do
  expect_no_secret "$s"
done

note "resumed to the end"
run -v --json -H "Authorization: Bearer $AUTH" --retry-delay 0.05 "$URL"
expect_rc 0
expect_same a.bin root/a.bin
for s in "$SECRET" "$SIG" "$AUTH"; do
  expect_no_secret "$s"
done
expect_stderr_fixed 'token=***'
expect_stderr_fixed 'sig=***'
expect_stderr -i 'authorization: \*\*\*'
expect_stderr -i '(^|[^a-z-])range: bytes='
expect_stderr -i 'content-range: bytes'
export WANT="token=$SECRET&sig=$SIG" WANT_AUTH="Bearer $AUTH"
expect_log 'all(e["query"] == E["WANT"] and e["headers"].get("authorization") == E["WANT_AUTH"] for e in gets("/files/a.bin"))' \
  "the server got the real query and Authorization"
expect_log 'len(gets("/files/a.bin")) == 2' "two GETs (killed, resumed)"

note "a failing run"
run -v --json --retries 0 -H "Authorization: Bearer $AUTH" \
    "$BASE/files/missing.bin?token=$SECRET&sig=$SIG"
expect_rc 5
for s in "$SECRET" "$SIG" "$AUTH"; do
  expect_no_secret "$s"
done
t_pass
