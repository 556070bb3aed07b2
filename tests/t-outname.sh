#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-outname: without -o the output is the URL's last path segment, query
# removed and percent-decoded, inside -P DIR.
. "$(dirname "$0")/lib.sh"
t_setup
mkfile "root/sub/my file.bin" 50K
mkdir dl

run --retry-delay 0.05 -P dl "$BASE/files/sub/my%20file.bin?token=x&y=1"
expect_rc 0
expect_same "dl/my file.bin" "root/sub/my file.bin"
expect_no_partial "dl/my file.bin"
expect_only_files dl
[ "$(ls -A dl)" = "my file.bin" ] || fail "dl/ holds: $(ls -A dl)"
expect_log 'len(gets("/files/sub/my%20file.bin")) == 1 and gets("/files/sub/my%20file.bin")[0]["query"] == "token=x&y=1"' \
  "one GET with the query (the log shows the raw path)"

note "-o inside no -P: the name as given"
run --retry-delay 0.05 -o named.out.bin "$BASE/files/sub/my%20file.bin"
expect_rc 0
expect_same named.out.bin "root/sub/my file.bin"
t_pass
