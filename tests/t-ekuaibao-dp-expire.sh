#!/usr/bin/env bash
# t-ekuaibao-dp-expire: the DingTalk-drive header pair expires in the
# middle of a transfer (the storage cuts the body, then answers 403
# RequestTimeTooSkewed): sigfetch resolves again (a second downloadurls
# call), resumes with Range and the new headers, and the file is exact.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-prov.sh"
t_setup
prov_setup ekuaibao
mkfile root/big.bin 2M
KEY=$(dp_key big 2097152 bin)
prov_ctl ekuaibao "$(K=$KEY "$PYTHON" -c 'import json, os
print(json.dumps({"expire_after": 700000, "expire_count": 1, "attachments": [{"id": "D2", "key": os.environ["K"], "file": "big.bin"}]}))')" >/dev/null

run --json --retry-delay 0.05 "ekuaibao:D2:$KEY"
expect_rc 0
expect_same big.bin root/big.bin
expect_no_partial big.bin
expect_stat ekuaibao 's["calls"] == 2' "resolved twice"
expect_log 'gets("/yundisk0/big.bin")[0]["bytes_sent"] == 700000' "the first pair served 700000 bytes"
expect_log 'any(e["status"] == 403 for e in gets("/yundisk0/big.bin"))' "then 403 (expired)"
expect_log 'gets("/yundisk0/big.bin")[-1]["status"] == 206 and gets("/yundisk0/big.bin")[-1]["range"] == "bytes=700000-"' \
  "resumed at 700000"
expect_log 'gets("/yundisk0/big.bin")[-1]["headers"]["authorization"] != gets("/yundisk0/big.bin")[0]["headers"]["authorization"]' \
  "with a new Authorization"
expect_json 'j[0]["status"] == "ok" and j[0]["bytes_transferred"] == 2097152'
expect_stderr -i 'expired|resolving'
expect_no_prov_secret ekuaibao
t_pass
