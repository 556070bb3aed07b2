# fp_fxiaoke.py - Fxiaoke (ShareCRM) file service for fakeprov.py
# (auto-loaded).
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Speaks PROVIDERS.md section 1 as documented; every answer is HTTP 200
# with errorCode, errorMessage, errorDescription and a traceId:
#   POST /cgi/corpAccessToken/get/V2  {"appId","appSecret","permanentCode"}
#        -> {"corpAccessToken","corpId","expiresIn"}; wrong credentials:
#        errorCode 10006.
#   POST /cgi/crm/v2/generateDownloadSignatureUrlByAuth?thirdTraceId=ID
#        {"corpAccessToken","corpId","currentOpenUserId","data":{"path"}}
#        Bad or expired token: 20016; wrong corpId: 20017; no
#        currentOpenUserId: 20012; unknown path: 20052 (invented: the real
#        code for a missing file is not documented).  Success puts a
#        signed URL /fxk-store/REL?Expires=T&sig=S where "url_field" says
#        (the real field is undocumented).
# A PATH names root/PATH unless "files" maps it.
#
# Control: POST /_ctl/fxiaoke (JSON object, "reset": true first restores
# the defaults), GET /_ctl/fxiaoke for settings + stats:
#   token, corp_id, user   accepted corpAccessToken / corpId /
#                  currentOpenUserId (defaults "fxk-corp-token",
#                  "FSCID_TEST", "FSUID_TEST")
#   app_id, app_secret, permanent_code, expires_in
#   revoke         true: every token issued so far is refused from now on
#   files          {"PATH": "rel"}
#   url_field      where the URL goes: "data" (data is the URL string),
#                  "url", "signatureUrl", "signedUrl", "downloadUrl"
#                  (members of data), "path" (data[PATH] is the string),
#                  "path_object" (data[PATH].signedUrl), "deep"
#                  (data.result.files[0].link), "none" (no URL at all)
#   error          {"errorCode", "errorMessage", "count"}: forced errors
#   reply          {"body", "status", "count"}: verbatim answers ("@TOKEN@"
#                  in BODY becomes the corpAccessToken of the call)
#   expire_after, expire_count, url_ttl, expire_all: see signstore.py
# Stats: token_calls, calls, trace_ids (thirdTraceId of each call),
# bodies (the non-secret fields of each call), issued, sigs.

import os
import secrets
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fpcommon  # noqa: E402

STORE = "/fxk-store/"
FP = None


class FxkState(fpcommon.ProviderState):
    DEFAULTS = {
        "token": "fxk-corp-token",
        "corp_id": "FSCID_TEST",
        "user": "FSUID_TEST",
        "app_id": "FSAID_TEST01",
        "app_secret": "fxk-app-secret",
        "permanent_code": "fxk-permanent-code",
        "expires_in": 7200,
        "files": {},
        "url_field": "url",
        "error": None,
        "reply": None,
    }

    def __init__(self, fp, name):
        super().__init__(fp, name)
        self.traces = 0

    def new_stats(self):
        return {"token_calls": 0, "calls": 0, "trace_ids": [], "bodies": []}

    def trace(self):
        with self.lock:
            self.traces += 1
            return "E-O.fake.%d.%s" % (self.traces, secrets.token_hex(4))


def register(fp, state):
    global FP
    FP = fp
    state.fxiaoke = FxkState(fp, "fxiaoke")
    fpcommon.add_routes(fp, [
        (("GET", "POST"), "/_ctl/fxiaoke", fpcommon.ctl_route(fp, st)),
        (("POST",), "/cgi/corpAccessToken/get/V2", route_token),
        (("POST",), "/cgi/crm/v2/generateDownloadSignatureUrlByAuth",
         route_url),
        (("GET", "HEAD"), STORE, fpcommon.store_route(st, STORE, "sig")),
    ])


def st(handler):
    return handler.server.state.fxiaoke


def answer(handler, ex, s, code, msg, extra=None):
    """Always HTTP 200, like the real gateway."""
    obj = {"errorCode": code, "errorMessage": msg,
           "errorDescription": "success" if code == 0 else msg,
           "traceId": s.trace()}
    obj.update(extra or {})
    ex.note = "fxiaoke: %d %s" % (code, msg)
    return FP.send_json(handler, ex, 200, obj)


def read_json(handler):
    """The request body when it is a JSON object, else None."""
    body = fpcommon.read_json(FP, handler)
    return body if isinstance(body, dict) else None


def route_token(handler, ex, fault):
    s = st(handler)
    body = read_json(handler)
    with s.lock:
        s.stats["token_calls"] += 1
        ok = body is not None and body.get("appId") == s.cfg["app_id"] and \
            body.get("appSecret") == s.cfg["app_secret"] and \
            body.get("permanentCode") == s.cfg["permanent_code"]
        if ok:
            tok = "fxkTOK-" + secrets.token_hex(12)
            s.issued[tok] = {"good": True, "expires": time.time() +
                             int(s.cfg["expires_in"])}
            ttl, corp = int(s.cfg["expires_in"]), s.cfg["corp_id"]
    if not ok:
        return answer(handler, ex, s, 10006, "appSecret is invalid")
    return answer(handler, ex, s, 0, "OK", {"corpAccessToken": tok,
                                            "corpId": corp, "expiresIn": ttl})


def placed(field, url, path):
    """The data member holding URL as url_field FIELD says."""
    if field == "data":
        return url
    if field == "path":
        return {path: url}
    if field == "path_object":
        return {path: {"size": 1, "signedUrl": url}}
    if field == "deep":
        return {"result": {"count": 1, "files": [{"name": "x",
                                                  "link": url}]}}
    if field == "none":
        return {"size": 1, "status": "ready"}
    return {field: url, "expireSeconds": 3600}


def refusal(s, body):
    """(errorCode, message) for a bad request, or None."""
    if body is None:
        return (-2, "request body is not JSON")
    if not s.token_ok(body.get("corpAccessToken")):
        return (20016, "corpAccessToken is invalid or expired")
    if body.get("corpId") != s.cfg["corp_id"]:
        return (20017, "corpId not found")
    if body.get("currentOpenUserId") != s.cfg["user"]:
        return (20012, "user not found")
    data = body.get("data")
    if not isinstance(data, dict) or not isinstance(data.get("path"), str):
        return (10001, "data.path is required")
    return None


def route_url(handler, ex, fault):
    s = st(handler)
    query = urllib.parse.parse_qs(ex.query)
    body = read_json(handler)
    with s.lock:
        s.stats["calls"] += 1
        s.stats["trace_ids"].append(query.get("thirdTraceId", [None])[0])
        s.stats["bodies"].append({k: body.get(k) for k in (
            "corpId", "currentOpenUserId", "data")} if body else None)
    r = s.take("reply")
    if r is not None:
        return fpcommon.send_override(
            handler, ex, r, "fxiaoke",
            body.get("corpAccessToken") if isinstance(body, dict) else None)
    forced = s.take("error")
    if forced:
        return answer(handler, ex, s, int(forced.get("errorCode", -1)),
                      forced.get("errorMessage", "error"))
    with s.lock:
        bad = refusal(s, body)
    if bad:
        return answer(handler, ex, s, bad[0], bad[1])
    path = body["data"]["path"]
    rel = s.cfg["files"].get(path, path)
    if not FP.resolve_file(handler.server.state, rel):
        return answer(handler, ex, s, 20052, "file not exist")
    sig, rec = s.store.issue(rel)
    url = "http://%s%s%s?Expires=%d&sig=%s" % (
        handler.headers.get("Host", "127.0.0.1"), STORE,
        urllib.parse.quote(rel), rec["expires"], sig)
    return answer(handler, ex, s, 0, "OK",
                  {"data": placed(s.cfg["url_field"], url, path)})
