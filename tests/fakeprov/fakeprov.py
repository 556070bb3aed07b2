#!/usr/bin/env python3
# fakeprov.py - local fake storage/provider server for sigfetch's tests.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Python 3 standard library only.  Serves files from --root under /files/
# (a path ending in / serves that directory's index.html) with single-range
# support, validators (ETag, Last-Modified, If-Range), pacing (--rate), and
# faults that a test queues per path through a control endpoint.  Every
# request is appended to --log as one JSON line once its response has ended
# (or failed), so tests can assert what sigfetch sent.
#
# Layout, so that provider APIs (Kdocs, WeChat TCB, Ekuaibao, Fxiaoke) can be
# added later without touching the rest:
#   ServerState   everything shared: config, FaultQueue, RequestLog, conn ids
#   Exchange      one request/response: what gets logged
#   ROUTES        (methods, path prefix, function) table; a route function
#                 gets (handler, exchange, fault) and writes the response
#   Handler       parses, takes the fault, dispatches, logs
# A provider API is one more function and one more ROUTES line.
#
# --no-validators: file responses carry neither ETag nor Last-Modified (as
# lighttpd's default), so a client has nothing to send in If-Range.
#
# Control API (never subject to faults, logged with "ctl": true):
#   POST /_ctl/faults  body: one fault object, or a list of them
#   POST /_ctl/reset   clears every fault queue and truncates the request log
#                      (body {"log": false}: clears the faults only)
#   GET  /_ctl/faults  the queued faults, as JSON (for debugging)
#
# Fault object: {"path": "/files/a.bin", "fault": KIND, "count": 1, ...}
#   count      next COUNT matching requests of that path (default 1, -1 =
#              for ever); faults of one path form a queue, first in first out
#   method     "GET", "HEAD", "POST" or "*"; default "*" for status and
#              redirect, "GET" for the body faults below
#   drop       after=N: headers and N body bytes, then FIN (shutdown + close);
#              "rst": true closes with a TCP reset instead, once the
#              client has read those N bytes (a reset destroys unread data)
#   stall      after=N, seconds=S (30): N body bytes, then S seconds of
#              silence with the connection open, then close (earlier if
#              the client closes first)
#   corrupt    offset=O, length=L (1): flip the low bit of body bytes
#              [O, O+L) (offsets within the response body); "file_offset"
#              instead of "offset" counts from the start of the file
#   rate       bps=B: pace this response's body at B bytes/s
#   ignore_range  answer 200 with the full body even to a Range request
#   status     code=C, retry_after=V (optional), headers={...} (optional):
#              answer C with a short text body
#   redirect   code=C (302), location=URL: answer C with Location, no body
#   raw        head=TEXT, fill={"line": TEXT, "count": N} (optional),
#              tail=TEXT (optional): write HEAD, N copies of the fill line,
#              then TAIL verbatim (each character one byte, latin-1), and
#              close the connection: hostile or broken responses that
#              http.server would never produce (no colon, 20,000 headers,
#              a lying Content-Length, chunked garbage)
#   short_range  length=L: answer a Range request for [S, E] with 206,
#              Content-Range "bytes S-(S+L-1)/TOTAL" and Content-Length L
#              (L clipped to the end of the file), i.e. fewer bytes than
#              asked for but a consistent response; implies range_only
#   headers    headers={...}: a normal response whose headers are replaced
#              or added by these (e.g. {"ETag": "\"other\""})
# Options every fault takes (matching; a queued fault that does not match
# a request stays at the head of its queue, unused):
#   range_only      true: only requests with a Range header match
#   range_from_min  N: only requests with a "bytes=S-..." Range, S >= N
# and body faults (drop stall corrupt rate ignore_range short_range
# headers) also take headers={...}: replace or add response headers.
# drop, stall, corrupt and rate also take "chunked": true: the body is sent
# with Transfer-Encoding: chunked and no Content-Length, and a dropped or
# stalled body never gets its terminating chunk (so the client cannot tell
# it has every byte).

import argparse
import email.utils
import fcntl
import http.server
import itertools
import json
import os
import select
import signal
import socket
import struct
import sys
import threading
import time
import urllib.parse

CHUNK = 64 * 1024
SENDFILE_MAX = 1 << 30

BODY_FAULTS = ("drop", "stall", "corrupt", "rate", "ignore_range",
               "short_range", "headers")
HEAD_FAULTS = ("status", "redirect", "raw")
FAULT_KINDS = BODY_FAULTS + HEAD_FAULTS
CONN_ERRORS = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError,
               TimeoutError)


class ClientGone(Exception):
    """The response could not be finished: the peer went away, or a fault
  closed the connection on purpose."""


# ---------------------------------------------------------------- state


class FaultQueue:
    """Per-path FIFO queues of faults, thread-safe."""

    def __init__(self):
        self._lock = threading.Lock()
        self._queues = {}

    @staticmethod
    def validate(spec):
        if not isinstance(spec, dict):
            raise ValueError("a fault is a JSON object")
        if not isinstance(spec.get("path"), str) or \
           not spec["path"].startswith("/"):
            raise ValueError("fault needs \"path\" starting with /")
        if spec.get("fault") not in FAULT_KINDS:
            raise ValueError("unknown fault %r (known: %s)"
                             % (spec.get("fault"), ", ".join(FAULT_KINDS)))
        count = spec.get("count", 1)
        if not isinstance(count, int) or count == 0 or count < -1:
            raise ValueError("count must be a positive integer or -1")
        if spec["fault"] == "redirect" and not spec.get("location"):
            raise ValueError("redirect needs \"location\"")
        if spec["fault"] == "raw" and not isinstance(spec.get("head"), str):
            raise ValueError("raw needs \"head\" (a string)")
        if spec["fault"] == "status" and not isinstance(spec.get("code"), int):
            raise ValueError("status needs an integer \"code\"")
        if spec["fault"] == "rate" and not spec.get("bps", 0) > 0:
            raise ValueError("rate needs \"bps\" > 0")
        if spec["fault"] == "short_range" and \
           not (isinstance(spec.get("length"), int) and spec["length"] > 0):
            raise ValueError("short_range needs an integer \"length\" > 0")
        if "headers" in spec and not isinstance(spec["headers"], dict):
            raise ValueError("\"headers\" must be an object")
        rfm = spec.get("range_from_min")
        if rfm is not None and not (isinstance(rfm, int) and rfm >= 0):
            raise ValueError("range_from_min must be an integer >= 0")
        return dict(spec, count=count)

    def add(self, spec):
        spec = self.validate(spec)
        with self._lock:
            self._queues.setdefault(spec["path"], []).append(spec)

    @staticmethod
    def _method_matches(spec, method):
        want = spec.get("method")
        if want is None:
            want = "*" if spec["fault"] in HEAD_FAULTS else "GET"
        return want == "*" or want.upper() == method

    @staticmethod
    def _range_matches(spec, range_value):
        """range_only / range_from_min / short_range: the request must carry
    a Range header (whose first byte is at least range_from_min)."""
        need = spec.get("range_only") or spec["fault"] == "short_range" \
            or spec.get("range_from_min") is not None
        if not need:
            return True
        if not range_value:
            return False
        minimum = spec.get("range_from_min")
        if minimum is None:
            return True
        unit, _, rest = range_value.strip().partition("=")
        first = rest.strip().partition("-")[0].strip()
        if unit.strip().lower() != "bytes" or not first.isdigit():
            return False
        return int(first) >= minimum

    def take(self, method, path, range_value=None):
        """The fault that applies to this request, or None; uses up one count
    of it."""
        with self._lock:
            queue = self._queues.get(path)
            if not queue or not self._method_matches(queue[0], method) or \
               not self._range_matches(queue[0], range_value):
                return None
            spec = queue[0]
            if spec["count"] > 0:
                spec["count"] -= 1
                if spec["count"] == 0:
                    queue.pop(0)
            return dict(spec)

    def clear(self):
        with self._lock:
            self._queues.clear()

    def snapshot(self):
        with self._lock:
            return {path: [dict(f) for f in queue]
                    for path, queue in self._queues.items() if queue}


class RequestLog:
    """Append-only JSON-lines log, one line per finished request."""

    def __init__(self, path):
        self._lock = threading.Lock()
        self._path = path
        self._fh = open(path, "a", encoding="utf-8")

    def append(self, entry):
        line = json.dumps(entry, sort_keys=True) + "\n"
        with self._lock:
            self._fh.write(line)
            self._fh.flush()

    def truncate(self):
        with self._lock:
            self._fh.close()
            self._fh = open(self._path, "w", encoding="utf-8")


class ServerState:
    """Everything the handlers share; hangs off the server object."""

    def __init__(self, root, log_path, rate, tls=False):
        self.root = os.path.realpath(root)
        self.rate = rate
        self.tls = tls
        self.no_validators = False
        self.faults = FaultQueue()
        self.log = RequestLog(log_path)
        self._conn_ids = itertools.count(1)
        self._conn_lock = threading.Lock()

    def new_conn_id(self):
        with self._conn_lock:
            return next(self._conn_ids)


class Exchange:
    """One request and what was answered; becomes one log line."""

    def __init__(self, handler, conn_id):
        url = urllib.parse.urlsplit(handler.path)
        self.method = handler.command
        self.path = url.path
        self.query = url.query
        self.headers = {}
        for name, value in handler.headers.items():
            key = name.lower()
            if key in self.headers:
                self.headers[key] += ", " + value
            else:
                self.headers[key] = value
        self.conn = conn_id
        self.status = None
        self.resp_headers = {}
        self.bytes_sent = 0
        self.fault = None
        self.ctl = self.path.startswith("/_ctl/")
        self.t_start = time.time()
        self.note = None

    def to_json(self):
        return {
            "method": self.method, "path": self.path, "query": self.query,
            "host": self.headers.get("host"), "headers": self.headers,
            "status": self.status, "range": self.headers.get("range"),
            "bytes_sent": self.bytes_sent, "conn": self.conn,
            "fault": self.fault, "ctl": self.ctl,
            "resp_headers": self.resp_headers,
            "t_start": round(self.t_start, 6), "t_end": round(time.time(), 6),
            "note": self.note,
        }


# ---------------------------------------------------------------- ranges


def parse_range(value, size):
    """Parse a single-range `bytes=` header against SIZE.
  Returns None (ignore the header: absent, malformed or multi-range),
  "unsatisfiable", or (first, last) inclusive."""
    if not value:
        return None
    unit, _, spec = value.strip().partition("=")
    if unit.strip().lower() != "bytes" or "," in spec:
        return None
    first, dash, last = spec.strip().partition("-")
    if not dash:
        return None
    try:
        if first == "":
            suffix = int(last)
            if suffix < 0:
                return None
            if suffix == 0 or size == 0:
                return "unsatisfiable"
            return (max(0, size - suffix), size - 1)
        start = int(first)
        end = int(last) if last != "" else None
    except ValueError:
        return None
    if start < 0 or (end is not None and end < start):
        return None
    if start >= size:
        return "unsatisfiable"
    if end is None or end >= size:
        end = size - 1
    return (start, end)


def if_range_allows(handler, etag, last_modified):
    """RFC 9110 If-Range: the range applies only if the validator matches."""
    value = handler.headers.get("If-Range")
    if value is None:
        return True
    value = value.strip()
    return value == etag or value == last_modified


# ---------------------------------------------------------------- bodies


class BodyPlan:
    """How to write one response body, derived from the fault and --rate."""

    def __init__(self, fault, global_rate, body_start):
        kind = fault["fault"] if fault else None
        self.stop_after = None
        self.after_stop = None          # "drop" | "stall"
        self.stall_seconds = 0.0
        self.rst = False
        self.bps = global_rate or None
        self.flip = None                # (first, end) body offsets
        self.chunked = bool(fault and fault.get("chunked"))
        if kind in ("drop", "stall"):
            self.stop_after = int(fault.get("after", 0))
            self.after_stop = kind
            self.stall_seconds = float(fault.get("seconds", 30))
            self.rst = bool(fault.get("rst"))
        elif kind == "rate":
            self.bps = float(fault["bps"])
        elif kind == "corrupt":
            if "file_offset" in fault:
                first = int(fault["file_offset"]) - body_start
            else:
                first = int(fault.get("offset", 0))
            self.flip = (first, first + int(fault.get("length", 1)))

    def plain(self):
        """True when the body can go out with sendfile at full speed."""
        return (self.stop_after is None and self.bps is None
                and self.flip is None and not self.chunked)


def _flip_bits(chunk, pos, flip):
    first = max(flip[0], pos)
    end = min(flip[1], pos + len(chunk))
    if first >= end:
        return chunk
    buf = bytearray(chunk)
    for i in range(first - pos, end - pos):
        buf[i] ^= 1
    return bytes(buf)


class Pacer:
    """Sleep-based pacing at BPS bytes per second."""

    def __init__(self, bps):
        self.bps = bps
        self.t0 = time.monotonic()

    def chunk_size(self):
        if not self.bps:
            return CHUNK
        return int(max(1, min(CHUNK, self.bps / 20)))

    def wait(self, sent):
        if not self.bps:
            return
        delay = self.t0 + sent / self.bps - time.monotonic()
        if delay > 0:
            time.sleep(delay)


def _write(handler, ex, data, chunked):
    if chunked:
        handler.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
    else:
        handler.wfile.write(data)
    ex.bytes_sent += len(data)


def send_file_fast(handler, ex, f, offset, count):
    """Zero-copy body; ex.bytes_sent stays exact even on failure."""
    out_fd = handler.connection.fileno()
    in_fd = f.fileno()
    while count > 0:
        n = os.sendfile(out_fd, in_fd, offset, min(count, SENDFILE_MAX))
        if n == 0:
            break
        offset += n
        count -= n
        ex.bytes_sent += n


def send_file_paced(handler, ex, f, offset, count, plan):
    """Body through userspace: pacing, corruption, early stop."""
    f.seek(offset)
    limit = count if plan.stop_after is None else min(count, plan.stop_after)
    pacer = Pacer(plan.bps)
    while ex.bytes_sent < limit:
        data = f.read(min(pacer.chunk_size(), limit - ex.bytes_sent))
        if not data:
            break
        if plan.flip:
            data = _flip_bits(data, ex.bytes_sent, plan.flip)
        _write(handler, ex, data, plan.chunked)
        pacer.wait(ex.bytes_sent)
    if plan.after_stop:
        end_abruptly(handler, ex, plan)
    if plan.chunked:
        handler.wfile.write(b"0\r\n\r\n")


def end_abruptly(handler, ex, plan):
    """Finish a drop or stall fault: no more bytes, then close."""
    sock = handler.connection
    reason = plan.after_stop
    if plan.after_stop == "stall" and not stall(sock, plan.stall_seconds):
        reason = "stall: client closed"
    handler.close_connection = True
    try:
        if plan.rst:
            drain(sock)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                            struct.pack("ii", 1, 0))
        else:
            sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    raise ClientGone(reason)


def drain(sock, limit=2.0):
    """Wait (at most LIMIT seconds) until the client's kernel has acked
    every byte sent, and a moment more for the client to read them: a
    reset destroys unread data, and "N bytes, then a reset" should mean
    N bytes reached the client (tests count bytes sent)."""
    siocoutq = 0x5411
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        try:
            left = struct.unpack("i", fcntl.ioctl(sock.fileno(), siocoutq,
                                                  b"\0\0\0\0"))[0]
        except OSError:
            return
        if left == 0:
            break
        time.sleep(0.005)
    time.sleep(0.05)


def stall(sock, seconds):
    """Send nothing for SECONDS; False if the client closed first (so the
    request is logged as soon as the client gives up)."""
    deadline = time.monotonic() + seconds
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return True
        readable, _, _ = select.select([sock], [], [], min(0.1, left))
        if readable:
            try:
                if sock.recv(1, socket.MSG_PEEK) == b"":
                    return False
            except OSError:
                return False
            time.sleep(min(0.1, max(0.0, left)))


# ---------------------------------------------------------------- routes


def file_validators(st):
    etag = '"%x-%x"' % (st.st_size, st.st_mtime_ns)
    last_modified = email.utils.formatdate(st.st_mtime, usegmt=True)
    return etag, last_modified


def resolve_file(state, rel):
    """Map a /files/ path to a regular file inside the root, or None.
    A path ending in / names that directory's index.html."""
    rel = urllib.parse.unquote(rel)
    if rel == "" or rel.endswith("/"):
        rel += "index.html"
    full = os.path.realpath(os.path.join(state.root, rel))
    if not full.startswith(state.root + os.sep) or not os.path.isfile(full):
        return None
    return full


def choose_range(handler, fault, size, etag, last_modified):
    """None (whole file), "unsatisfiable", or (first, last)."""
    if fault and fault["fault"] == "ignore_range":
        return None
    if not if_range_allows(handler, etag, last_modified):
        return None
    return parse_range(handler.headers.get("Range"), size)


def override_headers(headers, extra):
    """HEADERS (a list of pairs) with every name in EXTRA replaced (case
    does not matter) or added."""
    lower = {k.lower() for k in extra}
    return [(k, v) for k, v in headers if k.lower() not in lower] + \
        [(k, str(v)) for k, v in extra.items()]


def route_files(handler, ex, fault):
    return serve_file(handler, ex, fault, ex.path[len("/files/"):])


def serve_file(handler, ex, fault, rel, extra_headers=()):
    """Serve <root>/REL with ranges, validators and FAULT; providers call
    it for their signed storage URLs once the signature checks out."""
    state = handler.server.state
    path = resolve_file(state, rel)
    if path is None:
        return send_simple(handler, ex, 404, "no such file\n")
    with open(path, "rb") as f:
        st = os.fstat(f.fileno())
        size = st.st_size
        etag, last_modified = file_validators(st)
        rng = choose_range(handler, fault, size, etag, last_modified)
        common = [("ETag", etag), ("Last-Modified", last_modified),
                  ("Accept-Ranges", "bytes")] + list(extra_headers)
        if state.no_validators:
            # lighttpd's default: neither ETag nor Last-Modified
            common = [(k, v) for k, v in common
                      if k not in ("ETag", "Last-Modified")]
        if rng == "unsatisfiable":
            return send_simple(handler, ex, 416, "", common +
                               [("Content-Range", "bytes */%d" % size)])
        first, last = rng if rng else (0, size - 1)
        if rng and fault and fault["fault"] == "short_range":
            last = min(last, first + int(fault["length"]) - 1)
            ex.note = "short_range %d-%d" % (first, last)
        if fault and fault["fault"] in BODY_FAULTS and fault.get("headers"):
            common = override_headers(common, fault["headers"])
        count = last - first + 1 if size else 0
        plan = BodyPlan(fault, state.rate, first)
        handler.send_response(206 if rng else 200)
        for name, value in common:
            handler.send_header(name, value)
        handler.send_header("Content-Type", "application/octet-stream")
        if rng:
            handler.send_header("Content-Range",
                                "bytes %d-%d/%d" % (first, last, size))
        if plan.chunked:
            handler.send_header("Transfer-Encoding", "chunked")
        else:
            handler.send_header("Content-Length", str(count))
        handler.end_headers()
        if ex.method == "HEAD":
            return None
        if plan.plain() and not state.tls:
            return send_file_fast(handler, ex, f, first, count)
        return send_file_paced(handler, ex, f, first, count, plan)


def route_ctl_faults(handler, ex, fault):
    if ex.method == "GET":
        faults = handler.server.state.faults.snapshot()
        return send_json(handler, ex, 200, faults)
    try:
        specs = json.loads(read_body(handler) or b"null")
        if not isinstance(specs, list):
            specs = [specs]
        for spec in specs:
            FaultQueue.validate(spec)
    except ValueError as e:
        return send_json(handler, ex, 400, {"ok": False, "error": str(e)})
    for spec in specs:
        handler.server.state.faults.add(spec)
    return send_json(handler, ex, 200, {"ok": True, "added": len(specs)})


def route_ctl_reset(handler, ex, fault):
    body = read_body(handler)
    try:
        opts = json.loads(body) if body.strip() else {}
    except ValueError:
        opts = {}
    state = handler.server.state
    state.faults.clear()
    if not (isinstance(opts, dict) and opts.get("log") is False):
        state.log.truncate()
    return send_json(handler, ex, 200, {"ok": True})


# (methods, path prefix, function).  First match wins; keep the longer
# prefixes first.  Provider APIs go here, e.g.
#   (("POST",), "/tcb/batchdownloadfile", route_tcb_batchdownload),
ROUTES = [
    (("POST",), "/_ctl/reset", route_ctl_reset),
    (("GET", "POST"), "/_ctl/faults", route_ctl_faults),
    (("GET", "HEAD"), "/files/", route_files),
]


def load_provider_modules(state):
    """Every fp_*.py beside this file is a provider API: it defines
    register(fp, state), which appends (methods, prefix, function) entries
    to fp.ROUTES (provider paths first) and keeps its own data on state.
    fp is this module, so the provider can use send_json, read_body,
    serve_file and the rest."""
    import importlib.util
    here = os.path.dirname(os.path.abspath(__file__))
    me = sys.modules[__name__]
    for name in sorted(os.listdir(here)):
        if not (name.startswith("fp_") and name.endswith(".py")):
            continue
        spec = importlib.util.spec_from_file_location(name[:-3],
                                                      os.path.join(here, name))
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        mod.register(me, state)


def find_route(method, path):
    """(function, None) or (None, status) when nothing matches."""
    allowed = False
    for methods, prefix, func in ROUTES:
        if path.startswith(prefix):
            if method in methods:
                return func, None
            allowed = True
    return None, (405 if allowed else 404)


# ---------------------------------------------------------------- responses


def read_body(handler):
    length = int(handler.headers.get("Content-Length") or 0)
    return handler.rfile.read(length) if length > 0 else b""


def send_simple(handler, ex, code, text, headers=()):
    body = text.encode("utf-8")
    handler.send_response(code)
    for name, value in headers:
        handler.send_header(name, value)
    if body:
        handler.send_header("Content-Type", "text/plain; charset=utf-8")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    if ex.method != "HEAD" and body:
        _write(handler, ex, body, False)


def send_json(handler, ex, code, obj):
    body = json.dumps(obj).encode("utf-8")
    handler.send_response(code)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    if ex.method != "HEAD":
        _write(handler, ex, body, False)


def send_raw(handler, ex, fault):
    """The raw fault: bytes as given, then close."""
    fill = fault.get("fill") or {}
    data = (fault["head"] + fill.get("line", "") * int(fill.get("count", 0))
            + fault.get("tail", "")).encode("latin-1")
    parts = fault["head"].split(" ", 2)
    if len(parts) > 1 and parts[1][:3].isdigit():
        ex.status = int(parts[1][:3])
    ex.note = "raw %d bytes" % len(data)
    handler.close_connection = True
    handler.wfile.write(data)
    handler.wfile.flush()
    ex.bytes_sent = len(data)


def apply_head_fault(handler, ex, fault):
    """status, redirect and raw faults replace the route entirely."""
    if fault["fault"] == "raw":
        return send_raw(handler, ex, fault)
    if fault["fault"] == "redirect":
        code = int(fault.get("code", 302))
        return send_simple(handler, ex, code, "",
                           [("Location", fault["location"])])
    headers = list((fault.get("headers") or {}).items())
    if fault.get("retry_after") is not None:
        headers.append(("Retry-After", str(fault["retry_after"])))
    code = int(fault["code"])
    return send_simple(handler, ex, code, "fault: status %d\n" % code, headers)


# ---------------------------------------------------------------- handler


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fakeprov/1"

    def setup(self):
        super().setup()
        self.conn_id = self.server.state.new_conn_id()
        self.exchange = None

    def handle(self):
        try:
            super().handle()
        except CONN_ERRORS:
            pass
        except ClientGone:
            pass

    def finish(self):
        try:
            super().finish()
        except CONN_ERRORS:
            pass

    def log_message(self, format, *args):
        pass

    def send_header(self, keyword, value):
        if self.exchange is not None:
            self.exchange.resp_headers[keyword.lower()] = value
        super().send_header(keyword, value)

    def send_response(self, code, message=None):
        if self.exchange is not None:
            self.exchange.status = code
        super().send_response(code, message)

    def do_GET(self):
        self.dispatch()

    def do_HEAD(self):
        self.dispatch()

    def do_POST(self):
        self.dispatch()

    def do_PUT(self):
        self.dispatch()

    def do_DELETE(self):
        self.dispatch()

    def dispatch(self):
        ex = Exchange(self, self.conn_id)
        self.exchange = ex
        try:
            self.serve(ex)
        except ClientGone as e:
            ex.note = str(e)
            self.close_connection = True
        except CONN_ERRORS as e:
            ex.note = "client gone: %s" % type(e).__name__
            self.close_connection = True
        finally:
            self.exchange = None
            self.server.state.log.append(ex.to_json())

    def serve(self, ex):
        state = self.server.state
        fault = None if ex.ctl else state.faults.take(
            ex.method, ex.path, self.headers.get("Range"))
        if fault:
            ex.fault = fault["fault"]
            if fault["fault"] in HEAD_FAULTS:
                return apply_head_fault(self, ex, fault)
        func, status = find_route(ex.method, ex.path)
        if func is None:
            return send_simple(self, ex, status, "no route\n")
        return func(self, ex, fault)


class FakeProvider(http.server.ThreadingHTTPServer):
    daemon_threads = True
    # socketserver's default backlog of 5 drops the SYNs of -j 16: each
    # dropped one costs the client a 1 s retransmission
    request_queue_size = 128
    block_on_close = False
    allow_reuse_address = True

    def __init__(self, state):
        self.state = state
        super().__init__(("127.0.0.1", 0), Handler)

    def handle_error(self, request, client_address):
        exc = sys.exc_info()[1]
        if isinstance(exc, CONN_ERRORS + (ClientGone,)):
            return
        super().handle_error(request, client_address)


# ---------------------------------------------------------------- main


def write_port_file(path, port):
    tmp = "%s.tmp.%d" % (path, os.getpid())
    with open(tmp, "w") as fh:
        fh.write("%d\n" % port)
    os.rename(tmp, path)


def parse_args(argv):
    p = argparse.ArgumentParser(description="fake provider for sigfetch tests")
    p.add_argument("--root", required=True, help="directory served at /files/")
    p.add_argument("--port-file", required=True,
                   help="where to write the port")
    p.add_argument("--log", required=True, help="JSON-lines request log")
    p.add_argument("--rate", type=float, default=0,
                   help="pace every file body at this many bytes/s")
    p.add_argument("--no-validators", action="store_true",
                   help="send neither ETag nor Last-Modified (as lighttpd's "
                   "default does)")
    p.add_argument("--tls-cert", help="serve HTTPS with this PEM certificate")
    p.add_argument("--tls-key", help="the private key for --tls-cert")
    return p.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    state = ServerState(args.root, args.log, args.rate, bool(args.tls_cert))
    state.no_validators = args.no_validators
    load_provider_modules(state)
    server = FakeProvider(state)
    if args.tls_cert:
        import ssl
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(args.tls_cert, args.tls_key)
        # A handshake the client rejects fails in accept(): an OSError
        # that socketserver ignores, so the server goes on.
        server.socket = ctx.wrap_socket(server.socket, server_side=True)

    def on_term(signum, frame):
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGINT, on_term)
    write_port_file(args.port_file, server.server_address[1])
    try:
        server.serve_forever(poll_interval=0.2)
    except SystemExit:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
