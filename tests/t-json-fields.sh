#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-json-fields: every --json line has "index" (1-based: the line of the -i
# file, blank and comment lines counted, else the position among the
# locator arguments), "http_status" (the last status the storage
# answered: 200, 206 on a resume, 404 for a missing file, null when no
# request was made) and "finished_at" (RFC 3339 UTC, whole seconds,
# within the run).
. "$(dirname "$0")/lib.sh"
t_setup
mkfile root/a.bin 100K
mkfile root/b.bin 20K
mkfile root/c.bin 1M
sha_b=$(sha1sum root/b.bin | cut -c1-40)

note "locator arguments: index is the position, a 404 has http_status 404"
mkdir d1
t0=$(date -u +%s)
run --json --retries 0 -P d1 "$BASE/files/a.bin" "$BASE/files/missing.bin" \
  "$BASE/files/b.bin"
t1=$(date -u +%s)
expect_rc 5
expect_json 'sorted(o["index"] for o in j) == [1, 2, 3]'
expect_json 'by_loc(E["BASE"] + "/files/a.bin")["index"] == 1 and by_loc(E["BASE"] + "/files/missing.bin")["index"] == 2 and by_loc(E["BASE"] + "/files/b.bin")["index"] == 3'
expect_json 'by_loc(E["BASE"] + "/files/missing.bin")["http_status"] == 404' \
  "the failed one's http_status is 404"
expect_json 'by_loc(E["BASE"] + "/files/a.bin")["http_status"] == 200'
T0=$t0 T1=$t1 expect_json 'all(__import__("re").fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", o["finished_at"]) and int(E["T0"]) - 1 <= __import__("calendar").timegm(__import__("time").strptime(o["finished_at"], "%Y-%m-%dT%H:%M:%SZ")) <= int(E["T1"]) + 1 for o in j)' \
  "finished_at: RFC 3339 UTC whole seconds, within the run"

note "-i with comments and blank lines: index is the line number"
mkdir d2
cp root/b.bin d2/b.bin
cat >list <<EOF2
# a comment

$BASE/files/a.bin
   
# another
{"locator":"$BASE/files/b.bin","sha1":"$sha_b"}
$BASE/files/missing.bin
EOF2
run --json --retries 0 -P d2 -i list
expect_rc 5
expect_json 'by_loc(E["BASE"] + "/files/a.bin")["index"] == 3' "a.bin on line 3"
expect_json 'by_loc(E["BASE"] + "/files/b.bin")["index"] == 6' "b.bin on line 6"
expect_json 'by_loc(E["BASE"] + "/files/missing.bin")["index"] == 7' "missing.bin on line 7"
expect_json 'by_loc(E["BASE"] + "/files/b.bin")["status"] == "skipped" and by_loc(E["BASE"] + "/files/b.bin")["http_status"] is None' \
  "a skipped file without a request: http_status null"
expect_json 'by_loc(E["BASE"] + "/files/missing.bin")["http_status"] == 404'

note "a resumed download: http_status 206"
fault '{"path":"/files/c.bin","fault":"drop","after":300000}'
mkdir d3
run --json --retries 0 -P d3 "$BASE/files/c.bin"
expect_rc 5
run --json --retries 0 -P d3 "$BASE/files/c.bin"
expect_rc 0
expect_same d3/c.bin root/c.bin
expect_json 'j[0]["resumed_from"] > 0 and j[0]["http_status"] == 206 and j[0]["index"] == 1'
t_pass
