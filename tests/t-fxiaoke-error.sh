#!/usr/bin/env bash
# t-fxiaoke-error: Fxiaoke answers HTTP 200 with errorCode != 0: exit 4
# with errorCode, errorMessage and traceId in the message and errorCode as
# provider_code; malformed answers are exit 4 without a crash; a missing
# current_open_user_id is exit 3 naming it.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-prov.sh"
t_setup
prov_setup fxiaoke
mkfile root/N_a.bin 100K

note "unknown path"
run --json fxiaoke:N_missing
expect_rc 4
expect_stderr 'errorCode 20052, file not exist, traceId E-O\.fake\.[0-9]+\.'
expect_json 'j[0]["provider_code"] == "20052" and j[0]["error"]["exit_code"] == 4'
expect_no_file N_missing

note "a forced provider error (quota)"
prov_ctl fxiaoke '{"error": {"errorCode": 30002, "errorMessage": "daily quota used up"}}' >/dev/null
run --json fxiaoke:N_a.bin
expect_rc 4
expect_stderr_fixed 'errorCode 30002'
expect_stderr_fixed 'daily quota used up'
expect_json 'j[0]["provider_code"] == "30002"'

try_reply()
{
  local body=$1 status=${2:-200}
  prov_ctl fxiaoke "$(BODY="$body" STATUS="$status" "$PYTHON" -c 'import json, os
print(json.dumps({"reply": {"body": os.environ["BODY"], "status": int(os.environ["STATUS"]), "count": 1}}))')" >/dev/null
  run --json --retries 0 fxiaoke:N_a.bin
  expect_rc 4
  expect_json 'j[0]["status"] == "failed" and j[0]["error"]["exit_code"] == 4'
  expect_no_file N_a.bin
}

for body in '{"errorCode":0,"data":' 'garbage' '' '[]' '"https://x/y"' \
            '{"errorCode":"oops","data":5}' '{"errorCode":0,"data":null}' \
            '{"errorCode":0,"data":{"url":"ftp://x/y","n":[[[[[[[[[[[["https://deep/too"]]]]]]]]]]]]}}' \
            '{"errorCode":7,"errorMessage":null,"traceId":5}'; do
  note "reply: $body"
  try_reply "$body"
done

note "HTTP 502 from a proxy in front"
try_reply '<html>bad gateway</html>' 502

note "current_open_user_id missing"
unset SIGFETCH_FXIAOKE_CURRENT_OPEN_USER_ID
run fxiaoke:N_a.bin
expect_rc 3
expect_stderr_fixed 'fxiaoke.current_open_user_id'
expect_stderr_fixed 'SIGFETCH_FXIAOKE_CURRENT_OPEN_USER_ID'
expect_no_prov_secret fxiaoke
t_pass
