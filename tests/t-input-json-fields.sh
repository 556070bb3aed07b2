#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-input-json-fields: the members of an -i JSON line act on that line only:
# "output" (relative: inside -P, parent directories created; absolute: as
# given), "sha1"/"sha256"/"md5"/"size" are checked (a wrong one is exit 6 for
# that line, the others still download), "headers" are sent on that line's
# request and no other, while -H goes on every request.
. "$(dirname "$0")/lib.sh"
t_setup
mkfile root/a.bin 30001
mkfile root/b.bin 40002
mkfile root/c.bin 50003
mkfile root/d.bin 60004
A1=$(sha1_of root/a.bin)
B256=$(sha256_of root/b.bin)
BMD5=$(md5_of root/b.bin)
C1=$(sha1_of root/c.bin)
export A1 C1
mkdir dl abs

note "every member right"
upper() { echo "$1" | tr a-f A-F; }
cat >list <<EOF
{"locator":"$BASE/files/a.bin","output":"deep/er/a-out.bin","sha1":"$A1","size":30001,"headers":{"X-Line":"one","X-Only-A":"yes"}}
{"locator":"$BASE/files/b.bin","sha256":"$B256","md5":"$(upper "$BMD5")","headers":{"X-Line":"two"}}
{"output":"$T_DIR/abs/c-abs.bin","locator":"$BASE/files/c.bin","sha1":"$(upper "$C1")"}
{"locator":"$BASE/files/d.bin"}
EOF
run --json --retry-delay 0.05 -H 'X-All: everywhere' -P dl -i list
expect_rc 0
expect_same dl/deep/er/a-out.bin root/a.bin
expect_same dl/b.bin root/b.bin
expect_same abs/c-abs.bin root/c.bin
expect_same dl/d.bin root/d.bin
expect_no_file dl/a.bin dl/a-out.bin dl/c-abs.bin a-out.bin
expect_json 'len(j) == 4 and all(o["status"] == "ok" for o in j)' "four ok lines"
expect_json 'by_loc(E["BASE"] + "/files/a.bin")["sha1"] == E["A1"]' "a's sha1"
expect_log 'all(e["headers"].get("x-all") == "everywhere" for e in r if e["path"].startswith("/files/"))' \
  "-H on every request"
expect_log 'gets("/files/a.bin")[0]["headers"].get("x-line") == "one" and gets("/files/a.bin")[0]["headers"].get("x-only-a") == "yes"' \
  "a's request has a's headers"
expect_log 'gets("/files/b.bin")[0]["headers"].get("x-line") == "two" and "x-only-a" not in gets("/files/b.bin")[0]["headers"]' \
  "b's request has b's header only"
expect_log 'all("x-line" not in e["headers"] and "x-only-a" not in e["headers"] for p in ("/files/c.bin", "/files/d.bin") for e in gets(p))' \
  "c and d get no line header"

# wrong_case WHAT MEMBERS: one line for a.bin with MEMBERS that do not
# match, then a good line for d.bin: exit 6, a not written, d written.
wrong_case()
{
  note "$1"
  rm -rf dl && mkdir dl
  cat >list <<EOF
{"locator":"$BASE/files/a.bin","output":"wrong.bin",$2}
{"locator":"$BASE/files/d.bin"}
EOF
  run --json --retry-delay 0.05 -P dl -i list
  expect_rc 6
  expect_no_file dl/wrong.bin
  expect_no_partial dl/wrong.bin
  expect_same dl/d.bin root/d.bin
  expect_json 'by_loc(E["BASE"] + "/files/a.bin")["status"] == "failed" and by_loc(E["BASE"] + "/files/a.bin")["error"]["exit_code"] == 6' \
    "a failed with exit_code 6 ($1)"
  expect_json 'by_loc(E["BASE"] + "/files/d.bin")["status"] == "ok"' \
    "d ok ($1)"
}

wrong_case "wrong sha1" "\"sha1\":\"$(bad_hex "$A1")\""
wrong_case "wrong size" '"size":30000'
wrong_case "wrong sha256" "\"sha256\":\"$(bad_hex "$(sha256_of root/a.bin)")\""
wrong_case "wrong md5" "\"md5\":\"$(bad_hex "$(md5_of root/a.bin)")\""
wrong_case "right sha1, wrong md5" \
  "\"sha1\":\"$A1\",\"md5\":\"$(bad_hex "$(md5_of root/a.bin)")\""

note "a line's sha1 does not leak to the next line"
rm -rf dl && mkdir dl
cat >list <<EOF
{"locator":"$BASE/files/a.bin","sha1":"$A1"}
{"locator":"$BASE/files/c.bin"}
EOF
run --json --retry-delay 0.05 -P dl -i list
expect_rc 0
expect_same dl/c.bin root/c.bin
t_pass
