#!/usr/bin/env python3
# proxy.py - a small HTTP proxy for sigfetch's tests.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Python 3 standard library only.  Listens on 127.0.0.1, port 0, and writes
# the port to --port-file.  Speaks the two ways an HTTP proxy is used:
#   absolute-URI requests ("GET http://host:port/path HTTP/1.1"): the
#     request goes to the origin in origin form with "Connection: close",
#     and the response comes back byte for byte;
#   CONNECT host:port: "200 Connection established", then a blind tunnel
#     (https through the proxy).
# Every request is appended to --log as one JSON line before it is served:
#   {"method": ..., "target": ..., "proxy_auth": "Basic ..." or null,
#    "user_agent": ...}
# --connect-status N answers every CONNECT with N (e.g. 407, 403) and a
# short body instead of tunnelling; --auth USER:PASSWORD wants that
# Proxy-Authorization (Basic) on every request, else 407.
# Only 127.0.0.1 and ::1 are ever connected to.

import argparse
import base64
import json
import os
import select
import socket
import socketserver
import sys
import threading

LOCAL = ("127.0.0.1", "::1", "localhost")


class Handler(socketserver.StreamRequestHandler):
    def log_request(self, method, target, headers):
        entry = {"method": method, "target": target,
                 "proxy_auth": headers.get("proxy-authorization"),
                 "user_agent": headers.get("user-agent")}
        with self.server.lock:
            with open(self.server.args.log, "a") as fh:
                fh.write(json.dumps(entry) + "\n")

    def answer(self, code, text, extra=""):
        body = ("%d %s\n" % (code, text)).encode()
        self.wfile.write(("HTTP/1.1 %d %s\r\n%sContent-Length: %d\r\n"
                          "Connection: close\r\n\r\n"
                          % (code, text, extra, len(body))).encode() + body)

    def read_head(self):
        line = self.rfile.readline(65537).decode("latin-1")
        headers, raw = {}, []
        while True:
            h = self.rfile.readline(65537)
            if h in (b"\r\n", b"\n", b""):
                break
            raw.append(h)
            text = h.decode("latin-1")
            if ":" in text:
                k, v = text.split(":", 1)
                headers[k.strip().lower()] = v.strip()
        return line, headers, raw

    def authorised(self, headers):
        want = self.server.args.auth
        if not want:
            return True
        token = "Basic " + base64.b64encode(want.encode()).decode()
        return headers.get("proxy-authorization") == token

    def handle(self):
        line, headers, raw = self.read_head()
        parts = line.split()
        if len(parts) != 3:
            return
        method, target, _ = parts
        self.log_request(method, target, headers)
        if not self.authorised(headers):
            self.answer(407, "Proxy Authentication Required",
                        'Proxy-Authenticate: Basic realm="test"\r\n')
            return
        if method == "CONNECT":
            self.tunnel(target)
        elif target.startswith("http://"):
            self.forward(method, target, headers, raw)
        else:
            self.answer(400, "Bad Request")

    def open_origin(self, hostport):
        host, _, port = hostport.rpartition(":")
        host = host.strip("[]")
        if host not in LOCAL:
            return None
        try:
            return socket.create_connection((host, int(port)), timeout=30)
        except OSError:
            return None

    def tunnel(self, target):
        code = self.server.args.connect_status
        if code:
            self.answer(code, "Refused by the test proxy")
            return
        up = self.open_origin(target)
        if not up:
            self.answer(502, "Bad Gateway")
            return
        self.wfile.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
        self.wfile.flush()
        self.pipe(self.connection, up)

    def forward(self, method, target, headers, raw):
        rest = target[len("http://"):]
        hostport, slash, path = rest.partition("/")
        if ":" not in hostport:
            hostport += ":80"
        up = self.open_origin(hostport)
        if not up:
            self.answer(502, "Bad Gateway")
            return
        out = ["%s /%s HTTP/1.1\r\n" % (method, path)]
        for h in raw:
            name = h.decode("latin-1").split(":", 1)[0].strip().lower()
            if name in ("proxy-authorization", "proxy-connection",
                        "connection"):
                continue
            out.append(h.decode("latin-1"))
        out.append("Connection: close\r\n\r\n")
        up.sendall("".join(out).encode("latin-1"))
        length = int(headers.get("content-length", "0") or 0)
        if length:
            up.sendall(self.rfile.read(length))
        while True:
            data = up.recv(65536)
            if not data:
                break
            self.wfile.write(data)
        up.close()

    def pipe(self, a, b):
        socks = [a, b]
        try:
            while True:
                ready, _, _ = select.select(socks, [], [], 60)
                if not ready:
                    return
                for s in ready:
                    data = s.recv(65536)
                    if not data:
                        return
                    (b if s is a else a).sendall(data)
        except OSError:
            return
        finally:
            b.close()


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    p = argparse.ArgumentParser(description="HTTP proxy for sigfetch tests")
    p.add_argument("--port-file", required=True)
    p.add_argument("--log", required=True)
    p.add_argument("--connect-status", type=int, default=0)
    p.add_argument("--auth", default="")
    args = p.parse_args()
    srv = Server(("127.0.0.1", 0), Handler)
    srv.args = args
    srv.lock = threading.Lock()
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as fh:
        fh.write("%d\n" % srv.server_address[1])
    os.rename(tmp, args.port_file)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
