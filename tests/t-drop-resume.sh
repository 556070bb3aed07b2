#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-drop-resume: the connection drops after 300000 bytes of 1 MiB; the
# retry resumes with Range: bytes=300000- (If-Range = the ETag) and no byte
# is fetched twice.
. "$(dirname "$0")/lib.sh"
t_setup
mkfile root/a.bin 1M
export ETAG; ETAG=$(etag_of root/a.bin)
fault '{"path":"/files/a.bin","fault":"drop","after":300000}'

run --retries 3 --retry-delay 0.05 --json "$BASE/files/a.bin"
expect_rc 0
expect_same a.bin root/a.bin
expect_no_partial a.bin
expect_log 'len(gets("/files/a.bin")) == 2' "two GETs"
expect_log 'gets("/files/a.bin")[0]["fault"] == "drop" and gets("/files/a.bin")[0]["bytes_sent"] == 300000' \
  "first GET dropped after 300000 bytes"
expect_log 'gets("/files/a.bin")[1]["range"] == "bytes=300000-"' \
  "second GET asks for bytes=300000-"
expect_log 'gets("/files/a.bin")[1]["headers"].get("if-range") == E["ETAG"]' \
  "second GET has If-Range with the ETag"
expect_log 'gets("/files/a.bin")[1]["status"] == 206' "second GET is a 206"
expect_log 'sum(e["bytes_sent"] for e in gets("/files/a.bin")) == 1048576' \
  "bytes sent over both GETs = the file size"
expect_json 'len(j) == 1 and j[0]["status"] == "ok" and j[0]["retries"] == 1' \
  "one ok result with retries 1"
expect_json 'j[0]["bytes_transferred"] == 1048576 and j[0]["resumed_from"] == 300000' \
  "bytes_transferred 1048576 over both tries, resumed_from 300000"
t_pass
