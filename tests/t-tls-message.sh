#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-tls-message: network failures say what libcurl found.  An HTTPS server
# with a self-signed certificate (made here with the openssl CLI, served by
# fakeprov --tls-cert) is exit 5 with libcurl's own detail ("SSL
# certificate problem: self-signed certificate") on stderr; a refused
# connection names 127.0.0.1 and the port.
. "$(dirname "$0")/lib.sh"
command -v openssl >/dev/null 2>&1 || t_skip "needs the openssl CLI"
T_DIR=$(mktemp -d "${TMPDIR:-/tmp}/sigfetch-$T_NAME-cert.XXXXXX") ||
  fail "mktemp"
CERTDIR=$T_DIR
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 \
  -addext subjectAltName=IP:127.0.0.1 \
  -keyout "$CERTDIR/key.pem" -out "$CERTDIR/cert.pem" >/dev/null 2>&1 ||
  { rm -rf "$CERTDIR"; t_skip "openssl cannot make a self-signed certificate"; }
t_setup --tls-cert "$CERTDIR/cert.pem" --tls-key "$CERTDIR/key.pem"
mv "$CERTDIR"/*.pem "$T_DIR/srv/" && rm -rf "$CERTDIR"
mkfile root/a.bin 10K
HTTPS=https://127.0.0.1:$PORT

run --retries 1 --retry-delay 0.05 --json "$HTTPS/files/a.bin"
expect_rc 5
expect_no_file a.bin
expect_stderr -i 'self[- ]signed certificate'
expect_json 'len(j) == 1 and j[0]["status"] == "failed" and j[0]["error"]["exit_code"] == 5' \
  "failed with exit_code 5"
awk -v e="$elapsed" 'BEGIN { exit !(e < 10) }' ||
  fail "took ${elapsed}s to give up on a bad certificate"

note "the same server with --cacert: the download works (the server is sound)"
run --retries 1 --retry-delay 0.05 --cacert srv/cert.pem "$HTTPS/files/a.bin"
expect_rc 0
expect_same a.bin root/a.bin

note "refused connection"
DEAD=$("$PYTHON" -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()')
run --retries 0 --connect-timeout 2 "http://127.0.0.1:$DEAD/x.bin"
expect_rc 5
expect_stderr -i 'refused|connect'
# the message itself, not only the locator, names the address and port (as
# libcurl's detail does: "Failed to connect to 127.0.0.1 port N ...")
grep -E -q "x\.bin: .*127\.0\.0\.1[: ]+(port )?$DEAD" err ||
  fail "no message names 127.0.0.1 port $DEAD besides the locator"
t_pass
