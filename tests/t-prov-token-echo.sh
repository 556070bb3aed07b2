#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-prov-token-echo: a token that a provider issued (TCB stable_token,
# Ekuaibao getAccessToken, Fxiaoke corpAccessToken) and then echoes in an
# error message is masked in stderr and --json like a configured one
# (issue 10, item 4): once when it was just fetched, once when it came
# from the token cache.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-prov.sh"
t_setup
prov_setup tcb ekuaibao fxiaoke
mkfile root/A.png 10K
mkfile root/r.bin 10K
mkfile root/N_a.bin 10K
prov_ctl ekuaibao '{"attachments": [{"id": "A1", "key": "files/r.pdf", "file": "r.bin"}]}' >/dev/null

# echo_reply PROVIDER STATUS BODY: the next call answers BODY (with the
# token) and STATUS.
echo_reply()
{
  prov_ctl "$1" "$(STATUS=$2 BODY=$3 "$PYTHON" -c 'import json, os
print(json.dumps({"reply": {"body": os.environ["BODY"], "status": int(os.environ["STATUS"]), "count": 1}}))')" >/dev/null
}

check()
{
  local p=$1 loc=$2 status=$3 body=$4 what
  for what in fetched cached; do
    note "$p: token $what, then echoed in an error"
    echo_reply "$p" "$status" "$body"
    run -v --json --retries 0 "$loc"
    [ "$rc" = 0 ] && fail "$p: the echoing error was not reported"
    expect_stderr_fixed 'echo ***'
    expect_stat "$p" 'len(s["issued"]) == 1' "one token issued"
    expect_no_prov_secret "$p"
  done
}

use_app_credentials tcb
check tcb "$(tcb_loc A.png)" 200 '{"errcode": 40013, "errmsg": "bad call, echo @TOKEN@"}'
use_app_credentials ekuaibao
check ekuaibao ekuaibao:A1:files/r.pdf 400 '{"errorCode": 500, "errorMessage": "bad call, echo @TOKEN@"}'
use_app_credentials fxiaoke
check fxiaoke fxiaoke:N_a.bin 200 '{"errorCode": 10001, "errorMessage": "bad call, echo @TOKEN@", "traceId": "E-O.fake.1"}'
t_pass
