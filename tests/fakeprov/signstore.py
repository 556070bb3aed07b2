# signstore.py - signed storage URLs for fakeprov's provider modules
# (fp_tcb.py, fp_ekuaibao.py, fp_fxiaoke.py; fp_kdocs.py uses its storage
# answers deny and body_length).  Not a provider itself (the loader only
# runs fp_*.py).
# SPDX-License-Identifier: GPL-3.0-or-later
#
# A SignedStore hands out random signatures for files under the root and
# checks them when the storage URL is fetched.  Like real object storage,
# a signature expires: at its time-to-live, when a test says so
# (expire_all), or after a byte budget ("expire_after": a request that
# would pass the budget is cut there, connection dropped, the way a
# signature that expires mid-transfer ends it; later requests get 403).
# Bytes go out through fakeprov's serve_file, so Range, ETag and queued
# faults work as for /files/.

import os
import secrets
import threading
import time


def deny(fp, handler, ex, name, code, why):
    """A storage refusal: 403 with an OSS-style XML error CODE / WHY;
    NAME-store in the request log."""
    body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>%s"
            "</Code><Message>%s</Message></Error>\n" % (code, why))
    ex.note = "%s-store: %s" % (name, why)
    return fp.send_simple(handler, ex, 403, body)


def body_length(fp, handler, rel):
    """How many body bytes a GET of REL would get (Range considered)."""
    full = fp.resolve_file(handler.server.state, rel)
    if not full:
        return 0
    size = os.path.getsize(full)
    rng = fp.parse_range(handler.headers.get("Range"), size)
    if isinstance(rng, tuple):
        return rng[1] - rng[0] + 1
    return 0 if rng == "unsatisfiable" else size


class SignedStore:
    """Signatures issued for one provider's storage; thread-safe."""

    def __init__(self, fp, name):
        self.fp = fp
        self.name = name
        self.lock = threading.Lock()
        self.sigs = {}            # sig -> record
        self.expire_after = None  # byte budget of signatures issued next
        self.expire_count = -1    # how many get it (-1: all)
        self.url_ttl = 3600

    def configure(self, obj):
        """Take expire_after / expire_count / url_ttl / expire_all."""
        with self.lock:
            if "expire_after" in obj:
                self.expire_after = obj["expire_after"]
                self.expire_count = int(obj.get("expire_count", -1))
            if "url_ttl" in obj:
                self.url_ttl = int(obj["url_ttl"])
            if obj.get("expire_all"):
                for rec in self.sigs.values():
                    rec["expired"] = True

    def settings(self):
        with self.lock:
            return {"expire_after": self.expire_after,
                    "expire_count": self.expire_count,
                    "url_ttl": self.url_ttl, "issued": len(self.sigs)}

    def issue(self, rel, ttl=None, extra=None):
        """A new signature for REL: (sig, record copy)."""
        sig = secrets.token_hex(16)
        with self.lock:
            budget = None
            if self.expire_after is not None and self.expire_count != 0:
                budget = int(self.expire_after)
                if self.expire_count > 0:
                    self.expire_count -= 1
            rec = {"rel": rel, "served": 0, "budget": budget,
                   "expires": int(time.time()) + int(ttl or self.url_ttl),
                   "expired": False, "extra": dict(extra or {})}
            self.sigs[sig] = rec
            return sig, dict(rec)

    def all_sigs(self):
        with self.lock:
            return list(self.sigs)

    def lookup(self, sig):
        with self.lock:
            rec = self.sigs.get(sig or "")
            return dict(rec) if rec else None

    def deny(self, handler, ex, code, why):
        return deny(self.fp, handler, ex, self.name, code, why)

    def refusal(self, rec, rel):
        """(code, message) when REC may not serve REL now, else None."""
        if rec is None or rec["rel"] != rel:
            return ("SignatureDoesNotMatch", "unknown signature")
        if rec["expired"] or time.time() > rec["expires"]:
            return ("AccessDenied", "Request has expired")
        if rec["budget"] is not None and rec["served"] >= rec["budget"]:
            return ("AccessDenied", "Request has expired")
        return None

    def serve(self, handler, ex, fault, sig, rel, extra_headers=(),
              refused_code="AccessDenied"):
        """Check SIG for REL, then serve it (budget applied)."""
        rec = self.lookup(sig)
        bad = self.refusal(rec, rel)
        if bad:
            code = bad[0] if bad[0] != "AccessDenied" else refused_code
            return self.deny(handler, ex, code, bad[1])
        if rec["budget"] is not None and ex.method == "GET":
            left = rec["budget"] - rec["served"]
            if body_length(self.fp, handler, rel) > left:
                fault = {"fault": "drop", "after": left}
        ex.note = "%s-store: ok" % self.name
        try:
            return self.fp.serve_file(handler, ex, fault, rel, extra_headers)
        finally:
            with self.lock:
                live = self.sigs.get(sig)
                if live is not None:
                    live["served"] += ex.bytes_sent
