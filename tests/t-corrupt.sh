#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-corrupt: one flipped byte in the body fails the --sha1 check: exit 6,
# no output, no partial; an integrity failure is not retried.
. "$(dirname "$0")/lib.sh"
t_setup
mkfile root/a.bin 500K
fault '{"path":"/files/a.bin","fault":"corrupt","offset":123456,"length":1}'

run --sha1 "$(sha1_of root/a.bin)" --retries 3 --retry-delay 0.05 \
    "$BASE/files/a.bin"
expect_rc 6
expect_no_file a.bin
expect_no_partial a.bin
expect_only_files
expect_stderr -i 'sha-?1'
expect_log 'len(gets("/files/a.bin")) == 1 and gets("/files/a.bin")[0]["fault"] == "corrupt"' \
  "one GET, the corrupted one"

note "the same with --sha256"
fault '{"path":"/files/a.bin","fault":"corrupt","offset":0,"length":1}'
run --sha256 "$(sha256_of root/a.bin)" --retry-delay 0.05 "$BASE/files/a.bin"
expect_rc 6
expect_no_file a.bin
expect_no_partial a.bin
t_pass
