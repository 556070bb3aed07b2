#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-kdocs-malformed: broken or hostile Kdocs replies (truncated JSON, HTML,
# JSON without the expected fields, a file:// URL, huge or deeply nested
# bodies) are exit 4 without a crash; the message names the fields seen,
# never a value.  An error message that echoes the token (exit 3: it speaks
# of a token) shows *** instead, and its terminal escapes are defused.  A
# 500 that outlasts the retries is exit 5.  The next locator of the run is
# unaffected.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-kdocs.sh"
t_setup
kdocs_setup
mkfile root/doc.bin 5000

# reply BODY [STATUS]: the next resolve call answers BODY verbatim (BODY
# goes through stdin: it may be larger than an argument may be).
reply()
{
  printf '%s' "$1" | "$PYTHON" -c 'import json, sys, urllib.request
body = json.dumps({"reply": {"body": sys.stdin.read(),
                             "status": int(sys.argv[2]), "count": 1}})
req = urllib.request.Request(sys.argv[1] + "/_ctl/kdocs", method="POST",
                             data=body.encode(),
                             headers={"Content-Type": "application/json"})
urllib.request.urlopen(req, timeout=10).read()' "$BASE" "${2:-200}" ||
    fail "fakeprov refused the reply override"
}

# broken BODY [STATUS]: exit 4, no crash, no output, no secret.
broken()
{
  reply "$@"
  run --json --retry-delay 0.05 kdocs:personal/doc.bin
  expect_rc 4
  expect_no_file doc.bin
  expect_no_partial doc.bin
  expect_json 'len(j) == 1 and j[0]["status"] == "failed" and j[0]["error"]["exit_code"] == 4' \
    "one failed line, exit_code 4"
  expect_stderr_fixed 'kdocs:personal/doc.bin'
  expect_no_stderr -i 'sanitizer|runtime error|segmentation|abort'
  expect_no_secret "$KD_TOKEN"
}

note "truncated JSON"
broken '{"code":0,"data":{"url":"'
expect_stderr -i 'not a JSON object'

note "HTML error page"
broken '<html><body>502 Bad Gateway</body></html>'

note "no code; values never shown"
broken '{"result":"ok","detail":"SEKRIT-VALUE-1"}'
expect_stderr_fixed 'result, detail'
expect_no_secret SEKRIT-VALUE-1

note "code 0 without data"
broken '{"code":0,"msg":"SEKRIT-VALUE-2"}'
expect_stderr_fixed 'code, msg'
expect_no_secret SEKRIT-VALUE-2

note "data without a URL"
broken '{"code":0,"data":{"fsize":5000,"checksums":{"sha1":"SEKRIT-VALUE-3"}}}'
expect_stderr_fixed 'fsize, checksums'
expect_no_secret SEKRIT-VALUE-3

note "wrong types"
broken '{"code":0,"data":{"url":12345}}'
broken '{"code":0,"data":["http://x/"]}'
broken '{"code":{"x":1}}'
broken '[1,2,3]'
broken 'null'
broken ''

note "a file:// URL"
broken '{"code":0,"data":{"url":"file:///etc/passwd","fsize":1}}'
expect_stderr -i 'not http'
expect_no_file passwd

note "deeply nested, huge"
broken "$(printf '[%.0s' $(seq 1 20000))"
broken "{\"code\":0,\"data\":{\"url\":\"http://127.0.0.1:1/$(head -c 300000 /dev/zero | tr '\0' a)"

note "an error message that echoes the token and carries escapes"
reply "{\"code\":10001,\"msg\":\"bad request, echo $KD_TOKEN\",\"hint\":\"\\u001b]0;owned\\u0007\\u001b[2J\"}"
run --json --retry-delay 0.05 kdocs:personal/doc.bin
expect_rc 3
expect_stderr_fixed '10001'
expect_stderr_fixed 'bad request, echo ***'
expect_json 'j[0]["provider_code"] == "10001"' "provider_code 10001"
if grep -q -P '\x1b|\x07' err out; then
  fail "a control character from the reply reached stderr or stdout"
fi
expect_no_secret "$KD_TOKEN"

note "malformed JSON with HTTP 500 after retries"
kdocs_ctl '{"reply":{"body":"oops","status":500,"count":3}}'
run --json --retries 2 --retry-delay 0.05 kdocs:personal/doc.bin
expect_rc 5
expect_stderr_fixed '500'
expect_log "len(reqs(E['KD_PERSONAL'] + '/doc.bin/download')) >= 3" \
  "the API call was retried"

note "the same run goes on after a broken reply"
reply '{"code":0,"data":'
run --json --retry-delay 0.05 kdocs:personal/doc.bin kdocs:app/doc.bin
expect_rc 4
expect_json 'j[0]["status"] == "failed" and j[1]["status"] == "ok"' \
  "first failed, second ok"
expect_same doc.bin root/doc.bin
expect_no_kdocs_secret
t_pass
