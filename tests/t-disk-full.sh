#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-disk-full: writing the partial fails with ENOSPC (the partial is a
# symlink to /dev/full): exit 7 naming the partial and the reason, nothing
# under the output name, the run does not hang or crash; --json says
# kind "local".  Then with room again (--no-continue, a real partial) the
# download completes.
. "$(dirname "$0")/lib.sh"
t_setup
[ -w /dev/full ] || t_skip "no /dev/full"
mkfile root/a.bin 1M
SHA1=$(sha1_of root/a.bin)

ln -s /dev/full a.bin.sfpart
run --retry-delay 0.05 --json "$BASE/files/a.bin"
expect_rc 7
expect_stderr 'a\.bin\.sfpart.*(No space left|space)'
expect_no_file a.bin
expect_json 'len(j) == 1 and j[0]["status"] == "failed" and j[0]["error"]["exit_code"] == 7 and j[0]["error"]["kind"] == "local"' \
  "one failed result, exit_code 7, kind local"

rm -f a.bin.sfpart a.bin.sfstate
run --retry-delay 0.05 --sha1 "$SHA1" "$BASE/files/a.bin"
expect_rc 0
expect_file a.bin "$SHA1"
expect_no_partial a.bin
t_pass
