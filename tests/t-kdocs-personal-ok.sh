#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-kdocs-personal-ok: kdocs:personal/FILE_TOKEN resolves through the
# personal-files API (access token in the query), the file is fetched from
# the signed URL and verified against the reply's fsize and sha1; --json
# names provider kdocs-personal; the output is named after the file token
# (the locator's last segment), or after the provider's name when the
# reply carries one; a rerun resolves afresh and skips the complete file.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-kdocs.sh"
t_setup
kdocs_setup
mkfile root/report.docx 300001
mkfile root/store/q3.bin 70000
export SHA1 SHA1B
SHA1=$(sha1_of root/report.docx)
SHA1B=$(sha1_of root/store/q3.bin)
export FT=wfoKKYzWR2jyxMHCFVuBxXGszbfEtqUJ1pa5eD4tRLc
kdocs_ctl "{\"files\":{\"$FT\":\"report.docx\",\"tokB\":\"store/q3.bin\"},
  \"overrides\":{\"tokB\":{\"name\":\"Quarter 3.xlsx\",\"name_key\":\"fname\"}}}"

note "download by file token"
run --json --retry-delay 0.05 "kdocs:personal/$FT"
expect_rc 0
expect_same "$FT" root/report.docx
expect_json 'len(j) == 1 and j[0]["provider"] == "kdocs-personal"' \
  "provider kdocs-personal"
expect_json 'j[0]["status"] == "ok" and j[0]["size"] == 300001 and j[0]["sha1"] == E["SHA1"]' \
  "status ok, size, sha1"
expect_json 'j[0]["locator"] == "kdocs:personal/" + E["FT"]' "locator"
expect_json 'os.path.basename(j[0]["output"]) == E["FT"]' \
  "output named after the file token"
expect_log "len(reqs(E['KD_PERSONAL'] + '/' + E['FT'] + '/download')) == 1" \
  "one resolve call"
expect_log "all(e['query'] == 'access_token=' + E['KD_TOKEN'] and e['method'] == 'GET' and 'authorization' not in e['headers'] for e in reqs(E['KD_PERSONAL'] + '/' + E['FT'] + '/download'))" \
  "GET with the token in the query, no Authorization"
expect_log 'len([e for e in gets("/kdocs-store/report.docx") if e["status"] == 200]) == 1' \
  "one GET of the signed URL"
expect_no_kdocs_secret

note "rerun: resolved again, skipped"
run --json --retry-delay 0.05 "kdocs:personal/$FT"
expect_rc 0
expect_json 'j[0]["status"] == "skipped" and j[0]["provider"] == "kdocs-personal"' \
  "skipped by the provider's sha1 and size"
expect_log "len(reqs(E['KD_PERSONAL'] + '/' + E['FT'] + '/download')) == 2" \
  "a second resolve call"
expect_log 'len(gets("/kdocs-store/report.docx")) == 1' "no second download"

note "the provider's file name"
run --json --retry-delay 0.05 kdocs:personal/tokB
expect_rc 0
expect_same "Quarter 3.xlsx" root/store/q3.bin
expect_json 'os.path.basename(j[0]["output"]) == "Quarter 3.xlsx" and j[0]["sha1"] == E["SHA1B"]' \
  "output named by the reply's fname"
expect_no_file q3.bin tokB

note "-o wins over the provider's name; -P directory"
mkdir sub
run --json --retry-delay 0.05 -P sub kdocs:personal/tokB
expect_rc 0
expect_same "sub/Quarter 3.xlsx" root/store/q3.bin
run --retry-delay 0.05 -o mine.bin kdocs:personal/tokB
expect_rc 0
expect_same mine.bin root/store/q3.bin
expect_no_kdocs_secret
t_pass
