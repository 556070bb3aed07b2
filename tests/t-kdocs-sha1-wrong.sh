#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-kdocs-sha1-wrong: a Kdocs reply whose checksums.sha1 does not match the
# bytes fails with exit 6, leaves no output and no partial; a sha1 that is
# not 40 hex digits is ignored, an upper-case one is accepted.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-kdocs.sh"
t_setup
kdocs_setup
mkfile root/doc.bin 200000
SHA1=$(sha1_of root/doc.bin)
BAD=$(bad_hex "$SHA1")

note "wrong sha1 (personal)"
kdocs_ctl "{\"overrides\":{\"doc.bin\":{\"sha1\":\"$BAD\"}}}"
run --json --retry-delay 0.05 kdocs:personal/doc.bin
expect_rc 6
expect_no_file doc.bin
expect_no_partial doc.bin
expect_only_files
expect_stderr -i 'sha1|checksum'
expect_json 'j[0]["status"] == "failed" and j[0]["error"]["exit_code"] == 6 and j[0]["error"]["kind"] == "integrity"' \
  "failed, exit_code 6, kind integrity"
expect_json 'j[0]["provider"] == "kdocs-personal"' "provider kdocs-personal"
expect_log 'len([e for e in gets("/kdocs-store/doc.bin") if e["bytes_sent"] == 200000]) == 1' \
  "the whole file was fetched before the check"

note "wrong sha1 (app space)"
run --json --retry-delay 0.05 kdocs:app/doc.bin
expect_rc 6
expect_no_file doc.bin
expect_no_partial doc.bin
expect_json 'j[0]["provider"] == "kdocs-app" and j[0]["error"]["exit_code"] == 6' \
  "kdocs-app, exit_code 6"

note "a sha1 that is not 40 hex digits is no expectation"
kdocs_ctl '{"overrides":{"doc.bin":{"sha1":"not-a-sha1"}}}'
run --json --retry-delay 0.05 kdocs:personal/doc.bin
expect_rc 0
expect_same doc.bin root/doc.bin
rm -f doc.bin

note "upper-case hex is the same sha1"
UPPER=$(echo "$SHA1" | tr a-f A-F)
kdocs_ctl "{\"overrides\":{\"doc.bin\":{\"sha1\":\"$UPPER\"}}}"
run --json --retry-delay 0.05 kdocs:personal/doc.bin
expect_rc 0
expect_same doc.bin root/doc.bin
export SHA1
run --resolve-only kdocs:personal/doc.bin
expect_json 'j[0]["sha1"] == E["SHA1"]' "the sha1 is shown in lower case"
expect_no_kdocs_secret
t_pass
