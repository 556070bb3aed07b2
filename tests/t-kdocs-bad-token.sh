#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-kdocs-bad-token: a personal access token that Kdocs refuses (code 20007
# AccessTokenInvalid, in a 200 body or with HTTP 401) is exit 3; the message
# shows the provider code and tells to renew kdocs.access_token
# (SIGFETCH_KDOCS_ACCESS_TOKEN); --json carries provider_code "20007".  A
# missing token is exit 3 naming the setting and the variable, before any
# call.  No file is written and the token never shows.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-kdocs.sh"
t_setup
kdocs_setup
mkfile root/doc.bin 1000
WRONG=kdWRONGtoken-77e1a9
export LOC=kdocs:personal/doc.bin

note "wrong token"
SIGFETCH_KDOCS_ACCESS_TOKEN=$WRONG run --json --retry-delay 0.05 "$LOC"
expect_rc 3
expect_no_file doc.bin
expect_no_partial doc.bin
expect_stderr_fixed '20007'
expect_stderr_fixed 'AccessTokenInvalid'
expect_stderr_fixed 'kdocs.access_token'
expect_stderr_fixed 'SIGFETCH_KDOCS_ACCESS_TOKEN'
expect_stderr_fixed "$LOC"
expect_json 'len(j) == 1 and j[0]["status"] == "failed" and j[0]["provider"] == "kdocs-personal"' \
  "one failed line, provider kdocs-personal"
expect_json 'j[0]["provider_code"] == "20007" and j[0]["error"]["exit_code"] == 3' \
  "provider_code 20007, exit_code 3"
expect_json '"20007" in j[0]["error"]["message"]' "code in error.message"
expect_log 'not [e for e in r if e["path"].startswith("/kdocs-store/")]' \
  "no storage request"
expect_no_secret "$WRONG"

note "wrong token, error with HTTP 401"
kdocs_ctl '{"error_status":401}'
SIGFETCH_KDOCS_ACCESS_TOKEN=$WRONG run --json --retries 2 --retry-delay 0.05 "$LOC"
expect_rc 3
expect_json 'j[0]["provider_code"] == "20007"' "provider_code 20007"
expect_stderr_fixed 'kdocs.access_token'
export WRONG
expect_log "len([e for e in reqs(E['KD_PERSONAL'] + '/doc.bin/download') if e['query'].endswith(E['WRONG'])]) == 2" \
  "one call per run: a refused token is not retried"
expect_no_secret "$WRONG"

note "no token at all"
kdocs_ctl '{"error_status":200}'
log_mark
SIGFETCH_KDOCS_ACCESS_TOKEN= run --json "$LOC"
expect_rc 3
expect_stderr_fixed 'kdocs.access_token'
expect_stderr_fixed 'SIGFETCH_KDOCS_ACCESS_TOKEN'
expect_json 'j[0]["error"]["exit_code"] == 3 and j[0]["error"]["kind"] == "config"' \
  "exit_code 3, kind config"
expect_log "not new_reqs(E['KD_PERSONAL'] + '/doc.bin/download')" \
  "no call without a token"

note "the right token works"
run --json --retry-delay 0.05 "$LOC"
expect_rc 0
expect_same doc.bin root/doc.bin
expect_no_kdocs_secret
t_pass
