#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-kdocs-expire: a signed Kdocs URL that stops working mid-transfer (the
# fake serves N bytes with it, cuts the connection, then answers 403
# "Request has expired") is resolved again and the download resumes with a
# Range request from the bytes on disk: the file is right and the API was
# called exactly twice.  A URL refused again right after a fresh resolve is
# exit 4.  A URL whose Expires is less than 60 s away is renewed before it
# is used.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-kdocs.sh"
t_setup
kdocs_setup
mkfile root/big.bin 1M
STORE_GETS='new_gets("/kdocs-store/big.bin")'

for kind in personal app; do
  note "$kind: URL expires after 600000 bytes"
  API=$KD_PERSONAL/big.bin/download
  [ "$kind" = app ] && API=$KD_APPSPACE/big.bin/download
  export API
  rm -f big.bin
  kdocs_ctl '{"expire_after":600000}'
  log_mark
  run --json --retry-delay 0.05 "kdocs:$kind/big.bin"
  expect_rc 0
  expect_same big.bin root/big.bin
  expect_no_partial big.bin
  expect_log "len(new_reqs(E['API'])) == 2" \
    "exactly 2 resolve calls"
  expect_log "[e['status'] for e in $STORE_GETS] == [200, 403, 206]" \
    "200 cut short, 403 expired, 206 with the fresh URL"
  expect_log "[e['range'] for e in $STORE_GETS] == [None, 'bytes=600000-', 'bytes=600000-']" \
    "the resume asks for bytes=600000-"
  expect_log "(lambda g: g[0]['query'] == g[1]['query'] != g[2]['query'])($STORE_GETS)" \
    "the same URL until the 403, then a new one"
  expect_log "$STORE_GETS[0]['bytes_sent'] == 600000 and $STORE_GETS[2]['bytes_sent'] == 448576" \
    "600000 + 448576 bytes"
  expect_json 'j[0]["status"] == "ok" and j[0]["resumed_from"] == 600000 and j[0]["bytes_transferred"] == 1048576' \
    "resumed_from 600000, bytes_transferred 1048576"
  expect_stderr -i 'expired'
done
expect_log "all(e['note'] == 'kdocs: appspace ok big.bin' for e in reqs(E['KD_APPSPACE'] + '/big.bin/download'))" \
  "every app-space resolve was freshly and correctly signed"

note "refused again after a fresh resolve: exit 4"
rm -f big.bin
kdocs_ctl '{"expire_after":0}'
log_mark
run --json --retry-delay 0.05 kdocs:personal/big.bin
expect_rc 4
expect_no_file big.bin
expect_log "len(new_reqs(E['KD_PERSONAL'] + '/big.bin/download')) == 2" \
  "2 resolve calls, then give up"
expect_log "[e['status'] for e in $STORE_GETS] == [403, 403]" "two 403s"

note "Expires less than 60 s away: renewed before use"
rm -f big.bin big.bin.sfpart big.bin.sfstate
kdocs_ctl '{"expire_after":null,"url_ttl":30}'
log_mark
run --resolve-only kdocs:personal/big.bin
expect_rc 0
expect_json '0 < (__import__("calendar").timegm(__import__("time").strptime(j[0]["expires_at"], "%Y-%m-%dT%H:%M:%SZ")) - __import__("time").time()) <= 31' \
  "expires_at taken from the URL's Expires"
log_mark
run --json --retry-delay 0.05 kdocs:personal/big.bin
expect_rc 0
expect_same big.bin root/big.bin
expect_log "len(new_reqs(E['KD_PERSONAL'] + '/big.bin/download')) == 2" \
  "resolved, then renewed before the first request"
expect_log "len($STORE_GETS) == 1" "one storage request"

note "no Expires in the URL: 10 minutes assumed, no renewal"
rm -f big.bin
kdocs_ctl '{"expires_in_url":false}'
run --resolve-only kdocs:personal/big.bin
expect_rc 0
expect_json '590 < (__import__("calendar").timegm(__import__("time").strptime(j[0]["expires_at"], "%Y-%m-%dT%H:%M:%SZ")) - __import__("time").time()) <= 601' \
  "expires_at 600 s after the resolve"
log_mark
run --json --retry-delay 0.05 kdocs:personal/big.bin
expect_rc 0
expect_same big.bin root/big.bin
expect_log "len(new_reqs(E['KD_PERSONAL'] + '/big.bin/download')) == 1" \
  "one resolve call"
expect_no_kdocs_secret
t_pass
