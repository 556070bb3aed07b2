# fpcommon.py - what fakeprov's provider modules (fp_tcb.py,
# fp_ekuaibao.py, fp_fxiaoke.py, fp_kdocs.py) share: their routes'
# registration, the /_ctl/NAME route, a provider's settings, tokens and
# stats, counted one-shot settings, verbatim reply overrides and the
# storage route.  Not a provider itself (the loader only runs fp_*.py).
# SPDX-License-Identifier: GPL-3.0-or-later

import copy
import json
import threading
import time
import urllib.parse

import signstore

# settings that go to the provider's SignedStore (see signstore.py)
STORE_KEYS = ("expire_after", "expire_count", "url_ttl", "expire_all")


def add_routes(fp, routes):
    """Put ROUTES, in their order, before fakeprov's own routes."""
    for route in reversed(routes):
        fp.ROUTES.insert(0, route)


def take_counted(lock, cfg, key, default_count=1):
    """The one-shot setting cfg[KEY] ({..., "count": N}) for this call, or
    None.  It goes away after COUNT calls (DEFAULT_COUNT when it names
    none); a count of -1 never runs out."""
    with lock:
        item = cfg.get(key)
        if not item:
            return None
        count = item.get("count", default_count)
        if count > 0:
            item["count"] = count - 1
            if count == 1:
                cfg[key] = None
        return dict(item)


def read_json(fp, handler):
    """The request body as JSON, or None when it is not JSON."""
    try:
        return json.loads(fp.read_body(handler) or b"")
    except ValueError:
        return None


def send_override(handler, ex, r, name, token=None):
    """Answer the reply override R ({"body", "status"}) verbatim as
    application/json; NAME is the provider, for the request log.  Every
    "@TOKEN@" in the body becomes TOKEN, the access token the request
    carried (a provider that echoes the token in an error message)."""
    body = r.get("body", "").replace("@TOKEN@", token or "")
    body = body.encode("utf-8")
    ex.note = "%s: reply override" % name
    handler.send_response(int(r.get("status", 200)))
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)
    ex.bytes_sent += len(body)


def ctl_route(fp, state_of):
    """The route of /_ctl/NAME: POST a JSON object for state.update(),
    then (and on GET) answer state.ctl_view().  STATE_OF(handler) is the
    provider's state."""
    def route_ctl(handler, ex, fault):
        s = state_of(handler)
        if ex.method == "POST":
            try:
                obj = json.loads(fp.read_body(handler) or b"{}")
                if not isinstance(obj, dict):
                    raise ValueError("a JSON object, please")
                s.update(obj)
            except ValueError as e:
                return fp.send_json(handler, ex, 400, {"ok": False,
                                                       "error": str(e)})
        return fp.send_json(handler, ex, 200, s.ctl_view())
    return route_ctl


def store_route(state_of, prefix, param):
    """The route of PREFIX + REL (quoted): REL from the provider's
    SignedStore, with the signature in query parameter PARAM."""
    def route_store(handler, ex, fault):
        s = state_of(handler)
        rel = urllib.parse.unquote(ex.path[len(prefix):])
        query = urllib.parse.parse_qs(ex.query)
        return s.store.serve(handler, ex, fault, query.get(param, [None])[0],
                             rel)
    return route_store


class ProviderState:
    """One provider's settings (DEFAULTS, changed through /_ctl/NAME),
    the tokens it issued, its stats and its SignedStore; thread-safe.
    A subclass sets DEFAULTS and new_stats()."""

    DEFAULTS = {}

    def __init__(self, fp, name):
        self.name = name
        self.lock = threading.Lock()
        self.store = signstore.SignedStore(fp, name)
        self.reset()

    def new_stats(self):
        return {}

    def reset(self):
        self.cfg = copy.deepcopy(self.DEFAULTS)
        self.issued = {}            # token -> {"expires", "good"}
        self.stats = self.new_stats()

    def update(self, obj):
        """Take a /_ctl object: "reset" first, "revoke" refuses every
        token issued so far, store keys go to the store."""
        with self.lock:
            if obj.get("reset"):
                self.reset()
            for key, value in obj.items():
                if key == "reset" or key in STORE_KEYS:
                    continue
                if key == "revoke":
                    for t in self.issued.values():
                        t["good"] = False
                    continue
                if key not in self.DEFAULTS:
                    raise ValueError("unknown %s setting %r" % (self.name,
                                                                key))
                self.cfg[key] = value
        self.store.configure(obj)

    def snapshot(self):
        with self.lock:
            out = {"settings": copy.deepcopy(self.cfg),
                   "issued": list(self.issued)}
            out.update(copy.deepcopy(self.stats))
        out["store"] = self.store.settings()
        out["sigs"] = self.store.all_sigs()
        return out

    def ctl_view(self):
        return dict(self.snapshot(), ok=True)

    def take(self, key):
        """A counted one-shot setting (error, reply, ...), or None."""
        return take_counted(self.lock, self.cfg, key)

    def token_ok(self, token):
        """TOKEN is the configured "token" or an issued one still good
        (caller holds self.lock)."""
        if token and token == self.cfg.get("token"):
            return True
        t = self.issued.get(token or "")
        return bool(t and t["good"] and t["expires"] > time.time())
