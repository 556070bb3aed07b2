#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-kdocs-app-bad-key: a WPS-2 signature that Kdocs refuses (wrong app_key:
# 20003 InvalidSignature; wrong app_id: 20002 InvalidAppId) is exit 3 naming
# kdocs.app_key and kdocs.app_id, with the provider code; a missing app_id
# or app_key is exit 3 naming the setting and its variable, before any
# call.  The keys never show.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-kdocs.sh"
t_setup
kdocs_setup
mkfile root/doc.bin 1000
WRONG_KEY=kdWRONGappkey-5512c0
export API=$KD_APPSPACE/doc.bin/download

note "wrong app_key"
SIGFETCH_KDOCS_APP_KEY=$WRONG_KEY run --json --retry-delay 0.05 kdocs:app/doc.bin
expect_rc 3
expect_no_file doc.bin
expect_stderr_fixed '20003'
expect_stderr_fixed 'kdocs.app_key'
expect_stderr_fixed 'kdocs.app_id'
expect_json 'j[0]["provider"] == "kdocs-app" and j[0]["provider_code"] == "20003" and j[0]["error"]["exit_code"] == 3' \
  "kdocs-app, provider_code 20003, exit_code 3"
expect_log 'reqs(E["API"])[-1]["note"] == "kdocs: signature refused: signature mismatch"' \
  "the server refused the signature"
expect_no_secret "$WRONG_KEY"

note "wrong app_id"
run --json --retry-delay 0.05 --set kdocs.app_id=SXWRONGAPP kdocs:app/doc.bin
expect_rc 3
expect_stderr_fixed '20002'
expect_stderr_fixed 'kdocs.app_id'
expect_json 'j[0]["provider_code"] == "20002"' "provider_code 20002"

note "server with another app_key"
kdocs_ctl '{"app_key":"some-other-key"}'
run --json --retry-delay 0.05 kdocs:app/doc.bin
expect_rc 3
expect_stderr_fixed 'kdocs.app_key'
kdocs_ctl "{\"app_key\":\"$KD_APP_KEY\"}"

note "missing credentials"
log_mark
SIGFETCH_KDOCS_APP_KEY= run kdocs:app/doc.bin
expect_rc 3
expect_stderr_fixed 'kdocs.app_key'
expect_stderr_fixed 'SIGFETCH_KDOCS_APP_KEY'
SIGFETCH_KDOCS_APP_ID= run kdocs:app/doc.bin
expect_rc 3
expect_stderr_fixed 'kdocs.app_id'
expect_stderr_fixed 'SIGFETCH_KDOCS_APP_ID'
expect_log 'not new_reqs(E["API"])' "no call without credentials"

note "right credentials"
run --json --retry-delay 0.05 kdocs:app/doc.bin
expect_rc 0
expect_same doc.bin root/doc.bin
expect_no_kdocs_secret
t_pass
