#!/usr/bin/env bash
# t-prov-secrets: for TCB, Ekuaibao (DP headers too) and Fxiaoke, no
# configured credential, no token a provider issued and no storage
# signature reaches stdout, stderr (-v), --json, --resolve-only, a state
# file (during a run and after it) or the process's argument list; -v
# shows them as ***.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-prov.sh"
t_setup
prov_setup tcb ekuaibao fxiaoke
use_app_credentials tcb
use_app_credentials ekuaibao
use_app_credentials fxiaoke
mkfile root/big.bin 2M
KEY=$(dp_key dp 2097152 bin)
prov_ctl ekuaibao "$(K=$KEY "$PYTHON" -c 'import json, os
print(json.dumps({"attachments": [{"id": "D", "key": os.environ["K"], "file": "big.bin"}, {"id": "O", "key": "k/big.bin", "file": "big.bin"}]}))')" >/dev/null
LT=$(tcb_loc big.bin)
LD="ekuaibao:D:$KEY"
LO=ekuaibao:O:k/big.bin
LF=fxiaoke:big.bin
for p in /tcb-store/big.bin /yundisk0/big.bin /ekb-oss/big.bin /fxk-store/big.bin; do
  fault '{"path":"'"$p"'","fault":"rate","bps":120000,"count":1}'
done

n=0
for L in "$LT" "$LD" "$LO" "$LF"; do
  n=$((n + 1))
  note "$L: killed during the transfer"
  run_bg bg -v --json --retry-delay 0.05 -o "out$n.bin" "$L"
  wait_for_size "out$n.bin.sfpart" 100000 10
  expect_exists "out$n.bin.sfstate"
  ps -ww -o args= -p "$BG_PID" >"ps$n.txt" || fail "ps failed"
  expect_no_prov_secret tcb ekuaibao fxiaoke
  kill -9 "$BG_PID"
  wait_bg 10
  expect_partial "out$n.bin"
  expect_no_prov_secret tcb ekuaibao fxiaoke

  note "$L: resumed"
  run -v --json --retry-delay 0.05 -o "out$n.bin" "$L"
  expect_rc 0
  expect_same "out$n.bin" root/big.bin
  expect_json 'j[0]["resumed_from"] > 0'
  cp err "err$n.txt"
  cp out "out$n.txt"
  expect_no_prov_secret tcb ekuaibao fxiaoke
done
grep -q 'access_token=\*\*\*' err1.txt || fail "-v does not show access_token=*** (TCB)"
grep -q 'accessToken=\*\*\*' err2.txt || fail "-v does not show accessToken=*** (Ekuaibao)"
grep -qi 'authorization: \*\*\*' err2.txt || fail "-v does not show Authorization: *** (DP)"
grep -qi 'x-oss-date: \*\*\*' err2.txt || fail "-v does not show x-oss-date: *** (DP)"
grep -q 'Signature=\*\*\*' err3.txt || fail "-v does not show Signature=***"
grep -q 'thirdTraceId=\*\*\*' err4.txt || fail "-v does not show thirdTraceId=***"

note "--resolve-only, and --show-secrets is the one way to see them"
run --resolve-only "$LT" "$LD" "$LO" "$LF"
expect_rc 0
expect_no_prov_secret tcb ekuaibao fxiaoke
run --resolve-only --show-secrets "$LD"
expect_rc 0
expect_json 'j[0]["headers"]["Authorization"].startswith("OSS LTAIfake:")'
rm -f out
expect_no_prov_secret tcb ekuaibao fxiaoke
t_pass
