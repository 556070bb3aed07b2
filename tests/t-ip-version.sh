#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-ip-version: -4 and -6 restrict which addresses of a name are used.
# "localhost" is both 127.0.0.1 and ::1 (libcurl resolves it itself, RFC
# 6761).  fakeprov listens on 127.0.0.1 only: through localhost, -4 and
# no option work, -6 cannot connect (exit 5).  A second server on ::1 only:
# -6 works, -4 cannot connect.  Skipped when the machine has no ::1.
. "$(dirname "$0")/lib.sh"
"$PYTHON" -c 'import socket
s = socket.socket(socket.AF_INET6)
s.bind(("::1", 0))' 2>/dev/null || t_skip "no IPv6 loopback (::1) here"
t_setup
mkfile root/a.bin 20K
V4=http://localhost:$PORT/files/a.bin

run -4 "$V4"
expect_rc 0
expect_same a.bin root/a.bin
rm -f a.bin
run "$V4"
expect_rc 0
expect_same a.bin root/a.bin
rm -f a.bin
run -6 --retries 0 "$V4"
expect_rc 5
expect_no_file a.bin
expect_stderr -i "connect"

note "a server on ::1 only"
"$PYTHON" - "$T_DIR/root" "$T_DIR/srv/v6.port" 2>"$T_DIR/srv/v6.err" <<'EOF' &
import http.server, os, socket, sys, functools
class V6(http.server.ThreadingHTTPServer):
    address_family = socket.AF_INET6
h = functools.partial(http.server.SimpleHTTPRequestHandler,
                      directory=sys.argv[1])
srv = V6(("::1", 0), h)
with open(sys.argv[2] + ".tmp", "w") as fh:
    fh.write("%d\n" % srv.server_address[1])
os.rename(sys.argv[2] + ".tmp", sys.argv[2])
srv.serve_forever()
EOF
T_BG_PIDS="$T_BG_PIDS $!"
i=0
while [ ! -s srv/v6.port ]; do
  i=$((i + 1))
  [ "$i" -gt 100 ] && fail "the ::1 server wrote no port"
  sleep 0.05
done
V6=http://localhost:$(cat srv/v6.port)/a.bin
run -6 "$V6"
expect_rc 0
expect_same a.bin root/a.bin
rm -f a.bin
run -4 --retries 0 "$V6"
expect_rc 5
expect_no_file a.bin

run -4 -6 "$V6"
expect_rc 2
t_pass
