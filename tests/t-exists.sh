#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-exists: an existing output is left alone: exit 7 without an expectation
# or with one it does not match, "skipped" (exit 0) when --sha1 / --size
# match it; --overwrite replaces it.
. "$(dirname "$0")/lib.sh"
t_setup
mkfile root/a.bin 200K
mkfile a.bin 200K 7                     # same name and size, other bytes
cp a.bin local.ref
LOCAL_SHA1=$(sha1_of local.ref)
stamp()
{
  "$PYTHON" -c 'import os; s = os.stat("a.bin")
print(s.st_ino, s.st_mtime_ns, s.st_size)'
}
before=$(stamp)

note "no expectation"
run --retry-delay 0.05 "$BASE/files/a.bin"
expect_rc 7
expect_same a.bin local.ref
expect_no_partial a.bin
expect_stderr_fixed a.bin

note "--sha1 not matching the local file"
run --retry-delay 0.05 --sha1 "$(sha1_of root/a.bin)" "$BASE/files/a.bin"
expect_rc 7
expect_same a.bin local.ref
expect_no_partial a.bin

note "--sha1 matching"
run --retry-delay 0.05 --json --sha1 "$LOCAL_SHA1" "$BASE/files/a.bin"
expect_rc 0
expect_same a.bin local.ref
expect_json 'len(j) == 1 and j[0]["status"] == "skipped"' "status skipped"
expect_json 'j[0]["bytes_transferred"] == 0' "bytes_transferred 0"

note "--size matching"
run --retry-delay 0.05 --json --size 204800 "$BASE/files/a.bin"
expect_rc 0
expect_json 'len(j) == 1 and j[0]["status"] == "skipped"' "status skipped"

note "--size not matching"
run --retry-delay 0.05 --size 204801 "$BASE/files/a.bin"
expect_rc 7
[ "$(stamp)" = "$before" ] || fail "a.bin was touched: $before -> $(stamp)"
expect_log 'sum(e["bytes_sent"] for e in gets("/files/a.bin")) == 0' \
  "no body downloaded for an existing output"

note "--overwrite"
run --retry-delay 0.05 --overwrite "$BASE/files/a.bin"
expect_rc 0
expect_same a.bin root/a.bin
expect_no_partial a.bin
t_pass
