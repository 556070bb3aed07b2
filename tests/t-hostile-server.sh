#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-hostile-server: responses no honest server sends (issue 10, "Also"):
# redirects to file:// and other schemes, header lines without a colon or
# with a space before it, 20,000 headers, a 200 KB header, a negative,
# absent or lying Content-Length, chunked garbage.  Each must end quickly
# with the documented exit status, and the invariant holds every time:
# nothing under the final name unless it is exactly the file.
. "$(dirname "$0")/lib.sh"
t_setup
printf 'hello' >good
mkfile root/ok.bin 1000

# hostile WHAT FAULT RC: serve FAULT (a raw or redirect fault, for ever)
# at /files/h.bin; sigfetch must exit RC ("0|5": either), leave h.bin
# only when it exits 0 and then holding exactly "hello", and never crash.
hostile()
{
  note "$1"
  server_reset
  rm -f h.bin h.bin.sfpart h.bin.sfstate
  fault "$2"
  run --retries 1 --retry-delay 0.05 --stall-timeout 3 "$BASE/files/h.bin"
  [[ $rc =~ ^($3)$ ]] || fail "$1: exit $rc, expected $3"
  if [ "$rc" = 0 ]; then
    expect_same h.bin good
  else
    expect_no_file h.bin
  fi
  grep -qiE 'sanitizer|double free|corruption|segmentation' err &&
    fail "$1: memory error"
  return 0
}

raw()
{
  # raw HEAD [TAIL] [FILL_LINE FILL_COUNT] as one fault object
  "$PYTHON" -c 'import json, sys
a = sys.argv[1:]
f = {"path": "/files/h.bin", "fault": "raw", "count": -1, "head": a[0],
     "tail": a[1] if len(a) > 1 else ""}
if len(a) > 3:
    f["fill"] = {"line": a[2], "count": int(a[3])}
print(json.dumps(f))' "$@"
}
CRLF=$'\r\n'
H200="HTTP/1.1 200 OK${CRLF}"

for target in "file:///etc/passwd" "ftp://127.0.0.1:$PORT/files/ok.bin" \
              "gopher://127.0.0.1:$PORT/" "dict://127.0.0.1:$PORT/x" \
              "scp://127.0.0.1/x"; do
  hostile "redirect to $target" \
    "{\"path\":\"/files/h.bin\",\"fault\":\"redirect\",\"count\":-1,
      \"location\":\"$target\"}" 5
  expect_stderr 'redirect'
done
expect_no_file passwd ok.bin x

hostile "a header line without a colon" \
  "$(raw "${H200}Content-Length: 5${CRLF}NoColonHere${CRLF}${CRLF}" hello)" "0|5"
hostile "a space before the colon" \
  "$(raw "${H200}Content-Length : 5${CRLF}Content-Length: 5${CRLF}${CRLF}" hello)" "0|5"
hostile "20,000 header lines" \
  "$(raw "${H200}Content-Length: 5${CRLF}" "${CRLF}hello" "X-Many: y${CRLF}" 20000)" "0|5"
hostile "a 200 KB header" \
  "$(raw "${H200}Content-Length: 5${CRLF}X-Big: " "${CRLF}${CRLF}hello" "a" 204800)" 5
hostile "a negative Content-Length" \
  "$(raw "${H200}Content-Length: -5${CRLF}Connection: close${CRLF}${CRLF}" hello)" "0|5"
hostile "no Content-Length, body until close" \
  "$(raw "${H200}Connection: close${CRLF}${CRLF}" hello)" 0
hostile "a Content-Length longer than the body" \
  "$(raw "${H200}Content-Length: 9${CRLF}${CRLF}" hello)" 5
# The response's framing says the file is 3 bytes: "hel" is the file and
# "lo" bytes after the response (HTTP, like curl); only an expectation
# can tell (below).
printf 'hel' >good
hostile "a Content-Length shorter than the body" \
  "$(raw "${H200}Content-Length: 3${CRLF}${CRLF}" hello)" 0
printf 'hello' >good
hostile "two different Content-Lengths" \
  "$(raw "${H200}Content-Length: 5${CRLF}Content-Length: 7${CRLF}${CRLF}" hello)" 5
hostile "chunked garbage" \
  "$(raw "${H200}Transfer-Encoding: chunked${CRLF}${CRLF}" "zz${CRLF}hello${CRLF}0${CRLF}${CRLF}")" 5
hostile "a chunk longer than announced" \
  "$(raw "${H200}Transfer-Encoding: chunked${CRLF}${CRLF}" "3${CRLF}hello${CRLF}0${CRLF}${CRLF}")" 5
hostile "a status line that is not HTTP" \
  "$(raw "SSH-2.0-OpenSSH${CRLF}${CRLF}" hello)" 5

note "with --sha1, a lying short body is never the file"
server_reset
fault "$(raw "${H200}Content-Length: 3${CRLF}${CRLF}" hello)"
run --retries 1 --retry-delay 0.05 --sha1 "$(sha1_of good)" "$BASE/files/h.bin"
[[ $rc =~ ^(5|6)$ ]] || fail "exit $rc, expected 5 or 6"
expect_no_file h.bin
t_pass
