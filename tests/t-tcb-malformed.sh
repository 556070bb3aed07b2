#!/usr/bin/env bash
# t-tcb-malformed: answers that are not what TCB documents (not JSON,
# wrong types, no file_list, no download_url, a top-level errcode, an
# HTTP error) fail with exit 4 and a message, never a crash.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-prov.sh"
t_setup
prov_setup tcb
mkfile root/a.bin 50K
L=$(tcb_loc a.bin)

try_reply()
{
  local body=$1 status=${2:-200}
  prov_ctl tcb "$(BODY="$body" STATUS="$status" "$PYTHON" -c 'import json, os
print(json.dumps({"reply": {"body": os.environ["BODY"], "status": int(os.environ["STATUS"]), "count": 1}}))')" >/dev/null
  run --json --retries 0 "$L"
  expect_rc 4
  expect_json 'j[0]["status"] == "failed" and j[0]["error"]["exit_code"] == 4'
  expect_no_file a.bin
}

for body in '{"errcode":0,"file_list":[' 'not json at all' '' '[]' '"str"' \
            '{"errcode":"zero","file_list":{}}' '{"errcode":0}' \
            '{"errcode":0,"file_list":[null,5,"x"]}' \
            '{"errcode":0,"file_list":[{"fileid":"cloud://x.y/other"}]}' \
            '{"errcode":0,"file_list":[{"status":0,"download_url":5}]}' \
            '{"errcode":0,"file_list":[{"status":0,"download_url":"ftp://x/a"}]}' \
            '{"errcode":0,"file_list":[{"status":"bad","download_url":null}]}' \
            '{"errcode":0,"file_list":[{"status":-1,"errmsg":"a\u0001b\nc"}]}'; do
  note "reply: $body"
  try_reply "$body"
done

note "HTTP 404 from the endpoint"
try_reply '<html>no</html>' 404
expect_stderr_fixed 'HTTP 404'

note "HTTP 500, retried, then given up"
prov_ctl tcb '{"reply": {"body": "oops", "status": 500, "count": -1}}' >/dev/null
run --json --retries 1 --retry-delay 0.05 "$L"
expect_rc 4
expect_stat tcb 's["batch_calls"] == 16' "500 retried once (14 + 2 calls)"
prov_ctl tcb '{"reply": null}' >/dev/null

note "top-level errcode"
prov_ctl tcb '{"errcode": {"code": -501007, "errmsg": "INVALID_PARAM"}}' >/dev/null
run --json "$L"
expect_rc 4
expect_stderr_fixed 'errcode -501007'
expect_json 'j[0]["provider_code"] == "-501007"'

note "and then it works"
run "$L"
expect_rc 0
expect_same a.bin root/a.bin
expect_no_prov_secret tcb
t_pass
