#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-resume-novalidator: a server that sends neither ETag nor Last-Modified
# (lighttpd's default; fakeprov --no-validators) leaves a partial whose
# state holds no validator.  A rerun that knows the size (--size) or a
# checksum (--sha1) resumes it with a Range request (no If-Range: there is
# nothing to send) and verifies the whole file; a rerun that knows
# neither restarts from zero, and the warning says that no validator
# proves the partial is the same file.
. "$(dirname "$0")/lib.sh"
t_setup --no-validators
SZ=$((3 * 1048576))
mkfile root/a.bin 3M
export SZ SHA1; SHA1=$(sha1_of root/a.bin)

# interrupt KIND: a download of a.bin cut by SIGKILL; $P its partial size
interrupt()
{
  fault '{"path":"/files/a.bin","fault":"rate","bps":400000}'
  interrupted_download 9 "$BASE/files/a.bin" a.bin --retry-delay 0.05
  expect_rc 137
  expect_partial a.bin
  "$PYTHON" -c 'import json, sys
st = json.load(open(sys.argv[1]))
sys.exit(st.get("etag") is not None or st.get("last_modified") is not None)' \
    a.bin.sfstate || fail "the state records a validator: $(cat a.bin.sfstate)"
  export P=$partial_size
  [ "$P" -gt 0 ] && [ "$P" -lt "$SZ" ] || fail "partial size $P"
  server_reset
}

for known in "--size $SZ" "--sha1 $SHA1"; do
  note "$known: resumed"
  interrupt
  # shellcheck disable=SC2086
  run --retry-delay 0.05 --json $known "$BASE/files/a.bin"
  expect_rc 0
  expect_same a.bin root/a.bin
  expect_no_partial a.bin
  expect_log 'len(gets("/files/a.bin")) == 1' "one GET"
  expect_log 'gets("/files/a.bin")[0]["range"] == "bytes=%s-" % E["P"]' \
    "Range: bytes=$P-"
  expect_log '"if-range" not in gets("/files/a.bin")[0]["headers"]' \
    "no If-Range"
  expect_log 'gets("/files/a.bin")[0]["bytes_sent"] == int(E["SZ"]) - int(E["P"])' \
    "only the rest sent"
  expect_json 'j[0]["resumed_from"] == int(E["P"])' "resumed_from $P"
  expect_no_stderr "no validator|another download"
  rm -f a.bin
done

note "nothing known: restarted, with the reason"
interrupt
run --retry-delay 0.05 --json "$BASE/files/a.bin"
expect_rc 0
expect_same a.bin root/a.bin
expect_log 'len(gets("/files/a.bin")) == 1 and gets("/files/a.bin")[0]["range"] is None' \
  "one GET without Range"
expect_json 'j[0]["resumed_from"] == 0 and j[0]["bytes_transferred"] == int(E["SZ"])' \
  "from zero"
expect_stderr "no validator .*proves that partial file 'a.bin.sfpart' is the same file"
expect_no_stderr "another download"

note "a wrong size: resumed, then refused at the end (exit 6)"
rm -f a.bin
interrupt
run --retry-delay 0.05 --retries 0 --size $((SZ + 1)) "$BASE/files/a.bin"
expect_rc 6
expect_no_file a.bin
t_pass
