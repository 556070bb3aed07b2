#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-ekuaibao-fresh-403: a token refused (HTTP 403) less than 5 s after it
# was issued is tried once more after a pause of 2 x --retry-delay before
# it is renewed (Ekuaibao changelog 1.17.0); a configured token is renewed
# at once.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-prov.sh"
t_setup
prov_setup ekuaibao
mkfile root/r.bin 100K
ATT='"attachments": [{"id": "A1", "key": "files/r.pdf", "file": "r.bin"}]'
R403='"reply": {"status": 403, "body": "{\"errorCode\":403,\"errorMessage\":\"accessToken invalid\"}"'
L=ekuaibao:A1:files/r.pdf
API=/api/openapi/v2/attachment/downloadurls
export API

note "a just-issued token refused once: one pause, the same token, ok"
use_app_credentials ekuaibao
prov_ctl ekuaibao "{$ATT, $R403, \"count\": 1}}" >/dev/null
log_mark
run --json --retry-delay 0.05 "$L"
expect_rc 0
expect_same r.pdf root/r.bin
expect_stat ekuaibao 's["token_calls"] == 1 and s["calls"] == 2' \
  "one getAccessToken, two calls"
expect_log '[e["status"] for e in new_reqs(E["API"])] == [403, 200]' "403, then ok"
expect_log 'len(set(e["query"] for e in new_reqs(E["API"]))) == 1' \
  "the same token both times"
expect_stderr_fixed 'issued moments ago was refused; trying it once more'
awk -v e="$elapsed" 'BEGIN { exit !(e >= 0.1) }' ||
  fail "no pause before the second try (run took ${elapsed}s)"
rm -f r.pdf

note "refused twice: then renewed"
rm -rf xdg/cache
prov_setup ekuaibao
use_app_credentials ekuaibao
prov_ctl ekuaibao "{$ATT, $R403, \"count\": 2}}" >/dev/null
run --json --retry-delay 0.05 "$L"
expect_rc 0
expect_same r.pdf root/r.bin
expect_stat ekuaibao 's["token_calls"] == 2 and s["calls"] == 3' \
  "a second getAccessToken after the second refusal"
rm -f r.pdf

note "a configured token refused: renewed without a pause"
rm -rf xdg/cache
prov_setup ekuaibao
export SIGFETCH_EKUAIBAO_ACCESS_TOKEN=$EKB_TOKEN
prov_ctl ekuaibao "{$ATT, $R403, \"count\": 1}}" >/dev/null
run --json --retry-delay 0.05 "$L"
expect_rc 0
expect_same r.pdf root/r.bin
expect_no_stderr 'once more'
expect_stat ekuaibao 's["calls"] == 2' "the renewed token's call"
expect_no_prov_secret ekuaibao
t_pass
