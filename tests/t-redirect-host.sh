#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-redirect-host: redirects are followed; -H headers go to the same host
# only (127.0.0.1 -> localhost is another host); a redirect to ftp:// is
# refused with exit 5.
. "$(dirname "$0")/lib.sh"
t_setup
mkfile root/a.bin 300K
export HOST1="127.0.0.1:$PORT" HOST2="localhost:$PORT"
fault '{"path":"/files/r.bin","fault":"redirect","location":"http://localhost:'"$PORT"'/files/a.bin"}'

note "302 to another host"
run -H 'X-Secret: s3cr3t' --retry-delay 0.05 -o got.bin "$BASE/files/r.bin"
expect_rc 0
expect_same got.bin root/a.bin
expect_no_partial got.bin
expect_log 'len(reqs("/files/r.bin")) == 1 and reqs("/files/r.bin")[0]["status"] == 302' \
  "one request to r.bin, answered 302"
expect_log 'reqs("/files/r.bin")[0]["host"] == E["HOST1"] and reqs("/files/r.bin")[0]["headers"].get("x-secret") == "s3cr3t"' \
  "X-Secret sent to 127.0.0.1"
expect_log 'len(gets("/files/a.bin")) == 1 and gets("/files/a.bin")[0]["host"] == E["HOST2"]' \
  "the redirect was followed to localhost"
expect_log '"x-secret" not in gets("/files/a.bin")[0]["headers"]' \
  "X-Secret not sent to localhost"

note "301 to the same host"
log_mark
fault '{"path":"/files/s.bin","fault":"redirect","code":301,"location":"http://127.0.0.1:'"$PORT"'/files/a.bin"}'
run -H 'X-Secret: s3cr3t' --retry-delay 0.05 -o same.bin "$BASE/files/s.bin"
expect_rc 0
expect_same same.bin root/a.bin
expect_log 'len(new_gets("/files/a.bin")) == 1 and new_gets("/files/a.bin")[0]["headers"].get("x-secret") == "s3cr3t"' \
  "X-Secret kept on a same-host redirect"

note "redirect to ftp://"
log_mark
fault '{"path":"/files/f.bin","fault":"redirect","location":"ftp://127.0.0.1:'"$PORT"'/files/a.bin","count":-1}'
run --retries 1 --retry-delay 0.05 -o ftp.bin "$BASE/files/f.bin"
expect_rc 5
expect_no_file ftp.bin
expect_log 'len(new_gets("/files/a.bin")) == 0' "nothing fetched behind the refused redirect"
t_pass
