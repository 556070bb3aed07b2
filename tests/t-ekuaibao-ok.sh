#!/usr/bin/env bash
# t-ekuaibao-ok: ekuaibao:ID:KEY for an ordinary key (name = key without
# "openapi" + UUID + "-") and a DingTalk-drive key (name, type and size
# from the DP JSON; Authorization and x-oss-date sent, trimmed, to the
# storage host); one downloadurls call for both; expiration from
# ekuaibao.expiration (> 1800 is exit 3); a wrong DP fileSize is exit 6.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-prov.sh"
t_setup
prov_setup ekuaibao
mkfile root/report.bin 250K
mkfile root/dp.bin 300K
KEY1='openapi0306c2d1-7a5b-4e96-8172-60c5ee0f971e-report 2024.docx'
KEY2=$(dp_key 128163bbba83 307200 jpg)
KEY3=$(dp_key scan 307200 pdf)
prov_ctl ekuaibao "$(K1=$KEY1 K2=$KEY2 K3=$KEY3 "$PYTHON" -c 'import json, os
print(json.dumps({"attachments": [
  {"id": "61sbwX3DEAgk00", "key": os.environ["K1"], "file": "report.bin"},
  {"id": "136634573449", "key": os.environ["K2"], "file": "dp.bin"},
  {"id": "136634573450", "key": os.environ["K3"], "file": "dp.bin"}]}))')" >/dev/null
L1="ekuaibao:61sbwX3DEAgk00:$KEY1"
L2="ekuaibao:136634573449:$KEY2"
L3="ekuaibao:136634573450:$KEY3"
export L1 L2 L3

note "ordinary and DingTalk-drive attachments in one call"
run --json --retry-delay 0.05 "$L1" "$L2"
expect_rc 0
expect_same 'report 2024.docx' root/report.bin
expect_same 128163bbba83.jpg root/dp.bin
expect_stat ekuaibao 's["calls"] == 1 and s["batch_sizes"] == [2] and s["expirations"] == [1800, 1800]' \
  "one call, expiration 1800"
expect_json 'by_loc(E["L2"])["provider"] == "ekuaibao" and by_loc(E["L2"])["size"] == 307200'
expect_log 'len(gets("/yundisk0/dp.bin")) == 1 and gets("/yundisk0/dp.bin")[0]["status"] == 200' \
  "the DP storage accepted the headers"
expect_log 'gets("/yundisk0/dp.bin")[0]["headers"]["authorization"].startswith("OSS LTAIfake:") and gets("/yundisk0/dp.bin")[0]["headers"]["x-oss-date"].endswith(" GMT")' \
  "Authorization and x-oss-date sent, trimmed"
expect_log 'len(gets("/ekb-oss/report.bin")) == 1 and "Signature=" in gets("/ekb-oss/report.bin")[0]["query"] and "authorization" not in gets("/ekb-oss/report.bin")[0]["headers"]' \
  "the OSS URL is query-signed, no DP headers there"

note "fileType appended when the name lacks it; --resolve-only"
run --resolve-only "$L3" "$L1"
expect_rc 0
expect_json 'by_loc(E["L3"])["name"] == "scan.pdf" and by_loc(E["L3"])["size"] == 307200 and by_loc(E["L3"])["headers"] == {"Authorization": "***", "x-oss-date": "***"}'
expect_json 'by_loc(E["L1"])["name"] == "report 2024.docx" and by_loc(E["L1"])["headers"] == {} and "Signature=***" in by_loc(E["L1"])["url"]'
expect_json 'by_loc(E["L3"])["expires_at"] is not None and by_loc(E["L1"])["expires_at"] is not None'

note "ekuaibao.expiration"
run --resolve-only --set ekuaibao.expiration=600 "$L1"
expect_rc 0
expect_stat ekuaibao 's["expirations"][-1] == 600' "expiration 600 sent"
SIGFETCH_EKUAIBAO_EXPIRATION=2000 run "$L1"
expect_rc 3
expect_stderr_fixed '1800'

note "DP fileSize that is wrong: integrity failure"
BAD=$(dp_key wrong 999 jpg)
prov_ctl ekuaibao "$(K=$BAD "$PYTHON" -c 'import json, os
print(json.dumps({"attachments": [{"id": "9", "key": os.environ["K"], "file": "dp.bin"}]}))')" >/dev/null
run --retry-delay 0.05 "ekuaibao:9:$BAD"
expect_rc 6
expect_no_file wrong.jpg

note "bad locators"
for bad in 'ekuaibao:' 'ekuaibao:id' 'ekuaibao::key' 'ekuaibao:id:'; do
  run "$bad"
  expect_rc 2
  expect_stderr_fixed 'ekuaibao:ID:KEY'
done
expect_no_prov_secret ekuaibao
t_pass
