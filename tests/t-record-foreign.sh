#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-record-foreign: a verified record on a file sigfetch did not write is
# not trusted.  Another user who can create files in a shared output
# directory plants a wrong file with a hand-made record (a stamp that
# matches it, the sha1 the run expects, this locator): the file is
# hashed and refused (exit 7), never reported "skipped".  Needs root to
# give the file another owner.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-backup.sh"
t_setup
xattrs_work "$T_DIR" ||
  t_skip "the file system of $T_DIR keeps no user extended attributes"
[ "$(id -u)" = 0 ] || t_skip "needs root to plant a file owned by another user"
mkfile root/a.bin 64K
export SHA1; SHA1=$(sha1_of root/a.bin)
URL="$BASE/files/a.bin"

plant()
{
  rm -f a.bin
  head -c 65536 /dev/zero >a.bin
  chown 65534:65534 a.bin || t_skip "cannot chown"
  xattr_set a.bin user.xdg.origin.url "$URL"
  xattr_set a.bin user.sigfetch.sha1 "$SHA1"
  xattr_set a.bin user.sigfetch.stamp "$(stamp_of a.bin)"
}

note "foreign record naming the expected sha1: hashed, refused"
plant
run --json --sha1 "$SHA1" "$URL"
expect_rc 7
expect_json 'j[0]["status"] == "failed"' "failed, not skipped"
expect_stderr "does not match"

note "foreign record naming this locator, no expectation: refused"
plant
run --json "$URL"
expect_rc 7
expect_json 'j[0]["status"] == "failed"' "failed, not skipped"

note "--skip-existing does not report the foreign record's sha1"
plant
run --json --skip-existing "$URL"
expect_rc 0
expect_json 'j[0]["status"] == "skipped" and j[0]["sha1"] != E["SHA1"]' \
  "skipped without the planted sha1"

note "our own file with its record: still trusted"
rm -f a.bin
run "$URL"
expect_rc 0
run --json "$URL"
expect_rc 0
expect_json 'j[0]["status"] == "skipped"' "skipped"
t_pass
