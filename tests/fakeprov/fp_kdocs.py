# fp_kdocs.py - the Kdocs download APIs for fakeprov.py (auto-loaded).
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Speaks both calls of PROVIDERS.md section 4 as documented:
#   GET /api/v1/openapi/personal/files/TOKEN/download?access_token=...
#   GET /api/v1/openapi/appspace/files/TOKEN/download?file_token=TOKEN
#       with Date (RFC 1123, GMT, within 15 minutes), Content-Type
#       (application/json), Content-Md5 (md5 of the request URI, or of ""
#       when "get_md5" is "empty") and Authorization
#       WPS-2:APP_ID:sha1(app_key + Content-Md5 + Content-Type + Date),
#       all recomputed here from what was received.
# Errors come in a 200 body like the real API: {"code": 20007, "msg":
# "AccessTokenInvalid", "hint": ...} for a bad token, 20003
# InvalidSignature / 20002 InvalidAppId for WPS-2 failures, 40004
# FileNotExists for an unknown file.  A success carries the file's fsize
# and checksums.sha1 (personal; app space: checksums only, like the seed)
# and a signed URL on this server:
#   /kdocs-store/REL?id=N&Expires=T&sig=HMAC
# which is checked (HMAC, expiry) before the bytes go out through
# fp.serve_file (Range, ETag, faults).  The resolve calls are in the
# request log under their paths; the note field says "kdocs: ...".
#
# A FILE TOKEN names the file root/TOKEN unless "files" maps it.
#
# Control: POST /_ctl/kdocs with a JSON object; every key is optional and
# replaces the current value ("reset": true first restores the defaults):
#   token          valid personal access token (default "kdocs-token")
#   app_id, app_key  valid app-space credentials
#   get_md5        "uri" (default) or "empty"
#   files          {"TOKEN": "rel/path"}: file tokens mapped to files
#   overrides      {"TOKEN": {"sha1": ..., "fsize": ..., "name": ...,
#                  "name_key": "fname", "url_key": "download_url",
#                  "disposition": "a.docx"}}: what the reply says instead
#                  of the truth (a key set to null is left out of the
#                  reply); "disposition" makes the storage URL answer with
#                  Content-Disposition: attachment; filename="a.docx"
#   reply          {"body": "...", "status": 200, "count": 1}: the next
#                  COUNT resolve calls (-1: all) answer BODY verbatim
#   error_status   HTTP status of code != 0 answers (default 200)
#   expire_after   N: a URL issued from now on serves at most N bytes in
#                  all; a request that would pass N is cut after the rest
#                  (connection dropped), later ones get 403 AccessDenied
#                  "Request has expired".  null: no limit
#   url_ttl        seconds a URL stays valid (default 600)
#   expires_in_url false: leave Expires out of the URL (still enforced)
# GET /_ctl/kdocs returns the current settings.

import copy
import email.utils
import hashlib
import hmac
import os
import re
import secrets
import sys
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fpcommon  # noqa: E402
import signstore  # noqa: E402

PERSONAL = "/api/v1/openapi/personal/files/"
APPSPACE = "/api/v1/openapi/appspace/files/"
STORE = "/kdocs-store/"
DATE_RE = re.compile(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d "
                     r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
                     r"\d{4} \d\d:\d\d:\d\d GMT$")
CLOCK_SKEW = 15 * 60

DEFAULTS = {
    "token": "kdocs-token",
    "app_id": "SX20220101ABCDEF",
    "app_key": "kdocs-app-key",
    "get_md5": "uri",
    "files": {},
    "overrides": {},
    "reply": None,
    "error_status": 200,
    "expire_after": None,
    "url_ttl": 600,
    "expires_in_url": True,
}


class KdocsState:
    """Settings, issued URLs and bytes served per URL; thread-safe."""

    def __init__(self):
        self.lock = threading.Lock()
        self.key = secrets.token_bytes(32)
        self.ids = 0
        self.urls = {}          # id -> {"rel", "expires", "budget", "served"}
        self.cfg = copy.deepcopy(DEFAULTS)

    def update(self, obj):
        with self.lock:
            if obj.get("reset"):
                self.cfg = copy.deepcopy(DEFAULTS)
                self.urls.clear()
            for key, value in obj.items():
                if key == "reset":
                    continue
                if key not in DEFAULTS:
                    raise ValueError("unknown kdocs setting %r" % key)
                self.cfg[key] = value

    def take_reply(self):
        """The raw reply override for this call, or None."""
        return fpcommon.take_counted(self.lock, self.cfg, "reply", -1)

    def ctl_view(self):
        with self.lock:
            cfg = copy.deepcopy(self.cfg)
        return {"ok": True, "settings": cfg}

    def sign(self, rel, uid, expires):
        msg = ("%s\n%d\n%d" % (rel, uid, expires)).encode("utf-8")
        return hmac.new(self.key, msg, hashlib.sha256).hexdigest()

    def issue(self, base, rel, disposition=None):
        with self.lock:
            self.ids += 1
            uid = self.ids
            expires = int(time.time()) + int(self.cfg["url_ttl"])
            self.urls[uid] = {"rel": rel, "expires": expires, "served": 0,
                              "budget": self.cfg["expire_after"],
                              "disposition": disposition}
            with_exp = self.cfg["expires_in_url"]
        query = [("id", str(uid))]
        if with_exp:
            query.append(("Expires", str(expires)))
        query.append(("sig", self.sign(rel, uid, expires)))
        return "%s%s%s?%s" % (base, STORE, urllib.parse.quote(rel),
                              urllib.parse.urlencode(query))


FP = None       # the fakeprov module, set by register()


def register(fp, state):
    global FP
    FP = fp
    state.kdocs = KdocsState()
    fpcommon.add_routes(fp, [
        (("GET", "POST"), "/_ctl/kdocs", fpcommon.ctl_route(fp, kd)),
        (("GET",), PERSONAL, route_personal),
        (("GET",), APPSPACE, route_appspace),
        (("GET", "HEAD"), STORE, route_store),
    ])


# ---------------------------------------------------------------- helpers


def kd(handler):
    return handler.server.state.kdocs


def reply(handler, ex, status, obj, note):
    ex.note = "kdocs: " + note
    return FP.send_json(handler, ex, status, obj)


def error(handler, ex, code, msg, hint, note):
    status = kd(handler).cfg["error_status"]
    return reply(handler, ex, status,
                 {"code": code, "msg": msg, "hint": hint}, note)


def file_token(ex, prefix):
    """TOKEN of PREFIX + TOKEN + /download, or None."""
    rest = ex.path[len(prefix):]
    if not rest.endswith("/download"):
        return None
    token = rest[:-len("/download")]
    return token if token and "/" not in token else None


def file_for(handler, token):
    """(rel, full path) of the file a token names, or None."""
    st = kd(handler)
    rel = st.cfg["files"].get(token, token)
    full = FP.resolve_file(handler.server.state, rel)
    return (rel, full) if full else None


def host_base(handler):
    return "http://%s" % handler.headers.get("Host", "127.0.0.1")


def sha1_file(path):
    h = hashlib.sha1()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def success(handler, ex, token, found, personal):
    """The data of a good answer, with the test's overrides."""
    rel, full = found
    data = {"checksums": {"sha1": sha1_file(full)}}
    if personal:
        data["fsize"] = os.path.getsize(full)
    else:
        data["sys_metadata"] = {}
    ov = kd(handler).cfg["overrides"].get(token, {})
    url_key = ov.get("url_key", "url" if personal else "download_url")
    data[url_key] = kd(handler).issue(host_base(handler), rel,
                                      ov.get("disposition"))
    for key in ("sha1", "fsize"):
        if key in ov:
            target = data["checksums"] if key == "sha1" else data
            target[key] = ov[key]
            if ov[key] is None:
                del target[key]
    if ov.get("name") is not None:
        data[ov.get("name_key", "name")] = ov["name"]
    return reply(handler, ex, 200, {"code": 0, "data": data},
                 "%s ok %s" % ("personal" if personal else "appspace", token))


def overridden(handler, ex):
    """Answer the reply override, if one is queued."""
    r = kd(handler).take_reply()
    if r is None:
        return False
    fpcommon.send_override(handler, ex, r, "kdocs")
    return True


# ---------------------------------------------------------------- routes


def route_personal(handler, ex, fault):
    token = file_token(ex, PERSONAL)
    query = urllib.parse.parse_qs(ex.query, keep_blank_values=True)
    given = query.get("access_token", [None])[0]
    if overridden(handler, ex):
        return None
    if not given:
        return error(handler, ex, 20007, "AccessTokenInvalid",
                     "access_token is required", "no access token")
    if given != kd(handler).cfg["token"]:
        return error(handler, ex, 20007, "AccessTokenInvalid",
                     "access_token is invalid or expired", "bad token")
    found = file_for(handler, token) if token else None
    if not found:
        return error(handler, ex, 40004, "FileNotExists",
                     "the file does not exist", "unknown file")
    return success(handler, ex, token, found, True)


def check_wps2(handler, ex):
    """None when the WPS-2 headers are right, else (code, msg, hint)."""
    cfg = kd(handler).cfg
    date = handler.headers.get("Date", "")
    ctype = handler.headers.get("Content-Type", "")
    md5 = handler.headers.get("Content-Md5", "")
    auth = handler.headers.get("Authorization", "")
    if not DATE_RE.match(date):
        return (20003, "InvalidSignature", "Date is not RFC 1123 GMT")
    when = email.utils.parsedate_to_datetime(date).timestamp()
    if abs(when - time.time()) > CLOCK_SKEW:
        return (20003, "InvalidSignature", "Date is too far off")
    if ctype != "application/json":
        return (20003, "InvalidSignature", "Content-Type must be "
                "application/json")
    signed = "" if cfg["get_md5"] == "empty" else handler.path
    if md5 != hashlib.md5(signed.encode("utf-8")).hexdigest():
        return (20003, "InvalidSignature", "Content-Md5 does not match")
    parts = auth.split(":")
    if len(parts) != 3 or parts[0] != "WPS-2":
        return (20003, "InvalidSignature", "Authorization is not WPS-2")
    if parts[1] != cfg["app_id"]:
        return (20002, "InvalidAppId", "unknown app_id")
    want = hashlib.sha1((cfg["app_key"] + md5 + ctype + date)
                        .encode("utf-8")).hexdigest()
    if not hmac.compare_digest(parts[2], want):
        return (20003, "InvalidSignature", "signature mismatch")
    return None


def route_appspace(handler, ex, fault):
    token = file_token(ex, APPSPACE)
    query = urllib.parse.parse_qs(ex.query, keep_blank_values=True)
    if overridden(handler, ex):
        return None
    bad = check_wps2(handler, ex)
    if bad:
        return error(handler, ex, bad[0], bad[1], bad[2],
                     "signature refused: " + bad[2])
    if not token or query.get("file_token", [None])[0] != token:
        return error(handler, ex, 10002, "InvalidArgument",
                     "file_token must match the path", "bad file_token")
    found = file_for(handler, token)
    if not found:
        return error(handler, ex, 40004, "FileNotExists",
                     "the file does not exist", "unknown file")
    return success(handler, ex, token, found, False)


def denied(handler, ex, why):
    return signstore.deny(FP, handler, ex, "kdocs", "AccessDenied", why)


def route_store(handler, ex, fault):
    st = kd(handler)
    rel = urllib.parse.unquote(ex.path[len(STORE):])
    query = urllib.parse.parse_qs(ex.query)
    try:
        uid = int(query["id"][0])
        sig = query["sig"][0]
    except (KeyError, ValueError):
        return denied(handler, ex, "Request is not signed")
    with st.lock:
        entry = dict(st.urls.get(uid) or {})
    if not entry or entry["rel"] != rel or not hmac.compare_digest(
            sig, st.sign(rel, uid, entry["expires"])):
        return denied(handler, ex, "SignatureDoesNotMatch")
    if time.time() > entry["expires"]:
        return denied(handler, ex, "Request has expired")
    if entry["budget"] is not None:
        left = entry["budget"] - entry["served"]
        if left <= 0:
            return denied(handler, ex, "Request has expired")
        if ex.method == "GET" and \
                signstore.body_length(FP, handler, rel) > left:
            fault = {"fault": "drop", "after": left}
    extra = []
    if entry["disposition"]:
        extra.append(("Content-Disposition", 'attachment; filename="%s"'
                      % entry["disposition"]))
    try:
        return FP.serve_file(handler, ex, fault, rel, extra)
    finally:
        with st.lock:
            if uid in st.urls:
                st.urls[uid]["served"] += ex.bytes_sent
