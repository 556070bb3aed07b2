#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-multi: several locators on one command line: each is downloaded on its
# own, one failure does not stop the others, --json has one line per
# locator, and the exit status is that of the first failed locator in
# input order.
. "$(dirname "$0")/lib.sh"
t_setup
mkfile root/a.bin 200K
mkfile root/c.bin 300K
export BASE

run --json --retry-delay 0.05 "$BASE/files/a.bin" "$BASE/files/missing.bin" \
    "$BASE/files/c.bin"
expect_rc 5
expect_same a.bin root/a.bin
expect_same c.bin root/c.bin
expect_no_file missing.bin
expect_no_partial a.bin
expect_no_partial c.bin
expect_json 'len(j) == 3' "three result lines"
expect_json 'by_loc(E["BASE"] + "/files/a.bin")["status"] == "ok"' "a.bin ok"
expect_json 'by_loc(E["BASE"] + "/files/c.bin")["status"] == "ok"' "c.bin ok"
expect_json 'by_loc(E["BASE"] + "/files/missing.bin")["status"] == "failed" and by_loc(E["BASE"] + "/files/missing.bin")["error"]["exit_code"] == 5' \
  "missing.bin failed with exit_code 5"
expect_log 'len(gets("/files/a.bin")) == 1 and len(gets("/files/c.bin")) == 1 and len(gets("/files/missing.bin")) == 1' \
  "one GET each"

note "first failure in input order wins: 7 then 5"
mkfile root/e.bin 10K
mkfile e.bin 10K 3
run --retry-delay 0.05 "$BASE/files/e.bin" "$BASE/files/missing.bin"
expect_rc 7
note "first failure in input order wins: 5 then 7"
run --retry-delay 0.05 "$BASE/files/missing.bin" "$BASE/files/e.bin"
expect_rc 5
t_pass
