#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-expire-every-mb: a signed URL that serves one megabyte and then
# expires (the fake cuts the connection, then answers 403 "Request has
# expired") on an 8 MiB file with --retries 2.  Re-resolutions are not
# retries, and the retry budget is for failures without progress
# (PROVIDERS.md 6.1): the file completes (exit 0, exact), each cut
# resumes where the bytes on disk end, the back-off never grows (no
# wait of a second or more), and the server sent the file once.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-kdocs.sh"
t_setup
kdocs_setup
mkfile root/big.bin 8M
SIZE=$((8 << 20))
kdocs_ctl '{"expire_after":1048576}'
log_mark
run --json --retries 2 --retry-delay 0.05 kdocs:personal/big.bin
expect_rc 0
expect_same big.bin root/big.bin
expect_no_partial big.bin
expect_no_stderr 'in [1-9][0-9]*\.[0-9] s'
expect_log 'len(new_reqs("/api/v1/openapi/personal/files/big.bin/download")) >= 8' \
  "a fresh URL for every megabyte"
total=$(log_query 'sum(e["bytes_sent"] for e in new_gets("/kdocs-store/big.bin"))')
note "server sent $total bytes for $SIZE"
[ "$total" -le $((SIZE + 65536)) ] || fail "bytes sent again: $total for $SIZE"
expect_json 'j[0]["status"] == "ok"' "ok"
t_pass
