#!/usr/bin/env bash
# t-ekuaibao-notfound: an attachment Ekuaibao does not list ([] or simply
# absent from the array) fails alone with exit 4 "not found"; answers are
# matched by id and key, not position; the fake refuses 101 items.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-prov.sh"
t_setup
prov_setup ekuaibao
mkfile root/a.bin 60K
mkfile root/b.bin 70K
prov_ctl ekuaibao '{"attachments": [{"id": "A", "key": "k/a.txt", "file": "a.bin"}, {"id": "B", "key": "k/b.txt", "file": "b.bin"}]}' >/dev/null

note "[]: nothing known"
run --json ekuaibao:Z:k/z.txt
expect_rc 4
expect_stderr -i 'does not know'
expect_json 'j[0]["error"]["exit_code"] == 4 and j[0]["error"]["kind"] == "provider"'

note "right id, wrong key"
run ekuaibao:A:k/other.txt
expect_rc 4

note "one unknown among three; answers in another order"
run --json --retry-delay 0.05 ekuaibao:B:k/b.txt ekuaibao:Z:k/z.txt ekuaibao:A:k/a.txt
expect_rc 4
expect_same b.txt root/b.bin
expect_same a.txt root/a.bin
expect_json 'sum(1 for o in j if o["status"] == "ok") == 2'
expect_stat ekuaibao 's["batch_sizes"][-1] == 3' "one call for the three"

note "the fake refuses 101 items with HTTP 400"
code=$("$PYTHON" - "$BASE" "$EKB_TOKEN" <<'PY'
import json, sys, urllib.request, urllib.error
base, tok = sys.argv[1], sys.argv[2]
body = [{"id": str(i), "key": "k", "expiration": 60} for i in range(101)]
req = urllib.request.Request(base + "/api/openapi/v2/attachment/downloadurls?accessToken=" + tok,
                             data=json.dumps(body).encode(), method="POST")
try:
    urllib.request.urlopen(req, timeout=5)
    print(200)
except urllib.error.HTTPError as e:
    print(e.code)
PY
)
[ "$code" = 400 ] || fail "101 items: HTTP $code, expected 400"

note "150 locators: two calls of at most 100"
locs=()
for i in $(seq 1 150); do locs+=("ekuaibao:N$i:k/n$i"); done
run --resolve-only "${locs[@]}"
expect_rc 4
expect_stat ekuaibao 's["batch_sizes"][-2:] == [100, 50]' "100 + 50"
expect_no_prov_secret ekuaibao
t_pass
