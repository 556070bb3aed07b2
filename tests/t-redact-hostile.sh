#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-redact-hostile: URL redaction survives '?' or '#' before "://" with an
# '@' after it (issue 10, item 1: a negative length was copied).  Locators
# of that shape fail cleanly with one result line, and a server that sends
# the header line "X a?b://u@h: v" under -v neither crashes sigfetch nor
# gets a query value of its header name echoed.
. "$(dirname "$0")/lib.sh"
t_setup
mkfile root/a.bin 64K

note "hostile locators"
for loc in 'fxiaoke:?://@' 'ekuaibao:id?x:k://u@h/x' 'fxiaoke:a?b://u@h/x'; do
  run -v "$loc"
  [ "$rc" -ge 1 ] && [ "$rc" -le 7 ] || fail "$loc: exit $rc"
  expect_no_stderr -i 'corruption|invalid pointer|free\(\)|malloc\(\)|AddressSanitizer'
  run --json "$loc"
  [ "$rc" -ge 1 ] && [ "$rc" -le 7 ] || fail "--json $loc: exit $rc"
  [ "$(wc -l <"$T_DIR/out")" = 1 ] || fail "--json $loc: not one result line"
  expect_json 'len(j) == 1 and j[0]["status"] == "failed"' "--json $loc: one failed line"
done

note "a hostile response header under -v"
fault '{"path":"/files/a.bin","fault":"headers","headers":{"X a?b://u@h":"v","X c?tok=HDRSECRET42://u:pw@h#f":"v"}}'
run -v "$BASE/files/a.bin"
expect_rc 0
expect_same a.bin root/a.bin
expect_stderr_fixed '< X a?***'
expect_no_secret HDRSECRET42
t_pass
