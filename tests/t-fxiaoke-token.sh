#!/usr/bin/env bash
# t-fxiaoke-token: errorCode 20016 (corpAccessToken invalid or expired) is
# exit 3 naming fxiaoke.corp_access_token without app credentials; with
# fxiaoke.app_id + app_secret + permanent_code sigfetch fetches a token
# (corpAccessToken/get/V2, which also gives the corpId) once and retries;
# wrong app credentials are exit 3.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-prov.sh"
t_setup
prov_setup fxiaoke
mkfile root/N_a.bin 100K

note "no token, no app credentials"
unset SIGFETCH_FXIAOKE_CORP_ACCESS_TOKEN
run fxiaoke:N_a.bin
expect_rc 3
expect_stderr_fixed 'fxiaoke.corp_access_token (SIGFETCH_FXIAOKE_CORP_ACCESS_TOKEN)'

note "refused token, no app credentials"
export SIGFETCH_FXIAOKE_CORP_ACCESS_TOKEN=fxkWRONG-2222
run --json fxiaoke:N_a.bin
expect_rc 3
expect_stderr 'errorCode 20016, .*traceId E-O\.fake\.'
expect_stderr_fixed 'fxiaoke.corp_access_token (SIGFETCH_FXIAOKE_CORP_ACCESS_TOKEN)'
expect_json 'j[0]["provider_code"] == "20016" and j[0]["error"]["exit_code"] == 3'

note "refused token, app credentials: renewed once"
export SIGFETCH_FXIAOKE_APP_ID=$FXK_APP_ID SIGFETCH_FXIAOKE_APP_SECRET=$FXK_APP_SECRET \
  SIGFETCH_FXIAOKE_PERMANENT_CODE=$FXK_PERMANENT
run -o N_a.bin fxiaoke:N_a.bin
expect_rc 0
expect_same N_a.bin root/N_a.bin
expect_stat fxiaoke 's["token_calls"] == 1 and s["calls"] == 3' "one token fetch, then the retry"
rm -f N_a.bin

note "app credentials only (corpId from the token answer)"
unset SIGFETCH_FXIAOKE_CORP_ACCESS_TOKEN SIGFETCH_FXIAOKE_CORP_ID
run -o N_a.bin fxiaoke:N_a.bin
expect_rc 0
expect_stat fxiaoke 's["token_calls"] == 1 and s["bodies"][-1]["corpId"] == E["FXK_CORP_ID"]' \
  "cached token reused, corpId from the token answer"
rm -f N_a.bin

note "the cached token expires early (20016): one renewal"
prov_ctl fxiaoke '{"revoke": true}' >/dev/null
run -o N_a.bin fxiaoke:N_a.bin
expect_rc 0
expect_stat fxiaoke 's["token_calls"] == 2' "renewed once"
rm -f N_a.bin

note "wrong app secret"
rm -rf xdg/cache
export SIGFETCH_FXIAOKE_APP_SECRET=fxkSECRET-wrong
run --json fxiaoke:N_a.bin
expect_rc 3
expect_stderr_fixed 'errorCode 10006'
expect_stderr_fixed 'fxiaoke.app_secret'
expect_no_secret fxkSECRET-wrong
expect_no_prov_secret fxiaoke
t_pass
