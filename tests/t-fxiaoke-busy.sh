#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-fxiaoke-busy: Fxiaoke's "busy" errorCodes (-1, 50009; HTTP 200) are
# retried with back-off, at most --retries times, and the rate-limit
# codes (14001, 30004) wait at least 20 x --retry-delay; busy for ever is
# exit 4 with the errorCode after --retries + 1 calls.  Every HTTP
# attempt, a retry after a 503 included, has its own thirdTraceId.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-prov.sh"
t_setup
prov_setup fxiaoke
mkfile root/N_busy.pdf 100K
L=fxiaoke:N_busy.pdf
API=/cgi/crm/v2/generateDownloadSignatureUrlByAuth
export API

note "busy (50009) twice, then ok"
prov_ctl fxiaoke '{"error": {"errorCode": 50009, "errorMessage": "service timeout", "count": 2}}' >/dev/null
run --json --retries 3 --retry-delay 0.05 "$L"
expect_rc 0
expect_same N_busy.pdf root/N_busy.pdf
expect_stat fxiaoke 's["calls"] == 3' "three calls"
expect_stat fxiaoke 'len(set(s["trace_ids"])) == 3 and None not in s["trace_ids"]' \
  "a new thirdTraceId per call"
expect_stderr_fixed 'busy (code 50009); retrying (2 of 3)'
rm -f N_busy.pdf

note "busy (-1) for ever: exit 4 after --retries + 1 calls"
prov_setup fxiaoke
prov_ctl fxiaoke '{"error": {"errorCode": -1, "errorMessage": "system busy", "count": -1}}' >/dev/null
run --json --retries 2 --retry-delay 0.05 "$L"
expect_rc 4
expect_no_file N_busy.pdf
expect_stderr 'errorCode -1, system busy, traceId E-O\.fake\.'
expect_json 'j[0]["provider_code"] == "-1" and j[0]["error"]["exit_code"] == 4'
expect_stat fxiaoke 's["calls"] == 3' "three calls (--retries 2)"

note "rate limit (30004) once: at least 20 x --retry-delay"
prov_setup fxiaoke
prov_ctl fxiaoke '{"error": {"errorCode": 30004, "errorMessage": "call frequency limit"}}' >/dev/null
run --json --retries 2 --retry-delay 0.05 "$L"
expect_rc 0
expect_same N_busy.pdf root/N_busy.pdf
expect_stat fxiaoke 's["calls"] == 2' "two calls"
awk -v e="$elapsed" 'BEGIN { exit !(e >= 1.0) }' ||
  fail "rate limit: waited less than 1 s (run took ${elapsed}s)"
rm -f N_busy.pdf

note "HTTP 503 once: the retry has a new thirdTraceId"
prov_setup fxiaoke
log_mark
fault '{"path":"'"$API"'","fault":"status","code":503}'
run --json --retries 2 --retry-delay 0.05 "$L"
expect_rc 0
expect_same N_busy.pdf root/N_busy.pdf
expect_log '[e["status"] for e in new_reqs(E["API"])] == [503, 200]' \
  "503, then the call answered"
expect_log 'len(set(e["query"] for e in new_reqs(E["API"]))) == 2 and all(e["query"].startswith("thirdTraceId=") for e in new_reqs(E["API"]))' \
  "two different thirdTraceId values"
expect_no_prov_secret fxiaoke
t_pass
