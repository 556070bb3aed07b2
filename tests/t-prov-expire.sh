#!/usr/bin/env bash
# t-prov-expire: a TCB, Ekuaibao (query-signed) or Fxiaoke storage
# signature that expires in the middle of a transfer is resolved again
# (one more provider call) and the transfer resumes with Range; the file
# is exact.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-prov.sh"
t_setup
prov_setup tcb ekuaibao fxiaoke
mkfile root/big.bin 1500K
prov_ctl ekuaibao '{"attachments": [{"id": "O", "key": "k/big.bin", "file": "big.bin"}]}' >/dev/null

check()
{
  local prov=$1 path=$2 calls=$3 out=$4
  shift 4
  prov_ctl "$prov" '{"expire_after": 600000, "expire_count": 1}' >/dev/null
  run --json --retry-delay 0.05 -o "$out" "$@"
  expect_rc 0
  expect_same "$out" root/big.bin
  expect_stat "$prov" "s[\"$calls\"] == 2" "$prov resolved twice"
  export P=$path
  expect_log 'gets(E["P"])[0]["bytes_sent"] == 600000 and any(e["status"] == 403 for e in gets(E["P"]))' \
    "$prov: cut at 600000, then 403"
  expect_log 'gets(E["P"])[-1]["range"] == "bytes=600000-" and gets(E["P"])[-1]["status"] == 206' \
    "$prov: resumed at 600000"
  expect_json 'j[0]["resumed_from"] == 600000 and j[0]["bytes_transferred"] == 1536000'
}

note "TCB"
check tcb /tcb-store/big.bin batch_calls t.bin "$(tcb_loc big.bin)"
note "Ekuaibao"
check ekuaibao /ekb-oss/big.bin calls e.bin ekuaibao:O:k/big.bin
note "Fxiaoke"
check fxiaoke /fxk-store/big.bin calls f.bin fxiaoke:big.bin
expect_no_prov_secret tcb ekuaibao fxiaoke
t_pass
