#!/usr/bin/env bash
# t-ekuaibao-malformed: answers Ekuaibao does not document (not JSON, an
# object instead of the bare array, items without url, bad headers) and
# HTTP 400 / 404 fail with exit 4 and a message, never a crash.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-prov.sh"
t_setup
prov_setup ekuaibao
mkfile root/a.bin 50K
prov_ctl ekuaibao '{"attachments": [{"id": "A", "key": "k/a.txt", "file": "a.bin"}]}' >/dev/null
L=ekuaibao:A:k/a.txt

try_reply()
{
  local body=$1 status=${2:-200}
  prov_ctl ekuaibao "$(BODY="$body" STATUS="$status" "$PYTHON" -c 'import json, os
print(json.dumps({"reply": {"body": os.environ["BODY"], "status": int(os.environ["STATUS"]), "count": 1}}))')" >/dev/null
  run --json --retries 0 "$L"
  expect_rc 4
  expect_json 'j[0]["status"] == "failed" and j[0]["error"]["exit_code"] == 4'
  expect_no_file a.txt
}

for body in '[{"id":"A","key":"k/a.txt","url":' 'nonsense' '' '{}' \
            '{"value":[]}' '[null,1,"x"]' '[{"id":"A","key":"k/a.txt"}]' \
            '[{"id":"A","key":"k/a.txt","url":7}]' \
            '[{"id":"A","key":"k/a.txt","url":"https://h/x","headers":{"Bad Name":"v"}}]' \
            '[{"id":"A","key":"k/a.txt","url":"https://h/x","headers":{"X-A":"a\r\nInjected: 1"}}]' \
            '[{"id":"A","key":"k/a.txt","url":"https://h/x","headers":{"X-A":5}}]' \
            '[{"id":5,"key":"k/a.txt","url":"https://h/x"}]'; do
  note "reply: $body"
  try_reply "$body"
done

note "HTTP 400 with Ekuaibao's message"
try_reply '{"errorCode":400,"errorMessage":"参数错误"}' 400
expect_stderr_fixed 'HTTP 400'
expect_stderr_fixed '参数错误'

note "HTTP 404"
try_reply '<html/>' 404
expect_stderr_fixed 'HTTP 404'

note "and then it works"
run "$L"
expect_rc 0
expect_same a.txt root/a.bin
expect_no_prov_secret ekuaibao
t_pass
