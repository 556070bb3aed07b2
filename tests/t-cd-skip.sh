#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-cd-skip: a file named by the server (Content-Disposition) is checked
# under that name as soon as the first response names it (issue 10 item
# 6): a rerun with a matching --sha1 is "skipped" without storing the
# body; so is one with no expectation whose verified record names this
# locator; without an expectation or a valid record, or with an
# expectation it does not match, it is exit 7 before the body is stored;
# --overwrite replaces it.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-backup.sh"
t_setup
mkfile root/dl.bin 300K
fault '{"path":"/files/dl.bin","fault":"headers","count":-1,
        "headers":{"Content-Disposition":"attachment; filename=\"report.bin\""}}'
SHA1=$(sha1_of root/dl.bin)

note "first run"
run --retry-delay 0.05 "$BASE/files/dl.bin"
expect_rc 0
expect_same report.bin root/dl.bin
expect_no_file dl.bin
expect_no_partial dl.bin

note "rerun with a matching --sha1"
run --json --retry-delay 0.05 --sha1 "$SHA1" "$BASE/files/dl.bin"
expect_rc 0
expect_json 'j[0]["status"] == "skipped"' "status skipped"
expect_json 'j[0]["output"] == "report.bin"' "output report.bin"
expect_json 'j[0]["bytes_transferred"] == 0' "no body stored"
expect_same report.bin root/dl.bin
expect_only_files report.bin
expect_no_partial dl.bin

note "rerun without an expectation: the verified record names this locator"
run --json --retry-delay 0.05 "$BASE/files/dl.bin"
if xattrs_work "$T_DIR"; then
  expect_rc 0
  expect_json 'j[0]["status"] == "skipped" and j[0]["output"] == "report.bin"' \
    "skipped by its verified record"
else
  expect_rc 7 # no record without user xattrs
fi

note "rerun without an expectation, the record stale (touch)"
touch report.bin
run --json --retry-delay 0.05 "$BASE/files/dl.bin"
expect_rc 7
expect_stderr "report\\.bin"
expect_json 'j[0]["bytes_transferred"] == 0' "no body stored"
expect_same report.bin root/dl.bin
expect_no_partial dl.bin

note "rerun with a --sha1 that does not match"
run --retry-delay 0.05 --sha1 "$(bad_hex "$SHA1")" "$BASE/files/dl.bin"
expect_rc 7
expect_same report.bin root/dl.bin
expect_no_partial dl.bin

note "--overwrite"
mkfile report.bin 1000 4
run --retry-delay 0.05 --overwrite "$BASE/files/dl.bin"
expect_rc 0
expect_same report.bin root/dl.bin
expect_no_partial dl.bin
t_pass
