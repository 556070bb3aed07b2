# fp_tcb.py - WeChat Cloud Base (TCB) for fakeprov.py (auto-loaded).
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Speaks PROVIDERS.md section 2 as documented:
#   POST /cgi-bin/stable_token  {"grant_type":"client_credential","appid",
#        "secret","force_refresh"} -> {"access_token","expires_in"}; normal
#        mode returns the current token while it is valid, force_refresh
#        always issues a new one; a wrong appid is errcode 40013, a wrong
#        secret 40125.
#   POST /tcb/batchdownloadfile?access_token=T  {"env","file_list":[{
#        "fileid","max_age"}]} -> {"errcode":0,"errmsg":"ok","file_list":[
#        {"fileid","download_url","status","errmsg"}]}.  No token: 41001;
#        unknown or refused token: 40001 ("reject_code"); expired token:
#        42001; not JSON: 47001; missing fields: 40101; more than 50 files
#        ("max_files"): -501007.  A fileid cloud://ENV.BUCKET/PATH names
#        root/PATH; a missing file is that entry's own status -503003
#        STORAGE_FILE_NONEXIST; a fileid of another env than "env" is
#        status -501005 INVALID_ENV ("check_env").
# download_url is /tcb-store/PATH?sign=S&t=T on the host the client used;
# signstore.py checks S (time-to-live max_age, byte budgets).
#
# Control: POST /_ctl/tcb with a JSON object (every key optional; "reset":
# true restores the defaults first), GET /_ctl/tcb for settings + stats:
#   tokens         access tokens always accepted (default ["tcb-token"])
#   appid, secret  app credentials for stable_token
#   expires_in     lifetime of issued tokens (default 7200)
#   token_delay    seconds stable_token waits before answering (default 0)
#   batch_delay    seconds batchdownloadfile waits before answering (after
#                  counting the call; default 0): a provider that hangs
#   bad_issue      N: the next N normal-mode stable_token answers hand out
#                  a token that batchdownloadfile refuses (a superseded
#                  token; only force_refresh gets a good one)
#   reject_code    errcode for a refused token (default 40001)
#   reject_all     true: every token is refused, even fresh ones
#   revoke         true: every token issued so far is refused from now on
#   id_field       "fileid" (default), "files" (the seed's example) or
#                  null (entries name no file)
#   order          "same" (default) or "reverse": entry order
#   errcode        {"code", "errmsg", "count"}: the next COUNT calls fail
#                  with this top-level errcode
#   reply          {"body", "status", "count"}: the next COUNT calls answer
#                  BODY verbatim (malformed JSON and the like); "@TOKEN@"
#                  in BODY becomes the access token of the call
#   omit_url       true: entries have no download_url
#   check_env, max_files
#   expire_after, expire_count, url_ttl, expire_all: see signstore.py
# Stats: token_calls, force_flags, batch_calls, batch_sizes, max_ages,
# envs, issued (every token handed out, so tests can look for leaks),
# sigs (every storage signature).

import json
import os
import secrets
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fpcommon  # noqa: E402

STORE = "/tcb-store/"
FP = None


class TcbState(fpcommon.ProviderState):
    DEFAULTS = {
        "tokens": ["tcb-token"],
        "appid": "wxTESTAPPID0001",
        "secret": "tcb-secret",
        "expires_in": 7200,
        "token_delay": 0,
        "batch_delay": 0,
        "bad_issue": 0,
        "reject_code": 40001,
        "reject_all": False,
        "id_field": "fileid",
        "order": "same",
        "errcode": None,
        "reply": None,
        "omit_url": False,
        "check_env": True,
        "max_files": 50,
    }

    def new_stats(self):
        return {"token_calls": 0, "force_flags": [], "batch_calls": 0,
                "batch_sizes": [], "max_ages": [], "envs": []}

    def reset(self):
        super().reset()
        self.current = None


def register(fp, state):
    global FP
    FP = fp
    state.tcb = TcbState(fp, "tcb")
    fpcommon.add_routes(fp, [
        (("GET", "POST"), "/_ctl/tcb", fpcommon.ctl_route(fp, st)),
        (("POST",), "/cgi-bin/stable_token", route_token),
        (("POST",), "/tcb/batchdownloadfile", route_batch),
        (("GET", "HEAD"), STORE, fpcommon.store_route(st, STORE, "sign")),
    ])


def st(handler):
    return handler.server.state.tcb


def answer(handler, ex, obj, note):
    ex.note = "tcb: " + note
    return FP.send_json(handler, ex, 200, obj)


def new_token(s, good):
    """Issue a token (caller holds s.lock)."""
    tok = "tcbTOK-" + secrets.token_hex(12)
    s.issued[tok] = {"expires": time.time() + int(s.cfg["expires_in"]),
                     "good": good}
    return tok


def route_token(handler, ex, fault):
    s = st(handler)
    body = fpcommon.read_json(FP, handler)
    time.sleep(float(s.cfg["token_delay"]))
    if not isinstance(body, dict):
        return answer(handler, ex, {"errcode": 47001,
                                    "errmsg": "data format error"}, "bad json")
    with s.lock:
        s.stats["token_calls"] += 1
        force = body.get("force_refresh") is True
        s.stats["force_flags"].append(force)
        if body.get("grant_type") != "client_credential":
            return answer(handler, ex, {"errcode": 40002, "errmsg":
                                        "invalid grant_type"}, "grant_type")
        if body.get("appid") != s.cfg["appid"]:
            return answer(handler, ex, {"errcode": 40013, "errmsg":
                                        "invalid appid"}, "bad appid")
        if body.get("secret") != s.cfg["secret"]:
            return answer(handler, ex, {"errcode": 40125, "errmsg":
                                        "invalid appsecret"}, "bad secret")
        cur = s.issued.get(s.current)
        if force:
            s.current = new_token(s, True)
        elif s.cfg["bad_issue"] > 0:
            s.cfg["bad_issue"] -= 1
            s.current = new_token(s, False)
        elif not cur or not cur["good"] or cur["expires"] <= time.time():
            s.current = new_token(s, True)
        left = int(s.issued[s.current]["expires"] - time.time())
        tok = s.current
    return answer(handler, ex, {"access_token": tok, "expires_in": left},
                  "token issued (force=%s)" % force)


def token_error(s, token):
    """None when TOKEN may call, else (errcode, errmsg)."""
    if not token:
        return (41001, "access_token missing")
    if s.cfg["reject_all"]:
        return (int(s.cfg["reject_code"]),
                "invalid credential, access_token is invalid or not latest")
    if token in s.cfg["tokens"]:
        return None
    t = s.issued.get(token)
    if t is None or not t["good"]:
        return (int(s.cfg["reject_code"]),
                "invalid credential, access_token is invalid or not latest")
    if t["expires"] <= time.time():
        return (42001, "access_token expired")
    return None


def entry_for(handler, s, env, item, max_age):
    """One file_list entry of the answer."""
    fileid = item.get("fileid") if isinstance(item, dict) else None
    e = {"fileid": fileid, "download_url": "", "status": 0, "errmsg": "ok"}
    rest = fileid[len("cloud://"):] if isinstance(fileid, str) and \
        fileid.startswith("cloud://") else None
    if rest is None or "/" not in rest:
        e.update(status=-501007, errmsg="INVALID_PARAM")
    elif s.cfg["check_env"] and not rest.startswith(env + "."):
        e.update(status=-501005, errmsg="INVALID_ENV")
    else:
        rel = rest.split("/", 1)[1]
        if not FP.resolve_file(handler.server.state, rel):
            e.update(status=-503003, errmsg="STORAGE_FILE_NONEXIST")
        else:
            sig, rec = s.store.issue(rel, ttl=max_age)
            e["download_url"] = "http://%s%s%s?sign=%s&t=%d" % (
                handler.headers.get("Host", "127.0.0.1"), STORE,
                urllib.parse.quote(rel), sig, rec["expires"])
    idf = s.cfg["id_field"]
    del e["fileid"]
    if idf:
        e[idf] = fileid
    if s.cfg["omit_url"]:
        del e["download_url"]
    return e


def route_batch(handler, ex, fault):
    s = st(handler)
    query = urllib.parse.parse_qs(ex.query)
    raw = FP.read_body(handler)
    with s.lock:
        s.stats["batch_calls"] += 1
    time.sleep(float(s.cfg["batch_delay"]))
    r = s.take("reply")
    if r is not None:
        return fpcommon.send_override(
            handler, ex, r, "tcb", query.get("access_token", [None])[0])
    with s.lock:
        bad = token_error(s, query.get("access_token", [None])[0])
    if bad:
        return answer(handler, ex, {"errcode": bad[0], "errmsg": bad[1]},
                      "token refused")
    forced = s.take("errcode")
    if forced:
        return answer(handler, ex, {"errcode": forced.get("code", -1),
                                    "errmsg": forced.get("errmsg", "error")},
                      "forced errcode")
    try:
        body = json.loads(raw or b"")
    except ValueError:
        body = None
    if not isinstance(body, dict):
        return answer(handler, ex, {"errcode": 47001,
                                    "errmsg": "data format error"}, "bad json")
    env, files = body.get("env"), body.get("file_list")
    if not isinstance(env, str) or not isinstance(files, list) or not files:
        return answer(handler, ex, {"errcode": 40101,
                                    "errmsg": "missing parameter"}, "fields")
    if len(files) > int(s.cfg["max_files"]):
        return answer(handler, ex, {"errcode": -501007, "errmsg":
                                    "INVALID_PARAM: file_list exceeds %d"
                                    % s.cfg["max_files"]}, "too many files")
    ages = [f.get("max_age") if isinstance(f, dict) else None for f in files]
    if not all(isinstance(a, int) and a > 0 for a in ages):
        return answer(handler, ex, {"errcode": 40097, "errmsg":
                                    "invalid args: max_age"}, "max_age")
    with s.lock:
        s.stats["batch_sizes"].append(len(files))
        s.stats["max_ages"].extend(ages)
        s.stats["envs"].append(env)
    out = [entry_for(handler, s, env, f, f["max_age"]) for f in files]
    if s.cfg["order"] == "reverse":
        out.reverse()
    return answer(handler, ex, {"errcode": 0, "errmsg": "ok",
                                "file_list": out}, "%d files" % len(files))
