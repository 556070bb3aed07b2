#!/usr/bin/env python3
# selftest.py - check fakeprov.py itself: ranges, validators, every fault,
# keep-alive, the request log.  Standard library only.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: python3 selftest.py [--big]   (--big also times a 1 GiB sendfile)
# Exit 0 when every check passes; prints one line per failed check.

import hashlib
import http.client
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
FAILED = []


def check(cond, what):
    if not cond:
        FAILED.append(what)
        print("selftest FAIL: %s" % what)


class Server:
    def __init__(self, tmp, rate=None):
        self.tmp = tmp
        self.root = os.path.join(tmp, "root")
        os.makedirs(self.root, exist_ok=True)
        self.log = os.path.join(tmp, "server.log")
        port_file = os.path.join(tmp, "port")
        cmd = [sys.executable, os.path.join(HERE, "fakeprov.py"),
               "--root", self.root, "--port-file", port_file,
               "--log", self.log]
        if rate:
            cmd += ["--rate", str(rate)]
        self.proc = subprocess.Popen(cmd)
        deadline = time.time() + 5
        while not os.path.exists(port_file):
            if time.time() > deadline:
                raise RuntimeError("no port file")
            time.sleep(0.02)
        with open(port_file) as fh:
            self.port = int(fh.read())
        self.base = "http://127.0.0.1:%d" % self.port

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=5)

    def conn(self):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)

    def fault(self, **spec):
        req = urllib.request.Request(
            self.base + "/_ctl/faults", data=json.dumps(spec).encode(),
            headers={"Content-Type": "application/json"}, method="POST")
        with urllib.request.urlopen(req, timeout=5) as r:
            return json.load(r)

    def reset(self):
        req = urllib.request.Request(self.base + "/_ctl/reset", data=b"",
                                     method="POST")
        urllib.request.urlopen(req, timeout=5).read()

    def entries(self, ctl=False):
        time.sleep(0.1)
        with open(self.log) as fh:
            rows = [json.loads(line) for line in fh if line.strip()]
        return [r for r in rows if ctl or not r["ctl"]]


def get(srv, path, headers=None, method="GET"):
    c = srv.conn()
    c.request(method, path, headers=headers or {})
    r = c.getresponse()
    body = r.read()
    c.close()
    return r, body


def raw_get(srv, path, timeout=10):
    """Read until the server closes; returns (head, body bytes)."""
    s = socket.create_connection(("127.0.0.1", srv.port), timeout=timeout)
    s.sendall(("GET %s HTTP/1.1\r\nHost: x\r\n\r\n" % path).encode())
    data = b""
    while True:
        try:
            chunk = s.recv(65536)
        except socket.timeout:
            break
        if not chunk:
            break
        data += chunk
    s.close()
    head, _, body = data.partition(b"\r\n\r\n")
    return head.decode("latin-1"), body


def test_ranges(srv, content):
    n = len(content)
    r, body = get(srv, "/files/a.bin")
    check(r.status == 200 and body == content, "full GET")
    etag = r.getheader("ETag")
    lm = r.getheader("Last-Modified")
    check(etag and etag.startswith('"') and not etag.startswith('W/'),
          "strong ETag")
    check(r.getheader("Accept-Ranges") == "bytes", "Accept-Ranges")
    check(r.getheader("Content-Type") == "application/octet-stream",
          "Content-Type")
    st = os.stat(os.path.join(srv.root, "a.bin"))
    check(etag == '"%x-%x"' % (st.st_size, st.st_mtime_ns), "ETag format")
    cases = [("bytes=10-19", 10, 19), ("bytes=100-", 100, n - 1),
             ("bytes=-50", n - 50, n - 1), ("bytes=5-%d" % (n + 99), 5, n - 1)]
    for spec, a, b in cases:
        r, body = get(srv, "/files/a.bin", {"Range": spec})
        check(r.status == 206 and body == content[a:b + 1]
              and r.getheader("Content-Range") == "bytes %d-%d/%d" % (a, b, n),
              "range %s" % spec)
    r, body = get(srv, "/files/a.bin", {"Range": "bytes=%d-" % n})
    check(r.status == 416 and body == b""
          and r.getheader("Content-Range") == "bytes */%d" % n, "416")
    r, body = get(srv, "/files/a.bin",
                  {"Range": "bytes=10-", "If-Range": etag})
    check(r.status == 206 and body == content[10:], "If-Range etag match")
    r, body = get(srv, "/files/a.bin", {"Range": "bytes=10-", "If-Range": lm})
    check(r.status == 206, "If-Range date match")
    r, body = get(srv, "/files/a.bin",
                  {"Range": "bytes=10-", "If-Range": '"other"'})
    check(r.status == 200 and body == content, "If-Range mismatch -> 200")
    r, body = get(srv, "/files/a.bin", {"Range": "bytes=1-2,5-6"})
    check(r.status == 200 and body == content, "multi-range ignored")
    r, body = get(srv, "/files/a.bin", method="HEAD")
    check(r.status == 200 and r.getheader("Content-Length") == str(n)
          and body == b"", "HEAD")
    r, body = get(srv, "/files/nope.bin")
    check(r.status == 404, "404")
    r, body = get(srv, "/files/../server.log")
    check(r.status == 404, "no escape from root")
    r, body = get(srv, "/files/empty.bin")
    check(r.status == 200 and body == b"", "empty file")
    r, body = get(srv, "/files/dir/")
    check(r.status == 200 and body == b"index", "directory index.html")


def test_keepalive(srv, content):
    srv.reset()
    c = srv.conn()
    for _ in range(3):
        c.request("GET", "/files/a.bin", headers={"Range": "bytes=0-9"})
        r = c.getresponse()
        check(r.read() == content[:10], "keep-alive body")
    c.close()
    conns = {e["conn"] for e in srv.entries()}
    check(len(srv.entries()) == 3 and len(conns) == 1, "keep-alive: 1 conn")


def test_faults(srv, content):
    n = len(content)
    srv.reset()
    srv.fault(path="/files/a.bin", fault="drop", after=1000)
    head, body = raw_get(srv, "/files/a.bin")
    check(" 200 " in head and len(body) == 1000, "drop after 1000")
    r, body = get(srv, "/files/a.bin")
    check(body == content, "drop consumed after count 1")
    log = srv.entries()
    check(log[0]["fault"] == "drop" and log[0]["bytes_sent"] == 1000
          and log[1]["fault"] is None and log[1]["bytes_sent"] == n,
          "drop log")

    srv.fault(path="/files/a.bin", fault="ignore_range")
    r, body = get(srv, "/files/a.bin", {"Range": "bytes=10-"})
    check(r.status == 200 and body == content, "ignore_range")

    srv.fault(path="/files/a.bin", fault="status", code=503, retry_after=2,
              count=2)
    for i in range(2):
        r, body = get(srv, "/files/a.bin")
        check(r.status == 503 and r.getheader("Retry-After") == "2",
              "status 503 #%d" % i)
    r, body = get(srv, "/files/a.bin")
    check(r.status == 200, "status count 2 used up")

    srv.fault(path="/files/a.bin", fault="corrupt", offset=5, length=3)
    r, body = get(srv, "/files/a.bin")
    want = bytearray(content)
    for i in range(5, 8):
        want[i] ^= 1
    check(body == bytes(want), "corrupt body offsets")
    srv.fault(path="/files/a.bin", fault="corrupt", file_offset=105)
    r, body = get(srv, "/files/a.bin", {"Range": "bytes=100-"})
    want = bytearray(content[100:])
    want[5] ^= 1
    check(body == bytes(want), "corrupt file_offset")

    srv.fault(path="/files/a.bin", fault="rate", bps=100000)
    t0 = time.time()
    r, body = get(srv, "/files/a.bin", {"Range": "bytes=0-49999"})
    dt = time.time() - t0
    check(body == content[:50000] and 0.4 < dt < 1.5, "rate %.2fs" % dt)

    srv.fault(path="/files/a.bin", fault="redirect",
              location="http://localhost:%d/files/a.bin" % srv.port)
    r, body = get(srv, "/files/a.bin")
    check(r.status == 302 and r.getheader("Location").startswith(
        "http://localhost:") and body == b"", "redirect")

    srv.fault(path="/files/a.bin", fault="stall", after=100, seconds=1)
    t0 = time.time()
    head, body = raw_get(srv, "/files/a.bin")
    dt = time.time() - t0
    check(len(body) == 100 and 0.9 < dt < 3, "stall %.2fs" % dt)

    srv.fault(path="/files/a.bin", fault="stall", after=100, seconds=30)
    s = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
    s.sendall(b"GET /files/a.bin HTTP/1.1\r\nHost: x\r\n\r\n")
    time.sleep(0.3)
    s.close()
    time.sleep(0.5)
    last = srv.entries()[-1]
    check(last["fault"] == "stall" and last["bytes_sent"] == 100
          and "client closed" in (last["note"] or ""),
          "a stall ends when the client closes")

    srv.fault(path="/files/a.bin", fault="drop", after=100, chunked=True)
    head, body = raw_get(srv, "/files/a.bin")
    check("transfer-encoding: chunked" in head.lower()
          and "content-length" not in head.lower()
          and body.startswith(b"64\r\n") and not body.endswith(b"0\r\n\r\n"),
          "chunked drop")

    srv.fault(path="/files/a.bin", fault="status", code=500, count=-1)
    for _ in range(3):
        r, body = get(srv, "/files/a.bin")
        check(r.status == 500, "count -1")
    srv.reset()
    r, body = get(srv, "/files/a.bin")
    check(r.status == 200, "reset clears faults")
    try:
        srv.fault(path="/files/a.bin", fault="bogus")
        check(False, "bad fault rejected")
    except urllib.error.HTTPError as e:
        check(e.code == 400, "bad fault -> 400")

    test_new_faults(srv, content)

    srv.fault(path="/files/a.bin", fault="drop", after=10)
    r, body = get(srv, "/files/a.bin", method="HEAD")
    check(r.status == 200, "HEAD does not take a GET fault")
    head, body = raw_get(srv, "/files/a.bin")
    check(len(body) == 10, "GET takes it")


def test_new_faults(srv, content):
    """short_range, headers, range_only, range_from_min."""
    n = len(content)
    srv.reset()
    srv.fault(path="/files/a.bin", fault="short_range", length=100)
    r, body = get(srv, "/files/a.bin")
    check(r.status == 200 and body == content,
          "short_range: a request without Range does not take it")
    r, body = get(srv, "/files/a.bin", {"Range": "bytes=1000-"})
    check(r.status == 206 and body == content[1000:1100]
          and r.getheader("Content-Range") == "bytes 1000-1099/%d" % n
          and r.getheader("Content-Length") == "100", "short_range 206")
    r, body = get(srv, "/files/a.bin", {"Range": "bytes=1000-"})
    check(r.status == 206 and body == content[1000:], "short_range used up")

    srv.fault(path="/files/a.bin", fault="headers",
              headers={"ETag": '"other"'})
    r, body = get(srv, "/files/a.bin", {"Range": "bytes=10-"})
    check(r.status == 206 and r.getheader("ETag") == '"other"'
          and body == content[10:], "headers: ETag replaced")
    r, body = get(srv, "/files/a.bin")
    check(r.getheader("ETag") != '"other"', "headers used up")

    srv.fault(path="/files/a.bin", fault="status", code=503,
              range_from_min=5000, count=-1)
    r, body = get(srv, "/files/a.bin")
    check(r.status == 200, "range_from_min: no Range, no fault")
    r, body = get(srv, "/files/a.bin", {"Range": "bytes=0-99"})
    check(r.status == 206, "range_from_min: range start 0, no fault")
    r, body = get(srv, "/files/a.bin", {"Range": "bytes=5000-"})
    check(r.status == 503, "range_from_min: range start 5000, fault")
    srv.reset()
    srv.fault(path="/files/a.bin", fault="drop", after=10, range_only=True)
    r, body = get(srv, "/files/a.bin")
    check(r.status == 200 and body == content, "range_only: no Range")
    head, body = raw_get(srv, "/files/a.bin")
    check(len(body) == n, "range_only: still queued, not taken")
    srv.reset()


def test_log(srv):
    time.sleep(0.2)             # earlier requests may still be logging
    srv.reset()
    get(srv, "/files/a.bin?token=abc&x=1",
        {"Range": "bytes=0-0", "X-Test": "yes"})
    rows = srv.entries(ctl=True)
    ctl = [r for r in rows if r["ctl"]]
    rows = [r for r in rows if not r["ctl"]]
    check(len(ctl) == 1 and ctl[0]["path"] == "/_ctl/reset", "ctl logged")
    check(len(rows) == 1, "one request logged after the reset")
    e = rows[0]
    check(e["path"] == "/files/a.bin" and e["query"] == "token=abc&x=1"
          and e["range"] == "bytes=0-0" and e["headers"]["x-test"] == "yes"
          and e["host"].startswith("127.0.0.1:") and e["status"] == 206
          and e["bytes_sent"] == 1 and e["method"] == "GET"
          and isinstance(e["conn"], int) and e["fault"] is None
          and e["resp_headers"]["content-range"].startswith("bytes 0-0/"),
          "log fields: %r" % e)


def test_big(tmp):
    srv = Server(tmp)
    try:
        path = os.path.join(srv.root, "big.bin")
        with open(path, "wb") as fh:
            fh.truncate(1 << 30)
        t0 = time.time()
        c = srv.conn()
        c.request("GET", "/files/big.bin")
        r = c.getresponse()
        total = 0
        while True:
            chunk = r.read(1 << 20)
            if not chunk:
                break
            total += len(chunk)
        dt = time.time() - t0
        print("1 GiB in %.2fs = %.0f MB/s" % (dt, total / dt / 1e6))
        check(total == 1 << 30, "1 GiB size")
    finally:
        srv.stop()


def main():
    tmp = tempfile.mkdtemp(prefix="fakeprov-selftest.")
    try:
        srv = Server(tmp)
        try:
            content = random.Random(1).randbytes(300000)
            with open(os.path.join(srv.root, "a.bin"), "wb") as fh:
                fh.write(content)
            open(os.path.join(srv.root, "empty.bin"), "wb").close()
            os.mkdir(os.path.join(srv.root, "dir"))
            with open(os.path.join(srv.root, "dir", "index.html"), "wb") as fh:
                fh.write(b"index")
            test_ranges(srv, content)
            test_keepalive(srv, content)
            test_faults(srv, content)
            test_log(srv)
        finally:
            srv.stop()
        if "--big" in sys.argv:
            test_big(os.path.join(tmp, "big"))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("selftest: %s" % ("FAIL (%d)" % len(FAILED) if FAILED else "ok"))
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
