#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-outname-index: a URL whose path ends in / has an empty last segment,
# so the output is named index.html (CLI.md "Output names").
. "$(dirname "$0")/lib.sh"
t_setup
mkfile root/dir/index.html 5K

run --retry-delay 0.05 "$BASE/files/dir/?q=1"
expect_rc 0
expect_same index.html root/dir/index.html
expect_no_partial index.html
expect_only_files index.html
t_pass
