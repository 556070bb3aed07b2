#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-record-noxattr: on a file system without user extended attributes
# (ramfs: setxattr fails with ENOTSUP) a download still succeeds, silently
# and without a record; a rerun with --sha1 hashes the file (the old
# behaviour) and a rerun with no expectation refuses with exit 7.  Needs
# root to mount ramfs; skipped otherwise.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-backup.sh"
t_setup
mkdir mnt
mount -t ramfs ramfs "$T_DIR/mnt" 2>/dev/null ||
  t_skip "cannot mount ramfs (needs root or CAP_SYS_ADMIN)"
trap 'umount "$T_DIR/mnt" 2>/dev/null; t__cleanup' EXIT
xattrs_work "$T_DIR/mnt" &&
  t_skip "this kernel's ramfs keeps user extended attributes"
SZ=$((2 * 1048576))
mkfile root/a.bin 2M
export SHA1; SHA1=$(sha1_of root/a.bin)

run --json -P mnt "$BASE/files/a.bin"
expect_rc 0
expect_same mnt/a.bin root/a.bin
expect_no_partial mnt/a.bin
expect_no_stderr -i "xattr|attribute|not supported"
[ -z "$(xattr_get mnt/a.bin user.sigfetch.stamp)" ] || fail "a record on ramfs?"

run_io --json -P mnt --sha1 "$SHA1" "$BASE/files/a.bin"
expect_rc 0
expect_json 'j[0]["status"] == "skipped" and j[0]["sha1"] == E["SHA1"]' \
  "skipped after hashing"
[ "$rchar" -ge "$SZ" ] || fail "read only $rchar bytes: not hashed"

run -P mnt "$BASE/files/a.bin"
expect_rc 7
expect_stderr "exists"
t_pass
