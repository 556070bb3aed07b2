#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-kdocs-app-retry: a retried app-space call is signed afresh
# (PROVIDERS.md 4.1): after a 503 the second attempt carries its own Date
# and an Authorization computed from it, which the server verifies.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-kdocs.sh"
t_setup
kdocs_setup
mkfile root/t2v4Ga8ZUYKc12KGMdEQpBh 120000
export FT=t2v4Ga8ZUYKc12KGMdEQpBh
API="E['KD_APPSPACE'] + '/' + E['FT'] + '/download'"

note "503 once on the API, a retry 1.1 s later (a new Date second)"
fault '{"path":"'"$KD_APPSPACE/$FT/download"'","fault":"status","code":503}'
run --json --retries 2 --retry-delay 1.1 "kdocs:app/$FT"
expect_rc 0
expect_same "$FT" "root/$FT"
expect_log "[e['status'] for e in reqs($API)] == [503, 200]" "503, then ok"
expect_log "reqs($API)[1]['note'] == 'kdocs: appspace ok ' + E['FT']" \
  "the retry's signature verified by the server"
# each attempt's Authorization is sha1(app_key + Content-Md5 +
# Content-Type + its own Date)
SIGNED="all(e['headers']['authorization'] == 'WPS-2:' + E['KD_APP_ID'] + ':' + __import__('hashlib').sha1((E['KD_APP_KEY'] + e['headers']['content-md5'] + e['headers']['content-type'] + e['headers']['date']).encode()).hexdigest() for e in reqs($API))"
expect_log "$SIGNED" "both attempts signed with their own Date"
expect_log "__import__('email.utils').utils.parsedate_to_datetime(reqs($API)[1]['headers']['date']) is not None" \
  "the retry's Date parses"
expect_log "reqs($API)[0]['headers']['date'] != reqs($API)[1]['headers']['date'] and reqs($API)[0]['headers']['authorization'] != reqs($API)[1]['headers']['authorization']" \
  "a new Date and Authorization for the retry"
expect_no_kdocs_secret
t_pass
