#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-digest-good: --sha1, --sha256, --md5 and --size all given and right:
# the file is committed.
. "$(dirname "$0")/lib.sh"
t_setup
mkfile root/a.bin 777777

run --sha1 "$(sha1_of root/a.bin)" --sha256 "$(sha256_of root/a.bin)" \
    --md5 "$(md5_of root/a.bin)" --size 777777 --retry-delay 0.05 \
    -o got.bin "$BASE/files/a.bin"
expect_rc 0
expect_same got.bin root/a.bin
expect_no_partial got.bin
expect_only_files got.bin
expect_log 'len(gets("/files/a.bin")) == 1' "one GET"
t_pass
