#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-plain: a direct URL downloads to the last path segment of its URL in
# the current directory, byte for byte, with one GET and nothing left over.
. "$(dirname "$0")/lib.sh"
t_setup
mkfile root/a.bin 1M

run --retry-delay 0.05 "$BASE/files/a.bin"
expect_rc 0
expect_same a.bin root/a.bin
expect_no_partial a.bin
expect_only_files a.bin
expect_stdout_empty
expect_log 'len(gets("/files/a.bin")) == 1' "exactly one GET of /files/a.bin"
expect_log 'len(r) == len([e for e in r if e["path"] == "/files/a.bin"])' \
  "no request to any other path"
expect_log 'gets("/files/a.bin")[0]["range"] is None' "no Range header"
expect_log 'gets("/files/a.bin")[0]["status"] == 200 and gets("/files/a.bin")[0]["bytes_sent"] == 1048576' \
  "200 with the whole body"
expect_log 'gets("/files/a.bin")[0]["headers"].get("accept-encoding", "identity") == "identity"' \
  "no compression requested (PROVIDERS.md 6.4)"
t_pass
