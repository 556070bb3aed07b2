#!/usr/bin/env bash
# t-tcb-batch: 120 cloud:// files with -j 8 are resolved in exactly three
# batchdownloadfile calls (50 + 50 + 20, the provider's limit), answers
# matched by fileid whatever their order or id field; the fake provider
# itself refuses 51 files the way TCB does.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-prov.sh"
t_setup
prov_setup tcb
locs=()
for i in $(seq 1 120); do
  mkfile "root/many/f$i.bin" $((1000 + i * 37))
  locs+=("$(tcb_loc "many/f$i.bin")")
done

note "the fake refuses more than 50 files per call"
"$PYTHON" - "$BASE" "$TCB_TOKEN" >srv/direct.json <<'PY' || fail "direct call failed"
import json, sys, urllib.request
base, tok = sys.argv[1], sys.argv[2]
body = {"env": "e", "file_list": [{"fileid": "cloud://e.b/x%d" % i, "max_age": 60} for i in range(51)]}
req = urllib.request.Request(base + "/tcb/batchdownloadfile?access_token=" + tok,
                             data=json.dumps(body).encode(), method="POST")
print(urllib.request.urlopen(req, timeout=5).read().decode())
PY
grep -q '"errcode": -501007' srv/direct.json || fail "51 files not refused: $(cat srv/direct.json)"
prov_ctl tcb '{"reset": true, "tokens": ["'"$TCB_TOKEN"'"], "order": "reverse"}' >/dev/null

note "120 files, -j 8, answers in reverse order"
run --json -j 8 --retry-delay 0.05 -P out120 "${locs[@]}"
expect_rc 0
expect_stat tcb 's["batch_calls"] == 3' "exactly three batchdownloadfile calls"
expect_stat tcb 'sorted(s["batch_sizes"]) == [20, 50, 50]' "50 + 50 + 20"
for i in 1 2 49 50 51 99 100 101 120; do
  expect_same "out120/f$i.bin" "root/many/f$i.bin"
done
[ "$(ls out120 | wc -l)" = 120 ] || fail "expected 120 files in out120"
[ "$(json_query 'sum(1 for o in j if o["status"] == "ok")')" = 120 ] ||
  fail "expected 120 ok lines"

note "answers keyed by \"files\" (the seed's example)"
prov_ctl tcb '{"id_field": "files", "order": "reverse"}' >/dev/null
run -P outfiles "${locs[@]:0:5}"
expect_rc 0
for i in 1 2 3 4 5; do
  expect_same "outfiles/f$i.bin" "root/many/f$i.bin"
done

note "answers naming no file: request order"
prov_ctl tcb '{"id_field": null, "order": "same"}' >/dev/null
run -P outpos "${locs[@]:0:5}"
expect_rc 0
for i in 1 2 3 4 5; do
  expect_same "outpos/f$i.bin" "root/many/f$i.bin"
done
expect_no_prov_secret tcb
t_pass
