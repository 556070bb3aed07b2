#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-skip-existing: --skip-existing reports an existing output "skipped"
# without downloading or checking it (even one that no longer matches);
# when its name is known before resolving (a list line's "output", a
# direct URL's last segment, -o) the locator is not resolved either: no
# provider call, no request at all.  A provider locator whose name comes
# from the provider is resolved (one call) but not downloaded.  A
# missing output is downloaded as usual.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-kdocs.sh"
t_setup
kdocs_setup
mkfile root/d1.bin 100000
mkfile root/d2.bin 100001
mkfile root/k1.bin 100002
mkfile root/k2.bin 100003
kdocs_ctl '{"files":{"tokOne":"k1.bin","tokTwo":"k2.bin"}}'
cat >list <<EOF2
$BASE/files/d1.bin?sig=SEKRETq1
{"locator":"$BASE/files/d2.bin"}
{"locator":"kdocs:personal/tokOne","output":"k1.bin"}
kdocs:personal/tokTwo
EOF2

run --json -i list
expect_rc 0
expect_same d1.bin root/d1.bin
expect_same k1.bin root/k1.bin
expect_same tokTwo root/k2.bin

note "d1.bin changed: without --skip-existing the rerun refuses it"
printf 'X' | dd of=d1.bin bs=1 seek=10 conv=notrunc 2>/dev/null
run --json -i list
expect_rc 7

note "--skip-existing: nothing fetched, names known before resolving"
note "are not resolved"
log_mark
run --json --skip-existing -i list
expect_rc 0
expect_json 'len(j) == 4 and all(o["status"] == "skipped" for o in j)' \
  "four skipped"
expect_json 'all(o["bytes_transferred"] == 0 for o in j)' "no byte received"
expect_json '[o["output"] for o in j] == ["d1.bin", "d2.bin", "k1.bin", "tokTwo"]' \
  "in input order"
expect_log 'len(new_reqs("/files/d1.bin")) + len(new_reqs("/files/d2.bin")) == 0' \
  "no request for the direct URLs"
expect_log "len(new_reqs(E['KD_PERSONAL'] + '/tokOne/download')) == 0" \
  "no provider call for the line with an output"
expect_log "len(new_reqs(E['KD_PERSONAL'] + '/tokTwo/download')) == 1" \
  "one provider call for the name only the provider knows"
expect_log 'len([e for e in r if e["t_start"] >= mark and e["path"].startswith("/kdocs-store/")]) == 0' \
  "no storage GET"

note "-o with a name given: not resolved either"
log_mark
run --json --skip-existing -o k1.bin kdocs:personal/tokOne
expect_rc 0
expect_json 'j[0]["status"] == "skipped" and j[0]["size"] == 100002' \
  "skipped, its size reported"
expect_log 'len([e for e in r if e["t_start"] >= mark]) == 0' "no request at all"

note "--overwrite wins over --skip-existing"
log_mark
run --json --skip-existing --overwrite "$BASE/files/d1.bin"
expect_rc 0
expect_same d1.bin root/d1.bin
expect_json 'j[0]["status"] == "ok"' "replaced"

note "missing outputs are fetched"
rm -f d2.bin tokTwo
log_mark
run --json --skip-existing -i list
expect_rc 0
expect_same d2.bin root/d2.bin
expect_same tokTwo root/k2.bin
expect_json 'sorted(o["status"] for o in j) == ["ok", "ok", "skipped", "skipped"]' \
  "two ok, two skipped"
expect_log 'len(new_gets("/files/d2.bin")) == 1 and len(new_reqs("/files/d1.bin")) == 0' \
  "only d2.bin requested"
expect_no_kdocs_secret
T_SECRET_OK=list expect_no_secret SEKRETq1
t_pass
