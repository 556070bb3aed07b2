#!/usr/bin/env bash
# t-fxiaoke-ok: fxiaoke:PATH is resolved with the legacy body parameters
# (corpAccessToken, corpId, currentOpenUserId, data.path) and a new UUIDv4
# thirdTraceId per request, and downloaded intact; the URL is found under
# every field PROVIDERS.md tolerates; none at all is exit 4 naming the
# fields seen (not their values) and the traceId.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-prov.sh"
t_setup
prov_setup fxiaoke
mkfile root/N_file1.bin 300K
mkfile root/N_file2.bin 200K

note "two files"
# -o: with no Content-Disposition the engine names these index.html
# (fname_from_url of the locator); see the report on names.
run --json --retry-delay 0.05 -o f1.bin fxiaoke:N_file1.bin
expect_rc 0
expect_json 'j[0]["provider"] == "fxiaoke" and j[0]["status"] == "ok"'
run --json --retry-delay 0.05 -o f2.bin fxiaoke:N_file2.bin
expect_rc 0
expect_same f1.bin root/N_file1.bin
expect_same f2.bin root/N_file2.bin
expect_stat fxiaoke 's["calls"] == 2 and s["token_calls"] == 0' "two calls, no token fetch"
expect_stat fxiaoke 'all(b == {"corpId": E["FXK_CORP_ID"], "currentOpenUserId": E["FXK_USER"], "data": {"path": p}} for b, p in zip(s["bodies"], ["N_file1.bin", "N_file2.bin"]))' \
  "legacy body parameters"
expect_stat fxiaoke '__import__("re").fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", s["trace_ids"][0]) is not None and len(set(s["trace_ids"])) == 2' \
  "a fresh UUIDv4 thirdTraceId per request"

note "the URL under each tolerated field"
for f in data url signatureUrl signedUrl downloadUrl path path_object deep; do
  prov_ctl fxiaoke "{\"url_field\": \"$f\"}" >/dev/null
  run --retry-delay 0.05 -o "got-$f.bin" fxiaoke:N_file2.bin
  expect_rc 0
  expect_same "got-$f.bin" root/N_file2.bin
done

note "no URL anywhere"
prov_ctl fxiaoke '{"url_field": "none"}' >/dev/null
run --json fxiaoke:N_file2.bin
expect_rc 4
expect_stderr 'fields: errorCode, errorMessage, errorDescription, traceId, data'
expect_stderr 'fields of data: size, status'
expect_stderr 'traceId E-O\.fake\.'
expect_no_stderr 'ready'
expect_json 'j[0]["error"]["kind"] == "provider"'

note "--resolve-only: expiry from the URL"
prov_ctl fxiaoke '{"url_field": "url"}' >/dev/null
run --resolve-only fxiaoke:N_file1.bin
expect_rc 0
expect_json 'j[0]["provider"] == "fxiaoke" and "sig=***" in j[0]["url"] and j[0]["expires_at"] is not None'

note "bad locator"
run fxiaoke:
expect_rc 2
expect_stderr_fixed 'fxiaoke:PATH'
expect_no_prov_secret fxiaoke
t_pass
