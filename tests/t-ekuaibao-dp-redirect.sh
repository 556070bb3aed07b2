#!/usr/bin/env bash
# t-ekuaibao-dp-redirect: the DingTalk-drive headers (Authorization,
# x-oss-date) go to the storage host, and are not sent after a redirect
# to another host (127.0.0.1 -> localhost); the file still arrives.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-prov.sh"
t_setup
prov_setup ekuaibao
mkfile root/dp.bin 400K
KEY=$(dp_key photo 409600 png)
prov_ctl ekuaibao "$(K=$KEY "$PYTHON" -c 'import json, os
print(json.dumps({"dp_redirect": True, "attachments": [{"id": "D1", "key": os.environ["K"], "file": "dp.bin"}]}))')" >/dev/null
export HOST1="127.0.0.1:$PORT" HOST2="localhost:$PORT"

run --json --retry-delay 0.05 "ekuaibao:D1:$KEY"
expect_rc 0
expect_same photo.png root/dp.bin
expect_log 'len(gets("/yundisk0/dp.bin")) == 1 and gets("/yundisk0/dp.bin")[0]["status"] == 302 and gets("/yundisk0/dp.bin")[0]["host"] == E["HOST1"]' \
  "the storage host answered 302"
expect_log '"authorization" in gets("/yundisk0/dp.bin")[0]["headers"] and "x-oss-date" in gets("/yundisk0/dp.bin")[0]["headers"]' \
  "the DP headers went to the storage host"
expect_log 'len(gets("/yundisk1/dp.bin")) == 1 and gets("/yundisk1/dp.bin")[0]["host"] == E["HOST2"] and gets("/yundisk1/dp.bin")[0]["status"] == 200' \
  "the redirect to localhost was followed"
expect_log '"authorization" not in gets("/yundisk1/dp.bin")[0]["headers"] and "x-oss-date" not in gets("/yundisk1/dp.bin")[0]["headers"]' \
  "no DP header sent to the other host"
expect_no_prov_secret ekuaibao
t_pass
