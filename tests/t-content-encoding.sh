#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-content-encoding: sigfetch asks for "Accept-Encoding: identity"; a
# body that comes compressed anyway (Content-Encoding: gzip) is never
# decoded silently nor stored as the file: exit 5, a message naming the
# encoding (never a terminal escape from the server), no output and no
# partial (issue 10 item 7, PROVIDERS.md 6.4).
. "$(dirname "$0")/lib.sh"
t_setup
mkfile root/page.json 3000
gzip -c root/page.json >root/page.json.gz

note "identity asked for"
run --retry-delay 0.05 "$BASE/files/page.json"
expect_rc 0
expect_same page.json root/page.json
expect_log 'gets("/files/page.json")[0]["headers"].get("accept-encoding") == "identity"' \
  "Accept-Encoding: identity"
rm -f page.json

note "gzip anyway"
fault '{"path":"/files/page.json.gz","fault":"headers","count":-1,
        "headers":{"Content-Encoding":"gzip"}}'
run --json --retry-delay 0.05 -o page.json "$BASE/files/page.json.gz"
expect_rc 5
expect_stderr 'Content-Encoding: gzip'
expect_json 'j[0]["status"] == "failed" and j[0]["error"]["kind"] == "network"' \
  "failed, kind network"
expect_no_file page.json
expect_no_partial page.json

note "an encoding with a terminal escape in it"
server_reset
fault '{"path":"/files/page.json.gz","fault":"headers",
        "headers":{"Content-Encoding":"gzip\u001b]0;pwned\u0007"}}'
run --retry-delay 0.05 -o page.json "$BASE/files/page.json.gz"
expect_rc 5
expect_stderr 'Content-Encoding: gzip\)'
grep -q $'\x1b' err && fail "a terminal escape from the server reached stderr"
expect_no_file page.json

note "Content-Encoding: identity is no encoding"
server_reset
fault '{"path":"/files/page.json","fault":"headers",
        "headers":{"Content-Encoding":"identity"}}'
run --retry-delay 0.05 "$BASE/files/page.json"
expect_rc 0
expect_same page.json root/page.json
t_pass
