#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-locale-number: numbers on the command line are C numbers whatever the
# locale.  Under LC_ALL=de_DE.UTF-8 (decimal comma) "--retry-delay 0.5",
# "--stall-timeout 2.5" and "--connect-timeout 1.5" are accepted and the
# download works (exit 0); the --json line stays valid JSON (a decimal
# point in elapsed_s, not a comma).  Skips when the locale is not installed
# (tests/install-deps.sh generates it).
. "$(dirname "$0")/lib.sh"
LOC=
for cand in de_DE.UTF-8 de_DE.utf8; do
  if locale -a 2>/dev/null | grep -qi -x "$(echo "$cand" | sed 's/UTF-8/utf-\\?8/')"; then
    LOC=$cand
    break
  fi
done
[ -n "$LOC" ] ||
  t_skip "locale de_DE.UTF-8 not installed (run tests/install-deps.sh)"
t_setup
mkfile root/a.bin 100K

LC_ALL=$LOC run --retry-delay 0.5 --stall-timeout 2.5 --connect-timeout 1.5 \
  --json "$BASE/files/a.bin"
expect_rc 0
expect_same a.bin root/a.bin
expect_no_partial a.bin
expect_json 'len(j) == 1 and j[0]["status"] == "ok" and isinstance(j[0]["elapsed_s"], (int, float))' \
  "one ok line, valid JSON"
t_pass
