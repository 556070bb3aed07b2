#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-kdocs-app-ok: kdocs:app/FILE_TOKEN resolves through the app-space API
# with WPS-2 headers that the fake server recomputes and accepts: Date in
# RFC 1123 GMT (also under a non-English locale), Content-Type
# application/json, Content-Md5 = md5 of the request URI as sent (or of ""
# with kdocs.get_md5=empty), Authorization WPS-2:APP_ID:sha1.  The reply's
# sha1 is verified; the signed headers never go to the storage URL; with
# no name in the reply, a Content-Disposition from the storage names the
# output.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-kdocs.sh"
t_setup
kdocs_setup
mkfile root/t2v4Ga8ZUYKc12KGMdEQpBh 250000
export FT=t2v4Ga8ZUYKc12KGMdEQpBh SHA1
SHA1=$(sha1_of root/$FT)
API="E['KD_APPSPACE'] + '/' + E['FT'] + '/download'"

note "download"
run --json --retry-delay 0.05 "kdocs:app/$FT"
expect_rc 0
expect_same "$FT" "root/$FT"
expect_json 'j[0]["provider"] == "kdocs-app" and j[0]["status"] == "ok" and j[0]["sha1"] == E["SHA1"]' \
  "provider kdocs-app, ok, sha1"
expect_log "[e['note'] for e in reqs($API)] == ['kdocs: appspace ok ' + E['FT']]" \
  "one call, signature verified by the server"
expect_log "all(e['query'] == 'file_token=' + E['FT'] for e in reqs($API))" \
  "file_token in the query"
H="reqs($API)[0]['headers']"
expect_log "__import__('re').match(r'^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), [0-3][0-9] (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) 20[0-9][0-9] [0-2][0-9]:[0-5][0-9]:[0-6][0-9] GMT\$', $H['date']) is not None" \
  "Date in RFC 1123 GMT"
expect_log "$H['content-type'] == 'application/json'" "Content-Type"
expect_log "$H['content-md5'] == __import__('hashlib').md5((E['KD_APPSPACE'] + '/' + E['FT'] + '/download?file_token=' + E['FT']).encode()).hexdigest()" \
  "Content-Md5 = md5 of the request URI"
expect_log "__import__('re').match('^WPS-2:' + E['KD_APP_ID'] + ':[0-9a-f]{40}\$', $H['authorization']) is not None" \
  "Authorization WPS-2:APP_ID:sha1hex"
expect_log 'all("authorization" not in e["headers"] and "content-md5" not in e["headers"] for e in r if e["path"].startswith("/kdocs-store/"))' \
  "no WPS-2 header on the storage request"
rm -f "$FT"

if locale -a 2>/dev/null | grep -q -i -x -E 'zh_CN\.utf-?8|de_DE\.utf-?8'; then
  LOC=$(locale -a | grep -i -x -E 'zh_CN\.utf-?8|de_DE\.utf-?8' | head -n 1)
  note "under LC_ALL=$LOC"
  LC_ALL=$LOC run --json --retry-delay 0.05 "kdocs:app/$FT"
  expect_rc 0
  expect_same "$FT" "root/$FT"
  expect_log "len([e for e in reqs($API) if e['note'] == 'kdocs: appspace ok ' + E['FT']]) == 2" \
    "the server accepted the Date sent under $LOC"
  rm -f "$FT"
else
  note "no zh_CN/de_DE locale installed: locale check skipped"
fi

note "no name in the reply: the storage's Content-Disposition names the output"
kdocs_ctl "{\"overrides\":{\"$FT\":{\"disposition\":\"Plan 2025.docx\"}}}"
run --json --retry-delay 0.05 "kdocs:app/$FT"
expect_rc 0
expect_same "Plan 2025.docx" "root/$FT"
expect_no_file "$FT"
kdocs_ctl '{"overrides":{}}'

note "kdocs.get_md5=empty against a server expecting the URI's md5"
log_mark
run --json --retry-delay 0.05 --set kdocs.get_md5=empty "kdocs:app/$FT"
expect_rc 3
expect_stderr_fixed 'InvalidSignature'
note "kdocs.get_md5=empty against a server expecting md5 of \"\""
kdocs_ctl '{"get_md5":"empty"}'
run --json --retry-delay 0.05 --set kdocs.get_md5=empty "kdocs:app/$FT"
expect_rc 0
expect_same "$FT" "root/$FT"
expect_log "[e['headers']['content-md5'] for e in reqs($API) if e['t_start'] >= float(E['T_MARK'])] == ['d41d8cd98f00b204e9800998ecf8427e'] * 2" \
  "Content-Md5 of the empty string"
rm -f "$FT"
run --set kdocs.get_md5=body "kdocs:app/$FT"
expect_rc 3
expect_stderr_fixed 'kdocs.get_md5'
expect_no_file "$FT"

note "endpoint with a trailing slash"
kdocs_ctl '{"get_md5":"uri"}'
SIGFETCH_KDOCS_ENDPOINT=$BASE/ run --json --retry-delay 0.05 "kdocs:app/$FT"
expect_rc 0
expect_same "$FT" "root/$FT"
expect_no_kdocs_secret
t_pass
