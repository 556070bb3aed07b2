# fp_ekuaibao.py - Ekuaibao (Hosecloud) attachments for fakeprov.py
# (auto-loaded).
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Speaks PROVIDERS.md section 3 as documented:
#   POST /api/openapi/v1/auth/getAccessToken  {"appKey","appSecurity"} ->
#        {"value":{"accessToken","refreshToken","expireTime" (epoch ms),
#        "corporationId"}}; wrong credentials: HTTP 403.
#   POST /api/openapi/v2/attachment/downloadurls?accessToken=T  body: a
#        bare JSON array of {"id","key","expiration"} (all required,
#        expiration <= 1800, at most 100 items) -> a bare array of
#        {"id","key","url","thumbUrl"[,"headers"]}; unknown attachments
#        are simply absent ([] when none is known).  Bad or expired token:
#        HTTP 403; bad input: HTTP 400 with {"errorCode","errorMessage"}.
# Ordinary attachments get an OSS V1 query-signed URL on this server,
#   /ekb-oss/REL?Expires=T&OSSAccessKeyId=STS.fake&Signature=S
#   &security-token=X
# DingTalk-drive keys (DP:{json}) get /yundisk0/REL with "headers"
# {"Authorization": "OSS LTAIfake:S", "x-oss-date": RFC 1123}; that URL
# answers 403 unless both headers come exactly (trimmed) and the pair is
# younger than 15 minutes (or its byte budget, see signstore.py, is not
# used up): RequestTimeTooSkewed / SignatureDoesNotMatch.
#
# Control: POST /_ctl/ekuaibao (JSON object, "reset": true first restores
# the defaults), GET /_ctl/ekuaibao for settings + stats:
#   token          access token always accepted (default "ekb-token")
#   app_key, app_security, expires_in (token lifetime, default 7200)
#   revoke         true: every token issued so far is refused from now on
#   attachments    [{"id", "key", "file"}]: what exists (file under root)
#   max_items      default 100
#   pad_headers    true (default): header values come with spaces around
#                  them (as in the provider's own curl example)
#   dp_redirect    true: /yundisk0/ answers 302 to http://localhost:PORT/
#                  yundisk1/REL?sig=S (another host); that URL needs no
#                  headers
#   dp_date_offset seconds added to x-oss-date (default 0)
#   omit_key       true: answer items carry no "key"
#   reply          {"body", "status", "count"}: verbatim answers ("@TOKEN@"
#                  in BODY becomes the access token of the call)
#   expire_after, expire_count, url_ttl, expire_all: see signstore.py
# Stats: token_calls, calls, batch_sizes, expirations, issued (tokens),
# sigs (storage signatures).

import email.utils
import json
import os
import secrets
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fpcommon  # noqa: E402

OSS = "/ekb-oss/"
DP0 = "/yundisk0/"
DP1 = "/yundisk1/"
DP_LIFETIME = 15 * 60
FP = None


class EkbState(fpcommon.ProviderState):
    DEFAULTS = {
        "token": "ekb-token",
        "app_key": "ekbAPPKEY001",
        "app_security": "ekb-app-security",
        "expires_in": 7200,
        "attachments": [],
        "max_items": 100,
        "pad_headers": True,
        "dp_redirect": False,
        "dp_date_offset": 0,
        "omit_key": False,
        "reply": None,
    }

    def new_stats(self):
        return {"token_calls": 0, "calls": 0, "batch_sizes": [],
                "expirations": []}


def register(fp, state):
    global FP
    FP = fp
    state.ekuaibao = EkbState(fp, "ekuaibao")
    fpcommon.add_routes(fp, [
        (("GET", "POST"), "/_ctl/ekuaibao", fpcommon.ctl_route(fp, st)),
        (("POST",), "/api/openapi/v1/auth/getAccessToken", route_token),
        (("POST",), "/api/openapi/v2/attachment/downloadurls", route_urls),
        (("GET", "HEAD"), OSS, fpcommon.store_route(st, OSS, "Signature")),
        (("GET", "HEAD"), DP0, route_dp),
        (("GET", "HEAD"), DP1, fpcommon.store_route(st, DP1, "sig")),
    ])


def st(handler):
    return handler.server.state.ekuaibao


def send(handler, ex, status, obj, note):
    ex.note = "ekuaibao: " + note
    return FP.send_json(handler, ex, status, obj)


def route_token(handler, ex, fault):
    s = st(handler)
    body = fpcommon.read_json(FP, handler)
    with s.lock:
        s.stats["token_calls"] += 1
        if not isinstance(body, dict) or \
           body.get("appKey") != s.cfg["app_key"] or \
           body.get("appSecurity") != s.cfg["app_security"]:
            return send(handler, ex, 403, {"errorCode": 403, "errorMessage":
                                           "appKey or appSecurity invalid"},
                        "bad app credentials")
        tok = "ekbTOK-" + secrets.token_hex(12)
        exp = time.time() + int(s.cfg["expires_in"])
        s.issued[tok] = {"expires": exp, "good": True}
    return send(handler, ex, 200, {"value": {
        "accessToken": tok, "refreshToken": "ekbREF-" + secrets.token_hex(8),
        "expireTime": int(exp * 1000), "corporationId": "corpFAKE"}},
        "token issued")


def bad_input(handler, ex, why):
    return send(handler, ex, 400, {"errorCode": 400,
                                   "errorMessage": "参数错误: " + why}, why)


def check_items(s, body):
    """None when BODY is a valid request, else why not."""
    if not isinstance(body, list):
        return "the body must be a JSON array"
    if len(body) > int(s.cfg["max_items"]):
        return "at most %d items" % s.cfg["max_items"]
    for it in body:
        if not isinstance(it, dict) or not isinstance(it.get("id"), str) or \
           not isinstance(it.get("key"), str) or \
           not isinstance(it.get("expiration"), int):
            return "id, key and expiration are required"
        if not 0 < it["expiration"] <= 1800:
            return "expiration must be at most 1800"
    return None


def item_for(handler, s, it):
    """The answer item for request IT, or None (unknown attachment)."""
    att = next((a for a in s.cfg["attachments"] if a.get("id") == it["id"]
                and a.get("key") == it["key"]), None)
    if att is None or not FP.resolve_file(handler.server.state, att["file"]):
        return None
    host = handler.headers.get("Host", "127.0.0.1")
    rel = att["file"]
    out = {"id": it["id"], "key": it["key"]}
    if it["key"].startswith("DP:"):
        date = email.utils.formatdate(time.time() + s.cfg["dp_date_offset"],
                                      usegmt=True)
        sig, _ = s.store.issue(rel, ttl=DP_LIFETIME, extra={"date": date})
        pad = "  " if s.cfg["pad_headers"] else ""
        out["url"] = "http://%s%s%s" % (host, DP0, urllib.parse.quote(rel))
        out["thumbUrl"] = out["url"]
        out["headers"] = {"Authorization": "%sOSS LTAIfake:%s%s" % (pad, sig,
                                                                    pad),
                          "x-oss-date": pad + date}
    else:
        sig, rec = s.store.issue(rel, ttl=it["expiration"])
        out["url"] = "http://%s%s%s?%s" % (host, OSS, urllib.parse.quote(rel),
                                           urllib.parse.urlencode([
                                               ("Expires", rec["expires"]),
                                               ("OSSAccessKeyId", "STS.fake"),
                                               ("Signature", sig),
                                               ("security-token",
                                                "ekbSTS-" + sig[:8])]))
        out["thumbUrl"] = out["url"] + "&x-oss-process=image"
    if s.cfg["omit_key"]:
        del out["key"]
    return out


def route_urls(handler, ex, fault):
    s = st(handler)
    query = urllib.parse.parse_qs(ex.query)
    raw = FP.read_body(handler)
    with s.lock:
        s.stats["calls"] += 1
    r = s.take("reply")
    if r is not None:
        return fpcommon.send_override(
            handler, ex, r, "ekuaibao", query.get("accessToken", [None])[0])
    with s.lock:
        ok = s.token_ok(query.get("accessToken", [None])[0])
    if not ok:
        return send(handler, ex, 403, {"errorCode": 403, "errorMessage":
                                       "accessToken invalid or expired"},
                    "token refused")
    try:
        body = json.loads(raw or b"")
    except ValueError:
        return bad_input(handler, ex, "the body is not JSON")
    why = check_items(s, body)
    if why:
        return bad_input(handler, ex, why)
    with s.lock:
        s.stats["batch_sizes"].append(len(body))
        s.stats["expirations"].extend(it["expiration"] for it in body)
    out = [x for x in (item_for(handler, s, it) for it in body) if x]
    return send(handler, ex, 200, out, "%d of %d known" % (len(out),
                                                           len(body)))


def route_dp(handler, ex, fault):
    s = st(handler)
    rel = urllib.parse.unquote(ex.path[len(DP0):])
    auth = handler.headers.get("Authorization") or ""
    date = handler.headers.get("x-oss-date") or ""
    sig = auth[len("OSS LTAIfake:"):] if auth.startswith("OSS LTAIfake:") \
        else None
    rec = s.store.lookup(sig)
    if rec is None or rec["extra"].get("date") != date:
        return s.store.deny(handler, ex, "SignatureDoesNotMatch",
                            "Authorization / x-oss-date missing or wrong")
    if s.cfg["dp_redirect"] and not s.store.refusal(rec, rel):
        port = handler.server.server_address[1]
        sig2, _ = s.store.issue(rel)
        ex.note = "ekuaibao-store: redirect"
        return FP.send_simple(handler, ex, 302, "", [(
            "Location", "http://localhost:%d%s%s?sig=%s" % (
                port, DP1, urllib.parse.quote(rel), sig2))])
    return s.store.serve(handler, ex, fault, sig, rel,
                         refused_code="RequestTimeTooSkewed")
