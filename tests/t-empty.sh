#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-empty: an empty file downloads to an empty output (and verifies).
. "$(dirname "$0")/lib.sh"
t_setup
: >root/empty.bin

run --retry-delay 0.05 --sha1 da39a3ee5e6b4b0d3255bfef95601890afd80709 \
    --size 0 "$BASE/files/empty.bin"
expect_rc 0
expect_file empty.bin da39a3ee5e6b4b0d3255bfef95601890afd80709
expect_no_partial empty.bin
expect_only_files empty.bin
t_pass
