#!/usr/bin/env bash
# t-tcb-ok: cloud://ENV.BUCKET/PATH files are resolved through
# batchdownloadfile (one call, env from the locator, max_age from
# tcb.max_age), named after the fileid's last segment, downloaded intact;
# --resolve-only and --json name the provider "tcb".
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-prov.sh"
t_setup
prov_setup tcb
mkfile root/A.png 300K
mkfile root/dir/b.bin 1M
L1=$(tcb_loc A.png)
L2=$(tcb_loc dir/b.bin)

note "two files, one call"
run --json --retry-delay 0.05 "$L1" "$L2"
expect_rc 0
expect_same A.png root/A.png
expect_same b.bin root/dir/b.bin
expect_stat tcb 's["batch_calls"] == 1 and s["batch_sizes"] == [2]' "one call for both"
expect_stat tcb 's["envs"] == ["test2-4a89da"] and s["max_ages"] == [7200, 7200]' "env and max_age"
expect_stat tcb 's["token_calls"] == 0' "no token fetched (one is configured)"
export L1 L2
expect_json 'by_loc(E["L1"])["provider"] == "tcb" and by_loc(E["L1"])["status"] == "ok" and by_loc(E["L2"])["output"] == "b.bin"'
expect_log 'len(gets("/tcb-store/A.png")) == 1 and gets("/tcb-store/A.png")[0]["query"].startswith("sign=")' \
  "the storage URL was fetched as signed"

note "tcb.max_age and --resolve-only"
run --resolve-only --set tcb.max_age=600 "$L1"
expect_rc 0
expect_json 'j[0]["provider"] == "tcb" and j[0]["name"] == "A.png" and "sign=***" in j[0]["url"] and j[0]["expires_at"] is not None'
expect_stat tcb 's["max_ages"][-1] == 600' "max_age 600 sent"

note "tcb.env overrides the locator's env"
prov_ctl tcb '{"check_env": false}' >/dev/null
run --resolve-only --set tcb.env=other-env "$L1"
expect_rc 0
expect_stat tcb 's["envs"][-1] == "other-env"' "env from tcb.env"

note "bad locators"
for bad in 'cloud://nodot/A.png' 'cloud://e.b' 'cloud://e.b/'; do
  run "$bad"
  expect_rc 2
  expect_stderr_fixed 'cloud://ENV.BUCKET/PATH'
done
expect_no_prov_secret tcb
t_pass
