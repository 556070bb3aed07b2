#!/usr/bin/env bash
# t-tcb-token: a refused access token is exit 3 naming tcb.access_token
# and SIGFETCH_TCB_ACCESS_TOKEN when no app credentials are set; with
# tcb.appid + tcb.secret sigfetch fetches a token through stable_token once
# and retries (force_refresh only when the refused token was fetched
# moments ago); a wrong secret is exit 3 naming tcb.secret.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-prov.sh"
t_setup
prov_setup tcb
mkfile root/A.png 200K
L=$(tcb_loc A.png)

note "no token, no app credentials"
unset SIGFETCH_TCB_ACCESS_TOKEN
run --json "$L"
expect_rc 3
expect_stderr_fixed 'tcb.access_token (SIGFETCH_TCB_ACCESS_TOKEN)'
expect_stat tcb 's["batch_calls"] == 0' "no call without a token"

note "refused token, no app credentials"
export SIGFETCH_TCB_ACCESS_TOKEN=tcbWRONG-0000
run --json "$L"
expect_rc 3
expect_stderr_fixed 'errcode 40001'
expect_stderr_fixed 'tcb.access_token (SIGFETCH_TCB_ACCESS_TOKEN)'
expect_json 'j[0]["provider_code"] == "40001" and j[0]["error"]["exit_code"] == 3'
expect_stat tcb 's["token_calls"] == 0 and s["batch_calls"] == 1' "one call, no token fetch"
expect_no_file A.png

note "refused token, app credentials: renewed once"
export SIGFETCH_TCB_APPID=$TCB_APPID SIGFETCH_TCB_SECRET=$TCB_SECRET
run --json "$L"
expect_rc 0
expect_same A.png root/A.png
expect_stat tcb 's["token_calls"] == 1 and s["force_flags"] == [False] and s["batch_calls"] == 3' \
  "one stable_token call (no force), then the retry"
rm -f A.png

note "expired token (42001), renewed"
prov_ctl tcb '{"reject_code": 42001}' >/dev/null
run "$L"
expect_rc 0
expect_stat tcb 's["token_calls"] == 1' "the cached token was used, no new fetch"
rm -f A.png

note "app credentials only; the first token handed out is stale"
rm -rf xdg/cache
unset SIGFETCH_TCB_ACCESS_TOKEN
prov_ctl tcb '{"reset": true, "appid": "'"$TCB_APPID"'", "secret": "'"$TCB_SECRET"'", "bad_issue": 1}' >/dev/null
run --json "$L"
expect_rc 0
expect_same A.png root/A.png
expect_stat tcb 's["token_calls"] == 2 and s["force_flags"] == [False, True]' \
  "stale token refused moments after fetching: force_refresh"
expect_stat tcb 's["batch_calls"] == 2' "two batch calls"
rm -f A.png

note "a token that stays refused: exit 3 after one renewal"
rm -rf xdg/cache
prov_ctl tcb '{"reset": true, "appid": "'"$TCB_APPID"'", "secret": "'"$TCB_SECRET"'", "reject_all": true}' >/dev/null
run --json "$L"
expect_rc 3
expect_stat tcb 's["token_calls"] == 2 and s["batch_calls"] == 2' "fetch, call, renew, call; then give up"

note "wrong secret"
rm -rf xdg/cache
export SIGFETCH_TCB_SECRET=tcbSECRET-wrong
run --json "$L"
expect_rc 3
expect_stderr_fixed 'errcode 40125'
expect_stderr_fixed 'tcb.secret'
expect_no_secret tcbSECRET-wrong
expect_no_prov_secret tcb
t_pass
