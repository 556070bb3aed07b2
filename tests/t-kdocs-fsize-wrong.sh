#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-kdocs-fsize-wrong: a Kdocs reply whose fsize is larger or smaller than
# the file fails with exit 6 and leaves no output and no partial; the same
# reply with the right fsize (and no sha1) succeeds.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-kdocs.sh"
t_setup
kdocs_setup
mkfile root/doc.bin 150000

for fsize in 150001 149999 0; do
  note "fsize $fsize"
  kdocs_ctl "{\"overrides\":{\"doc.bin\":{\"fsize\":$fsize,\"sha1\":null}}}"
  run --json --retry-delay 0.05 kdocs:personal/doc.bin
  expect_rc 6
  expect_no_file doc.bin
  expect_no_partial doc.bin
  expect_only_files
  expect_stderr -i 'size'
  expect_json 'j[0]["status"] == "failed" and j[0]["error"]["kind"] == "integrity"' \
    "failed, kind integrity"
done

note "fsize right, no sha1"
kdocs_ctl '{"overrides":{"doc.bin":{"fsize":150000,"sha1":null}}}'
run --json --retry-delay 0.05 kdocs:personal/doc.bin
expect_rc 0
expect_same doc.bin root/doc.bin
expect_json 'j[0]["size"] == 150000' "size 150000"
expect_no_kdocs_secret
t_pass
