#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-refused: a connection that is refused is a network failure: retried,
# then exit 5, quickly.  A provider API call says what libcurl says
# ("Failed to connect to 127.0.0.1 port N ..."), not only its generic text.
. "$(dirname "$0")/lib.sh"
t_setup
DEAD=$("$PYTHON" -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()')

run --retries 2 --retry-delay 0.05 --connect-timeout 2 --json \
    "http://127.0.0.1:$DEAD/files/a.bin"
expect_rc 5
expect_no_file a.bin
awk -v e="$elapsed" 'BEGIN { exit !(e < 5) }' ||
  fail "took ${elapsed}s to give up on a refused connection"
expect_json 'len(j) == 1 and j[0]["status"] == "failed" and j[0]["error"]["exit_code"] == 5 and j[0]["retries"] == 2' \
  "failed, exit_code 5, retries 2"
expect_stderr_fixed "127.0.0.1:$DEAD"

note "a provider API call to a refused port"
run --retries 1 --retry-delay 0.05 --connect-timeout 2 \
    --set "kdocs.endpoint=http://127.0.0.1:$DEAD" \
    --set kdocs.access_token=tok-refused-0123 kdocs:personal/abc
expect_rc 5
expect_stderr_fixed "Failed to connect to 127.0.0.1 port $DEAD"
t_pass
