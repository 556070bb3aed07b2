#!/usr/bin/env bash
# t-ekuaibao-token: HTTP 403 (token invalid or expired) is exit 3 naming
# ekuaibao.access_token without app credentials; with ekuaibao.app_key +
# ekuaibao.app_security sigfetch fetches a token (getAccessToken, JSON
# body, expireTime in milliseconds) once and retries; wrong app
# credentials are exit 3.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-prov.sh"
t_setup
prov_setup ekuaibao
mkfile root/r.bin 100K
prov_ctl ekuaibao '{"attachments": [{"id": "A1", "key": "files/r.pdf", "file": "r.bin"}]}' >/dev/null
L=ekuaibao:A1:files/r.pdf

note "no token, no app credentials"
unset SIGFETCH_EKUAIBAO_ACCESS_TOKEN
run "$L"
expect_rc 3
expect_stderr_fixed 'ekuaibao.access_token (SIGFETCH_EKUAIBAO_ACCESS_TOKEN)'

note "refused token (403), no app credentials"
export SIGFETCH_EKUAIBAO_ACCESS_TOKEN=ekbWRONG-1111
run --json "$L"
expect_rc 3
expect_stderr_fixed 'HTTP 403'
expect_stderr_fixed 'ekuaibao.access_token (SIGFETCH_EKUAIBAO_ACCESS_TOKEN)'
expect_json 'j[0]["error"]["exit_code"] == 3 and j[0]["provider_code"] == "403"'
expect_stat ekuaibao 's["calls"] == 1 and s["token_calls"] == 0' "one call, no token fetch"

note "refused token, app credentials: renewed once"
export SIGFETCH_EKUAIBAO_APP_KEY=$EKB_APP_KEY SIGFETCH_EKUAIBAO_APP_SECURITY=$EKB_APP_SECURITY
run "$L"
expect_rc 0
expect_same r.pdf root/r.bin
expect_stat ekuaibao 's["token_calls"] == 1 and s["calls"] == 3' "one getAccessToken, then the retry"
rm -f r.pdf

note "app credentials only: the cached token is reused"
unset SIGFETCH_EKUAIBAO_ACCESS_TOKEN
run "$L"
expect_rc 0
expect_stat ekuaibao 's["token_calls"] == 1' "no new token"
rm -f r.pdf

note "the cached token is revoked: dropped, one new fetch"
prov_ctl ekuaibao '{"revoke": true}' >/dev/null
run "$L"
expect_rc 0
expect_stat ekuaibao 's["token_calls"] == 2' "one more getAccessToken"
rm -f r.pdf

note "wrong app credentials"
rm -rf xdg/cache
export SIGFETCH_EKUAIBAO_APP_SECURITY=ekbSECURITY-wrong
run "$L"
expect_rc 3
expect_stderr_fixed 'ekuaibao.app_security'
expect_no_secret ekbSECURITY-wrong
expect_no_prov_secret ekuaibao
t_pass
