#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-kdocs-unknown: a file token Kdocs does not know (code 40004
# FileNotExists) is exit 4 with the code in the message and in --json
# provider_code, for both APIs; an API answering HTTP 404 is exit 4 too;
# malformed kdocs: locators are usage errors (exit 2) naming the expected
# form, found before any call.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-kdocs.sh"
t_setup
kdocs_setup
mkfile root/doc.bin 1000

for kind in personal app; do
  note "unknown file ($kind)"
  run --json --retry-delay 0.05 "kdocs:$kind/NoSuchFile42" "kdocs:$kind/doc.bin"
  expect_rc 4
  expect_stderr_fixed '40004'
  expect_stderr_fixed 'FileNotExists'
  expect_stderr_fixed 'does not know the file'
  expect_stderr_fixed 'check the file token'
  expect_json 'j[0]["status"] == "failed" and j[0]["provider_code"] == "40004" and j[0]["error"]["exit_code"] == 4 and j[0]["error"]["kind"] == "provider"' \
    "failed, provider_code 40004, exit_code 4"
  expect_json 'j[1]["status"] == "ok"' "the next locator still downloads"
  expect_no_file NoSuchFile42
  expect_same doc.bin root/doc.bin
  rm -f doc.bin
done

note "HTTP 404 from the API"
fault "{\"path\":\"$KD_PERSONAL/doc.bin/download\",\"fault\":\"status\",\"code\":404}"
run --json --retry-delay 0.05 kdocs:personal/doc.bin
expect_rc 4
expect_stderr_fixed '404'
expect_no_file doc.bin

note "malformed locators"
log_mark
for loc in kdocs:personal kdocs:personal/ kdocs:personal/a/b \
           'kdocs:personal/a?x=1' kdocs:personal/.. 'kdocs:personal/a b'; do
  run --json "$loc"
  expect_rc 2
  expect_stderr_fixed 'expected kdocs:personal/FILE_TOKEN'
done
for loc in kdocs:app kdocs:app/ kdocs:app/%2e%2e 'kdocs:app/x#y'; do
  run --json "$loc"
  expect_rc 2
  expect_stderr_fixed 'expected kdocs:app/FILE_TOKEN'
done
run kdocs:other/x
expect_rc 2
expect_stderr_fixed 'kdocs:personal/FILE_TOKEN, kdocs:app/FILE_TOKEN'
run kdocs:personal/doc.bin kdocs:personal/
expect_rc 2
expect_no_file doc.bin
expect_log '[e for e in r if e["t_start"] >= float(E["T_MARK"])] == []' \
  "no request for a bad locator, not even for the good ones before it"
t_pass
