#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-json: --json prints one result object per locator on stdout, with every
# field of the contract, for ok, skipped, failed (404) and failed (sha1);
# query values in the locator are shown as ***.
. "$(dirname "$0")/lib.sh"
t_setup
mkfile root/a.bin 123457
export SHA1; SHA1=$(sha1_of root/a.bin)
export BASE
TOKEN=tok3nVALUE9

ok_fields='isinstance(o["elapsed_s"], (int, float)) and not isinstance(o["elapsed_s"], bool) and 0 <= o["elapsed_s"] < 60 and isinstance(o["retries"], int) and o["provider"] == "direct"'

note "ok"
run --json --retry-delay 0.05 "$BASE/files/a.bin?token=$TOKEN&v=2"
expect_rc 0
expect_same a.bin root/a.bin
expect_json 'len(j) == 1' "exactly one line"
expect_json 'j[0]["locator"] == E["BASE"] + "/files/a.bin?token=***&v=***"' \
  "locator with query values redacted"
expect_json '(lambda o: '"$ok_fields"')(j[0])' "provider, elapsed_s, retries"
expect_json 'j[0]["status"] == "ok" and j[0]["size"] == 123457 and j[0]["sha1"] == E["SHA1"]' \
  "status ok, size, sha1"
expect_json 'j[0]["resumed_from"] == 0 and j[0]["bytes_transferred"] == 123457 and j[0]["retries"] == 0' \
  "resumed_from 0, bytes_transferred, retries 0"
expect_json 'os.path.realpath(j[0]["output"]) == os.path.realpath("a.bin")' \
  "output names a.bin"
expect_json 'j[0].get("error") is None' "no error object"

note "skipped"
run --json --retry-delay 0.05 --sha1 "$SHA1" "$BASE/files/a.bin?token=$TOKEN&v=2"
expect_rc 0
expect_json 'len(j) == 1 and j[0]["status"] == "skipped"' "status skipped"
expect_json 'j[0]["locator"] == E["BASE"] + "/files/a.bin?token=***&v=***"' \
  "locator redacted"
expect_json '(lambda o: '"$ok_fields"')(j[0])' "provider, elapsed_s, retries"
expect_json 'j[0]["size"] == 123457 and j[0]["sha1"] == E["SHA1"] and j[0]["bytes_transferred"] == 0' \
  "size, sha1, bytes_transferred 0"
expect_json 'os.path.realpath(j[0]["output"]) == os.path.realpath("a.bin")' \
  "output names a.bin"
expect_json 'j[0].get("error") is None' "no error object"

note "failed: 404"
run --json --retry-delay 0.05 "$BASE/files/missing.bin?token=$TOKEN"
expect_rc 5
expect_json 'len(j) == 1 and j[0]["status"] == "failed"' "status failed"
expect_json 'j[0]["locator"] == E["BASE"] + "/files/missing.bin?token=***"' \
  "locator redacted"
expect_json 'j[0]["provider"] == "direct"' "provider direct"
expect_json 'isinstance(j[0]["error"], dict) and j[0]["error"]["exit_code"] == 5' \
  "error.exit_code 5"
expect_json 'isinstance(j[0]["error"]["kind"], str) and j[0]["error"]["kind"] != "" and j[0]["error"]["kind"] != "integrity"' \
  "error.kind names a network/HTTP failure"
expect_json 'isinstance(j[0]["error"]["message"], str) and j[0]["error"]["message"].strip() != ""' \
  "error.message"

note "failed: sha1"
run --json --retry-delay 0.05 --sha1 "$(bad_hex "$SHA1")" -o other.bin \
    "$BASE/files/a.bin?token=$TOKEN"
expect_rc 6
expect_no_file other.bin
expect_json 'len(j) == 1 and j[0]["status"] == "failed"' "status failed"
expect_json 'j[0]["error"]["exit_code"] == 6 and j[0]["error"]["kind"] == "integrity"' \
  "error.exit_code 6, kind integrity"
expect_json 'isinstance(j[0]["error"]["message"], str) and j[0]["error"]["message"].strip() != ""' \
  "error.message"
expect_json 'os.path.realpath(j[0]["output"]) == os.path.realpath("other.bin")' \
  "output names other.bin"

expect_log 'all(e["query"].startswith("token=" + "tok3nVALUE9") for e in gets("/files/a.bin"))' \
  "the server got the real token"
expect_no_secret "$TOKEN"
t_pass
