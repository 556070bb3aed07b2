#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-resolve-only: --resolve-only prints one JSON line per locator, in input
# order, with locator, provider, url (query values ***), headers, size,
# sha1, name and expires_at (ISO 8601, UTC), null where unknown; nothing is
# downloaded.  --show-secrets prints the URL as issued.  A locator that
# fails to resolve gets a failed line and its exit status.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-kdocs.sh"
t_setup
kdocs_setup
mkfile root/doc.bin 4321
mkfile root/b.bin 10
export SHA1
SHA1=$(sha1_of root/doc.bin)
kdocs_ctl '{"overrides":{"b.bin":{"name":"Budget 2024.xlsx"}}}'
ISO='__import__("re").match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", o["expires_at"]) is not None'

note "three locators, redacted"
run --resolve-only kdocs:personal/doc.bin kdocs:app/doc.bin \
  "$BASE/files/doc.bin?access_token=$KD_TOKEN&x=1"
expect_rc 0
expect_json 'len(j) == 3 and [o["locator"] for o in j] == ["kdocs:personal/doc.bin", "kdocs:app/doc.bin", E["BASE"] + "/files/doc.bin?access_token=***&x=***"]' \
  "three lines in input order"
expect_json 'all(set(o) >= {"locator", "provider", "url", "headers", "size", "sha1", "name", "expires_at"} for o in j)' \
  "every field present"
expect_json '[o["provider"] for o in j] == ["kdocs-personal", "kdocs-app", "direct"]' \
  "providers"
expect_json 'all(o["url"] == E["BASE"] + "/kdocs-store/doc.bin?id=***&Expires=***&sig=***" for o in j[:2])' \
  "kdocs URLs with query values *** and names kept"
expect_json 'j[2]["url"] == E["BASE"] + "/files/doc.bin?access_token=***&x=***"' \
  "direct URL redacted"
expect_json 'all(o["headers"] == {} for o in j)' "no provider headers"
expect_json 'j[0]["size"] == 4321 and j[0]["sha1"] == E["SHA1"] and j[0]["name"] is None' \
  "personal: size and sha1 from the reply, no name"
expect_json 'j[1]["size"] is None and j[1]["sha1"] == E["SHA1"]' \
  "app space: no fsize in the reply, sha1"
expect_json 'all((lambda o: '"$ISO"')(o) for o in j[:2]) and j[2]["expires_at"] is None' \
  "expires_at ISO 8601 for kdocs, null for direct"
expect_only_files
expect_log 'not [e for e in r if e["path"].startswith("/kdocs-store/") or e["path"].startswith("/files/")]' \
  "no download"
expect_no_kdocs_secret

note "the provider's name"
run --resolve-only kdocs:personal/b.bin
expect_rc 0
expect_json 'j[0]["name"] == "Budget 2024.xlsx"' "name from the reply"

note "--show-secrets"
run --resolve-only --show-secrets kdocs:personal/doc.bin
expect_rc 0
expect_json '__import__("re").match(r"^" + E["BASE"] + r"/kdocs-store/doc\.bin\?id=\d+&Expires=\d+&sig=[0-9a-f]{64}$", j[0]["url"]) is not None' \
  "the URL as issued"
expect_json 'j[0]["expires_at"] == __import__("time").strftime("%Y-%m-%dT%H:%M:%SZ", __import__("time").gmtime(int(j[0]["url"].split("Expires=")[1].split("&")[0])))' \
  "expires_at is the URL's Expires"
export SHOWN
SHOWN=$(json_query 'j[0]["url"]')
status=$("$PYTHON" -c 'import sys, urllib.request
print(urllib.request.urlopen(sys.argv[1], timeout=5).status)' "$SHOWN")
[ "$status" = 200 ] || fail "the unredacted URL does not work ($status)"

note "a failure among them"
run --resolve-only --json kdocs:personal/doc.bin kdocs:personal/missing.bin
expect_rc 4
expect_json 'len(j) == 2 and j[0]["url"].endswith("sig=***") and j[1]["status"] == "failed" and j[1]["provider_code"] == "40004" and j[1]["error"]["exit_code"] == 4' \
  "ok line, then a failed line with provider_code"
expect_only_files
t_pass
