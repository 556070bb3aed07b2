#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-record: every committed output carries the verified record
# (user.xdg.origin.url without the query, user.sigfetch.sha1,
# user.sigfetch.stamp = SIZE:MTIME_NS); a rerun with no expectation skips
# it when the record names the same locator, and a rerun with --sha1 or
# --size compares with the record: neither reads the file (rchar far
# below its size).  A record that is tampered with (sha1 not hex, another
# sha1, a garbage stamp, a stamp made stale by touch or by a rewrite) is
# never trusted: the file is hashed, or the run refuses as before.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-backup.sh"
t_setup
xattrs_work "$T_DIR" ||
  t_skip "the file system of $T_DIR keeps no user extended attributes"
SZ=$((4 * 1048576))
mkfile root/a.bin 4M
export SHA1; SHA1=$(sha1_of root/a.bin)
URL="$BASE/files/a.bin"

note "first download: the record"
run --json "$URL?sig=SEKRETsig1"
expect_rc 0
expect_same a.bin root/a.bin
[ "$(xattr_get a.bin user.xdg.origin.url)" = "$URL" ] ||
  fail "user.xdg.origin.url is '$(xattr_get a.bin user.xdg.origin.url)'"
[ "$(xattr_get a.bin user.sigfetch.sha1)" = "$SHA1" ] ||
  fail "user.sigfetch.sha1 is '$(xattr_get a.bin user.sigfetch.sha1)'"
[ "$(xattr_get a.bin user.sigfetch.stamp)" = "$(stamp_of a.bin)" ] ||
  fail "stamp '$(xattr_get a.bin user.sigfetch.stamp)' is not $(stamp_of a.bin)"
expect_no_secret SEKRETsig1

note "rerun, no expectation: the record names this locator"
server_reset
run_io --json "$URL?sig=other"
expect_rc 0
expect_json 'j[0]["status"] == "skipped" and j[0]["sha1"] == E["SHA1"]' \
  "skipped with the recorded sha1"
[ "$rchar" -lt $((SZ / 4)) ] || fail "read $rchar bytes: the file was read"
expect_log 'len(gets("/files/a.bin")) == 0' "no GET"

note "rerun with --sha1 and --size: compared with the record"
run_io --json --sha1 "$SHA1" --size "$SZ" "$URL"
expect_rc 0
expect_json 'j[0]["status"] == "skipped"' "skipped"
[ "$rchar" -lt $((SZ / 4)) ] || fail "read $rchar bytes: the file was read"

note "the same file under another locator, no expectation: exit 7"
run -o a.bin "$BASE/files/a.bin.other"
expect_rc 7

note "sha1 attribute not hex: hashed, never trusted"
xattr_set a.bin user.sigfetch.sha1 "zz${SHA1:2}"
run_io --json --sha1 "$SHA1" "$URL"
expect_rc 0
expect_json 'j[0]["status"] == "skipped" and j[0]["sha1"] == E["SHA1"]' \
  "skipped after hashing"
[ "$rchar" -ge "$SZ" ] || fail "read only $rchar bytes: the file was not hashed"
run "$URL"
expect_rc 7

note "another valid sha1 in the record: hashed, the file still matches"
xattr_set a.bin user.sigfetch.sha1 "$(bad_hex "$SHA1")"
run_io --json --sha1 "$SHA1" "$URL"
expect_rc 0
expect_json 'j[0]["status"] == "skipped" and j[0]["sha1"] == E["SHA1"]' \
  "skipped with the file's real sha1"
[ "$rchar" -ge "$SZ" ] || fail "read only $rchar bytes: the file was not hashed"
xattr_set a.bin user.sigfetch.sha1 "$SHA1"

for bad in "garbage" "$SZ:" ":1" "$(stamp_of a.bin)x" "$(stamp_of a.bin) "; do
  note "stamp '$bad': hashed"
  xattr_set a.bin user.sigfetch.stamp "$bad"
  run_io --json --sha1 "$SHA1" "$URL"
  expect_rc 0
  [ "$rchar" -ge "$SZ" ] ||
    fail "stamp '$bad': read only $rchar bytes: the file was not hashed"
  run "$URL"
  expect_rc 7
done
xattr_set a.bin user.sigfetch.stamp "$(stamp_of a.bin)"
run_io "$URL"
expect_rc 0
[ "$rchar" -lt $((SZ / 4)) ] || fail "restored record not used ($rchar)"

note "touch: the stamp is stale"
touch a.bin
run_io --json --sha1 "$SHA1" "$URL"
expect_rc 0
[ "$rchar" -ge "$SZ" ] || fail "after touch: read only $rchar bytes"
run "$URL"
expect_rc 7
expect_stderr "exists"

note "rewritten with the same size and the old mtime restored but another"
note "nanosecond: hashed and refused (exit 7), the mismatch reported"
"$PYTHON" -c 'import os, sys
p = sys.argv[1]
st = os.stat(p)
with open(p, "r+b") as f:
    f.seek(100)
    f.write(b"X")
os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns + 1))' a.bin
run_io --sha1 "$SHA1" "$URL"
expect_rc 7
[ "$rchar" -ge "$SZ" ] || fail "rewritten file: read only $rchar bytes"
expect_stderr "does not match"
t_pass
