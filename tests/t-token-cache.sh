#!/usr/bin/env bash
# t-token-cache: tokens fetched from app credentials are cached in
# $XDG_CACHE_HOME/sigfetch/ (directory 0700, one 0600 file per provider and
# app id, no secret in any file name) and reused by the next run; a token
# with less than 5 minutes left is renewed; concurrent runs fetch once
# (lock) and leave a valid cache; a configured token wins over app
# credentials; an unusable cache only costs a fetch.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-prov.sh"
t_setup
prov_setup tcb ekuaibao fxiaoke
mkfile root/a.bin 100K
prov_ctl ekuaibao '{"attachments": [{"id": "A", "key": "k/e.bin", "file": "a.bin"}]}' >/dev/null
use_app_credentials tcb
use_app_credentials ekuaibao
use_app_credentials fxiaoke
LT=$(tcb_loc a.bin)
LE=ekuaibao:A:k/e.bin
LF=fxiaoke:a.bin
C=xdg/cache/sigfetch

note "first run: one token per provider, cached"
run -o d1-t.bin "$LT"
expect_rc 0
run -P d1 "$LE"
expect_rc 0
run -o d1-f.bin "$LF"
expect_rc 0
expect_stat tcb 's["token_calls"] == 1' "one TCB token"
expect_stat ekuaibao 's["token_calls"] == 1' "one Ekuaibao token"
expect_stat fxiaoke 's["token_calls"] == 1' "one Fxiaoke token"
[ "$(stat -c %a "$C")" = 700 ] || fail "cache directory mode $(stat -c %a "$C")"
for f in "tcb-$TCB_APPID.json" "ekuaibao-$EKB_APP_KEY.json" "fxiaoke-$FXK_APP_ID.json"; do
  [ -f "$C/$f" ] || fail "no cache file $f (have: $(ls -A "$C"))"
  [ "$(stat -c %a "$C/$f")" = 600 ] || fail "$f mode $(stat -c %a "$C/$f")"
  "$PYTHON" -c 'import json, sys; json.load(open(sys.argv[1]))' "$C/$f" ||
    fail "$f is not JSON"
done
listing=$(ls -lA "$C")
for s in $(prov_secrets tcb ekuaibao fxiaoke); do
  case $listing in *"$s"*) fail "secret $s in the cache directory listing" ;; esac
done
grep -q "$(prov_stat tcb 's["issued"][0]')" "$C/tcb-$TCB_APPID.json" ||
  fail "the TCB cache does not hold the issued token"

note "second run: the cache is reused"
run -o d2-t.bin "$LT"
expect_rc 0
run -P d2 "$LE"
expect_rc 0
run -o d2-f.bin "$LF"
expect_rc 0
expect_same d2-t.bin root/a.bin
expect_stat tcb 's["token_calls"] == 1' "TCB token reused"
expect_stat ekuaibao 's["token_calls"] == 1' "Ekuaibao token reused"
expect_stat fxiaoke 's["token_calls"] == 1' "Fxiaoke token reused"

note "a configured token wins over app credentials"
export SIGFETCH_TCB_ACCESS_TOKEN=$TCB_TOKEN
rm -rf "$C"
run -o d3-t.bin "$LT"
expect_rc 0
expect_stat tcb 's["token_calls"] == 1' "no fetch with a configured token"
expect_no_file "$C/tcb-$TCB_APPID.json"
unset SIGFETCH_TCB_ACCESS_TOKEN

note "a token with less than 5 minutes left is renewed"
prov_ctl tcb '{"expires_in": 200, "revoke": true}' >/dev/null
run -o d4-t1.bin "$LT"
expect_rc 0
run -o d4-t2.bin "$LT"
expect_rc 0
expect_stat tcb 's["token_calls"] == 3' "two more fetches"
prov_ctl tcb '{"expires_in": 7200, "revoke": true}' >/dev/null

note "concurrent runs on an empty cache fetch once"
rm -rf "$C"
prov_ctl tcb '{"token_delay": 0.5}' >/dev/null
pids=
for i in 1 2 3 4; do
  "$SIGFETCH" -o c$i-t.bin "$LT" >"c$i.out" 2>"c$i.err" </dev/null &
  pids="$pids $!"
done
for p in $pids; do
  wait "$p" || fail "concurrent run $p failed: $(cat c*.err)"
done
for i in 1 2 3 4; do
  expect_same "c$i-t.bin" root/a.bin
done
expect_stat tcb 's["token_calls"] == 4' "one fetch for the four runs"
"$PYTHON" -c 'import json, sys; json.load(open(sys.argv[1]))' "$C/tcb-$TCB_APPID.json" ||
  fail "cache corrupted"
[ "$(ls -A "$C" | grep -c tmp)" = 0 ] || fail "temporary files left: $(ls -A "$C")"
rm -f c?.out c?.err
prov_ctl tcb '{"token_delay": 0}' >/dev/null

note "a group-readable cache directory is made private again"
chmod 755 "$C"
run -o d5-t.bin "$LT"
expect_rc 0
[ "$(stat -c %a "$C")" = 700 ] || fail "cache directory mode $(stat -c %a "$C")"

note "XDG_CACHE_HOME unset: ~/.cache/sigfetch"
(
  unset XDG_CACHE_HOME
  run -o d6-t.bin "$LT"
  expect_rc 0
  [ -f "$HOME/.cache/sigfetch/tcb-$TCB_APPID.json" ] || fail "no cache under ~/.cache"
  [ "$(stat -c %a "$HOME/.cache/sigfetch")" = 700 ] || fail "~/.cache/sigfetch mode"
) || exit 1
rm -rf "$HOME/.cache"

note "an unusable cache only costs a fetch"
before=$(prov_stat tcb 's["token_calls"]')
touch xdg/notadir
XDG_CACHE_HOME=$T_DIR/xdg/notadir run -o d7-t.bin "$LT"
expect_rc 0
XDG_CACHE_HOME=$T_DIR/xdg/notadir run -o d7-t2.bin "$LT"
expect_rc 0
expect_stat tcb "s[\"token_calls\"] == $before + 2" "a fetch per run"
expect_no_prov_secret tcb ekuaibao fxiaoke
t_pass
