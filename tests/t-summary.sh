#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-summary: a run of more than one locator ends with the line of CLI.md
# "End of run" on stderr: "sigfetch: N files: A ok, B skipped, C failed
# (K kind, ...); BYTES received in S s", the parenthesis only when C > 0,
# the kinds being the --json error kinds; one locator, -q, or
# --resolve-only print no such line.
. "$(dirname "$0")/lib.sh"
t_setup
mkfile root/a.bin 100K
mkfile root/b.bin 50K
mkfile root/c.bin 2M
sha_a=$(sha1sum root/a.bin | cut -c1-40)
sha_c=$(sha1sum root/c.bin | cut -c1-40)
bad=$(bad_hex "$(sha1sum root/b.bin | cut -c1-40)")
summary_re='^sigfetch: [0-9]+ files: [0-9]+ ok, [0-9]+ skipped, [0-9]+ failed'

note "ok, skipped, a 404 and a checksum mismatch"
mkdir mix
cp root/a.bin mix/a.bin
cat >list <<EOF2
{"locator":"$BASE/files/a.bin","sha1":"$sha_a"}
$BASE/files/c.bin
$BASE/files/missing.bin
{"locator":"$BASE/files/b.bin","sha1":"$bad"}
EOF2
run --json --retries 0 -P mix -i list
expect_rc 5
grep -E "$summary_re" err >summary || fail "no end-of-run line"
[ "$(wc -l <summary)" = 1 ] || fail "more than one end-of-run line"
# received: c.bin (2 MiB) and b.bin (50 KiB), nothing for the skipped one
grep -E -x 'sigfetch: 4 files: 1 ok, 1 skipped, 2 failed \(1 network, 1 integrity\); 2\.0 MiB received in [0-9]+\.[0-9] s' summary ||
  fail "end-of-run line: $(cat summary)"
[ "$(tail -n 1 err)" = "$(cat summary)" ] || fail "the end-of-run line is not the last line"
expect_json '[o["status"] for o in j] == ["skipped", "ok", "failed", "failed"] or sorted(o["status"] for o in j) == ["failed", "failed", "ok", "skipped"]'
# the kinds are the --json ones
expect_json 'sorted(o["error"]["kind"] for o in j if o["status"] == "failed") == ["integrity", "network"]'

note "all ok: no parenthesis"
mkdir ok
run -P ok "$BASE/files/a.bin" "$BASE/files/b.bin"
expect_rc 0
grep -E -x 'sigfetch: 2 files: 2 ok, 0 skipped, 0 failed; 150\.0 KiB received in [0-9]+\.[0-9] s' err ||
  fail "end-of-run line for two ok files: $(grep -E "$summary_re" err)"

note "bytes below 1 KiB are shown in B; all skipped"
cat >list2 <<EOF2
{"locator":"$BASE/files/a.bin","sha1":"$sha_a"}
{"locator":"$BASE/files/c.bin","sha1":"$sha_c"}
EOF2
mkdir sk
cp root/a.bin root/c.bin sk/
run -P sk -i list2
expect_rc 0
grep -E -x 'sigfetch: 2 files: 0 ok, 2 skipped, 0 failed; 0 B received in [0-9]+\.[0-9] s' err ||
  fail "end-of-run line for two skipped files: $(grep -E "$summary_re" err)"

note "one locator: no end-of-run line"
mkdir one
run -P one "$BASE/files/a.bin"
expect_rc 0
expect_no_stderr 'files:'

note "-q: no end-of-run line"
mkdir q
run -q -P q "$BASE/files/a.bin" "$BASE/files/missing.bin"
expect_rc 5
expect_no_stderr 'files:'

note "--resolve-only: no end-of-run line"
run --resolve-only "$BASE/files/a.bin" "$BASE/files/b.bin"
expect_rc 0
expect_no_stderr 'files:'
t_pass
