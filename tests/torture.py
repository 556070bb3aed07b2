#!/usr/bin/env python3
# torture.py - random fault sequences against sigfetch's transfer engine.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Python 3 standard library only; run through tests/torture.sh.
#
# Each trial, from its own seed: a file of random size and content served
# by fakeprov on 127.0.0.1, then 2-6 random steps -- SIGKILL or SIGINT
# mid-body (paced with a rate fault), a simulated power loss (SIGKILL,
# then a 1 MiB hole punched into a range the state calls done and, half
# the time, the state marked as from an earlier boot), SIGINT during a
# back-off, or one run
# against a queued storage fault (503/429, 200 to a Range request,
# short 206, RST mid-body, stall with a small --stall-timeout, the file
# changed on the server) -- each run with or without -x N (2..8) and
# --sha1; then runs without faults until one succeeds (at most 5).
# Two rarer steps: a signal during resolve (the locator becomes the fake
# TCB's cloud://ENV.BUCKET/f.bin from then on, its batchdownloadfile is
# made to hang, and SIGINT or SIGTERM must end the run with 130/143
# within 1.5 s, no output, the partial and state untouched), and, for a
# file of at most 4 MiB (--archive-max; xz is slow on random bytes), a
# SIGTERM while an --archive OUT.tar.xz of it is written (exit 143
# within 3 s, or 0 when it had finished; the archive from before
# byte-identical, no OUT.tar.xz.sfpart; then a clean --archive run whose
# f.bin member is the file exactly).  With --provider every run of every
# trial uses the TCB locator.
#
# Invariants, checked after every step:
#   - an output file that exists holds exactly the served file's bytes;
#   - exit 0, or "status":"ok"/"skipped" in --json, means exactly that;
#   - the exit status is one the step allows (0 5 130 137 as it fits;
#     6 never: no checksum can legitimately mismatch here);
#   - no run outlives --run-timeout (a hang);
# and at the end of the trial: the last clean run succeeded, and the
# server sent at most (final size + for each restart the server forced
# -- 200 to a Range, file changed -- the size of the file then + 1 MiB per
# kill, interrupt, cut or stall + 1 MiB + the file's size per --archive
# run + the size of the file when the locator changed + 5 MiB per -x run,
# 1 MiB per -x run told --size: see SEG_SLACK) body bytes in all.
#
# Per trial one line; at the end "trials T, failures F, bytes over size:
# median M / max X".  A failed trial prints its seed and its steps; replay
# it with --seed SEED --trials 1 (timing makes a replay close, not exact).

import argparse
import hashlib
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

MIB = 1 << 20
# A segmented run whose size is not known before its first request asks
# open-ended (bytes=N- or no Range); when its piece is done the connection
# is closed, and what the server had already pushed into the loopback
# socket buffers (about 4 MiB measured) counts as sent.  A run told the
# size (--size, drawn with --sha1) asks for its first piece only; what is
# left is a piece cut short when a free connection took half of it.
SEG_SLACK = 5 * MIB
SEG_SLACK_SIZED = 1 * MIB
HERE = os.path.dirname(os.path.abspath(__file__))
NAME = "f.bin"
ARCHIVE = "out.tar.xz"
# the fake TCB (fakeprov/fp_tcb.py): its default token and a fileid of
# root/f.bin; its storage serves the bytes under /tcb-store/
TCB_TOKEN = "tcb-token"
TCB_LOC = "cloud://test2-4a89da.7465-test2-4a89da-1258717764/" + NAME
STORE_PATHS = ("/files/" + NAME, "/tcb-store/" + NAME)


class TrialFailure(Exception):
    pass


# ---------------------------------------------------------------- server


class Server:
    """fakeprov in a private directory; keeps every log line across
    fault clearings."""

    def __init__(self, fakeprov, tmp):
        self.root = os.path.join(tmp, "root")
        os.makedirs(self.root)
        self.log = os.path.join(tmp, "srv.log")
        port_file = os.path.join(tmp, "srv.port")
        self.err = open(os.path.join(tmp, "srv.err"), "w")
        self.proc = subprocess.Popen(
            [sys.executable, fakeprov, "--root", self.root,
             "--port-file", port_file, "--log", self.log],
            stdin=subprocess.DEVNULL, stdout=self.err, stderr=self.err)
        deadline = time.monotonic() + 10
        while not os.path.exists(port_file):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("fakeprov did not start")
            time.sleep(0.02)
        with open(port_file) as fh:
            self.port = int(fh.read())
        self.base = "http://127.0.0.1:%d" % self.port
        self.file_path = "/files/" + NAME   # where faults are queued

    def _post(self, path, body):
        req = urllib.request.Request(
            self.base + path, data=json.dumps(body).encode(), method="POST",
            headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=5) as r:
            r.read()

    def fault(self, **spec):
        spec.setdefault("path", self.file_path)
        self._post("/_ctl/faults", spec)

    def tcb(self, **settings):
        self._post("/_ctl/tcb", settings)

    def tcb_stats(self):
        with urllib.request.urlopen(self.base + "/_ctl/tcb", timeout=5) as r:
            return json.loads(r.read())

    def clear_faults(self):
        self._post("/_ctl/reset", {"log": False})

    def entries(self):
        with open(self.log) as fh:
            rows = [json.loads(x) for x in fh if x.strip()]
        return [r for r in rows if not r.get("ctl")]

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.err.close()


# ---------------------------------------------------------------- trial


def sha1_file(path):
    h = hashlib.sha1()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(MIB), b""):
            h.update(block)
    return h.hexdigest()


def first_hole(path):
    """Where the first hole of PATH starts (its length when none)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        return os.lseek(fd, 0, os.SEEK_HOLE)
    finally:
        os.close(fd)


def on_disk(path):
    """Bytes really held by PATH (a sparse partial counts its blocks)."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return 0
    return min(st.st_size, st.st_blocks * 512)


class Trial:
    def __init__(self, seed, args):
        self.seed = seed
        self.args = args
        self.rng = random.Random(seed)
        self.steps = []          # descriptions, for the report
        self.restart_budget = 0  # bytes the server may resend on restarts
        self.kills = 0           # kills, interrupts, cuts, stalls
        self.seg_runs = 0        # runs with -x > 1
        self.sized_runs = 0      # of them, told --size
        self.runs = 0
        self.provider = False    # locator: the fake TCB's, not the URL
        self.tally = []          # (step kind, exit status) for the summary

    # -- files

    def make_file(self, size):
        data = self.rng.getrandbits(8 * size).to_bytes(size, "little") \
            if size else b""
        path = os.path.join(self.srv.root, NAME)
        tmp = path + ".new"
        with open(tmp, "wb") as fh:
            fh.write(data)
        # a new mtime, so a new ETag even with the same size
        t = time.time() - self.rng.randint(10, 10 ** 6)
        os.utime(tmp, (t, t))
        os.rename(tmp, path)
        self.size = size
        self.sha1 = hashlib.sha1(data).hexdigest()

    @property
    def out(self):
        return os.path.join(self.work, NAME)

    # -- running sigfetch

    def argv(self, conns, with_sha1, extra=()):
        a = [self.args.sigfetch, "--json", "--progress=none"]
        if conns > 1:
            a += ["-x", str(conns)]
        if conns > 1 and with_sha1:
            a += ["--size", str(self.size)]
            self.sized_runs += 1
        elif conns > 1:
            self.seg_runs += 1
        if with_sha1:
            a += ["--sha1", self.sha1]
        a += list(extra)
        a.append(self.locator())
        return a

    def locator(self):
        return TCB_LOC if self.provider else self.srv.base + "/files/" + NAME

    def use_provider(self):
        """From now on the trial's locator is the fake TCB's.  A partial
        made for the URL is not the new locator's: it starts over."""
        if self.provider:
            return
        if os.path.exists(self.out + ".sfpart"):
            self.restart_budget += self.size
        self.provider = True
        self.srv.file_path = "/tcb-store/" + NAME

    def env(self):
        e = {k: v for k, v in os.environ.items()
             if not k.startswith("SIGFETCH_")
             and k.lower() not in ("http_proxy", "https_proxy", "all_proxy")}
        x = os.path.join(self.work, ".xdg")
        e.update(LC_ALL="C", no_proxy="*", NO_PROXY="*", HOME=x,
                 XDG_CONFIG_HOME=x + "/config", XDG_CACHE_HOME=x + "/cache",
                 SIGFETCH_TCB_ENDPOINT=self.srv.base,
                 SIGFETCH_TCB_ACCESS_TOKEN=TCB_TOKEN)
        return e

    def start(self, argv):
        self.runs += 1
        n = self.runs
        fo = open(os.path.join(self.work, ".run%d.out" % n), "wb")
        fe = open(os.path.join(self.work, ".run%d.err" % n), "wb")
        p = subprocess.Popen(argv, cwd=self.work, env=self.env(),
                             stdin=subprocess.DEVNULL, stdout=fo, stderr=fe)
        p.files = (fo, fe)
        p.n = n
        p.t0 = time.monotonic()
        return p

    def finish(self, p, timeout=None):
        timeout = timeout or self.args.run_timeout
        try:
            rc = p.wait(timeout=max(0.1, timeout - (time.monotonic() - p.t0)))
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
            rc = None
        for f in p.files:
            f.close()
        with open(os.path.join(self.work, ".run%d.out" % p.n), "rb") as fh:
            out = fh.read().decode("utf-8", "replace")
        with open(os.path.join(self.work, ".run%d.err" % p.n), "rb") as fh:
            err = fh.read().decode("utf-8", "replace")
        if rc is not None and rc < 0:
            rc = 128 - rc
        return rc, out, err

    def run(self, argv):
        return self.finish(self.start(argv))

    # -- invariants

    def check(self, what, rc, out, err, allowed):
        desc = "%s -> exit %s" % (what, rc)
        self.steps.append(desc)
        self.vlog(desc)
        self.vlog_state()
        last_err = " | ".join(err.strip().splitlines()[-3:])
        if rc is None:
            raise TrialFailure("%s: no exit within %ss (hang); stderr: %s"
                               % (what, self.args.run_timeout, last_err))
        if rc not in allowed:
            raise TrialFailure("%s: exit %d, allowed %s; stderr: %s"
                               % (what, rc, sorted(allowed), last_err))
        exists = os.path.exists(self.out)
        if exists:
            got = sha1_file(self.out)
            if got != self.sha1:
                raise TrialFailure(
                    "%s (exit %d): output %s has sha1 %s (size %d), the file "
                    "is %s (size %d); stderr: %s"
                    % (what, rc, NAME, got, os.path.getsize(self.out),
                       self.sha1, self.size, last_err))
        if rc == 0 and not exists:
            raise TrialFailure("%s: exit 0 but no output file" % what)
        for line in out.splitlines():
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except ValueError:
                raise TrialFailure("%s: stdout line is not JSON: %r"
                                   % (what, line[:200]))
            st = obj.get("status")
            if st in ("ok", "skipped") and not exists:
                raise TrialFailure("%s: --json says %s, no output file"
                                   % (what, st))
            if st == "failed" and rc == 0:
                raise TrialFailure("%s: --json says failed, exit 0" % what)
        return exists

    def vlog_state(self):
        """With -v: the state file and the partial's length and holes."""
        if not self.args.verbose:
            return
        part = self.out + ".sfpart"
        try:
            with open(self.out + ".sfstate") as fh:
                self.vlog("  state " + fh.read().strip())
        except OSError:
            pass
        if os.path.exists(part):
            self.vlog("  partial %d bytes, first hole at %d"
                      % (os.path.getsize(part), first_hole(part)))

    def vlog(self, msg):
        if self.args.verbose:
            print("    [%d] %s" % (self.seed, msg), flush=True)

    # -- steps

    def conns_and_sha1(self):
        conns = self.rng.randint(2, 8) if self.rng.random() < 0.6 else 1
        if self.args.connections:
            conns = self.args.connections  # the draw above keeps the seeds
        return conns, self.rng.random() < 0.5

    def pace_bps(self, conns):
        """Per-response rate so that the whole file takes about 2-4 s."""
        eff = 1
        if conns > 1 and self.size >= 8 * MIB:
            eff = max(1, min(conns, self.size // (4 * MIB)))
        secs = self.rng.uniform(2.0, 4.0)
        return max(64 * 1024, int(self.size / secs / eff))

    def step_signal(self, sig):
        conns, with_sha1 = self.conns_and_sha1()
        bps = self.pace_bps(conns)
        self.srv.fault(fault="rate", bps=bps, count=-1)
        target = int(self.size * self.rng.uniform(0.05, 0.85))
        max_wait = self.rng.uniform(0.3, 3.0)
        p = self.start(self.argv(conns, with_sha1, ["--retry-delay", "0.05"]))
        part = self.out + ".sfpart"
        deadline = time.monotonic() + min(max_wait, 10)
        while time.monotonic() < deadline and p.poll() is None:
            if on_disk(part) > target:
                break
            time.sleep(0.02)
        have = on_disk(part)
        if p.poll() is None:
            p.send_signal(sig)
        rc, out, err = self.finish(p, 15)
        self.srv.clear_faults()
        self.kills += 1
        name = "SIGKILL" if sig == signal.SIGKILL else "SIGINT"
        allowed = {0, 137} if sig == signal.SIGKILL else {0, 130}
        return self.check("%s mid-body (-x %d%s, %d B/s, at %d B)"
                          % (name, conns, ", sha1" if with_sha1 else "",
                             bps, have), rc, out, err, allowed)

    def step_powerloss(self):
        """A kill -9, then what a power loss can leave: a 1 MiB hole
        punched into a range the state calls done (data that never reached
        the disk) and, half the time, the state marked as written in an
        earlier boot (only its durable claims may count)."""
        done = self.step_signal(signal.SIGKILL)
        state = self.out + ".sfstate"
        if done or not os.path.exists(state):
            return done
        try:
            with open(state) as fh:
                st = json.load(fh)
        except (OSError, ValueError):
            return done
        # one stream counts up to the partial's length (its state's
        # bytes_done lags behind until the next checkpoint)
        segs = st.get("segments") or \
            [[0, max(st.get("bytes_done", 0),
                     os.path.getsize(self.out + ".sfpart")), -1]]
        done_ranges = [(a, p) for a, p, e in segs if p - a >= MIB]
        what = "power loss:"
        if done_ranges:
            a, p = self.rng.choice(done_ranges)
            at = self.rng.randint(a, p - MIB) // 4096 * 4096
            subprocess.run(["fallocate", "--punch-hole", "--offset", str(at),
                            "--length", str(MIB), self.out + ".sfpart"],
                           check=False)
            # the segment resumes where the hole starts: what it had
            # after the hole is fetched again
            self.restart_budget += p - at
            what += " hole at %d" % at
        if self.rng.random() < 0.5:
            dur = st.get("durable") or []
            claimed = sum(p - a for a, p, e in segs)
            durable = sum(d - a for (a, p, e), d in zip(segs, dur))
            self.restart_budget += max(0, claimed - durable)
            st["boot_id"] = "00000000-0000-0000-0000-000000000000"
            with open(state, "w") as fh:
                json.dump(st, fh)
            what += " earlier boot"
        self.steps.append(what)
        self.vlog(what)
        return done

    def step_backoff_int(self):
        conns, with_sha1 = self.conns_and_sha1()
        code = self.rng.choice([503, 429])
        self.srv.fault(fault="status", code=code, count=-1)
        p = self.start(self.argv(conns, with_sha1,
                                 ["--retries", "3", "--retry-delay", "5"]))
        time.sleep(self.rng.uniform(0.3, 0.8))
        if p.poll() is None:
            p.send_signal(signal.SIGINT)
        rc, out, err = self.finish(p, 15)
        self.srv.clear_faults()
        self.kills += 1
        return self.check("SIGINT in back-off after %d (-x %d%s)"
                          % (code, conns, ", sha1" if with_sha1 else ""),
                          rc, out, err, {130})

    def step_fault(self):
        conns, with_sha1 = self.conns_and_sha1()
        retries = self.rng.randint(0, 3)
        extra = ["--retries", str(retries), "--retry-delay", "0.05",
                 "--stall-timeout", "3"]
        kind = self.rng.choice(["status", "status", "ignore_range",
                                "short_range", "drop", "stall", "changed"])
        allowed = {0, 5}
        size = self.size
        if kind == "status":
            code = self.rng.choice([503, 429, 500])
            count = self.rng.choice([1, 2, -1, -1])
            self.srv.fault(fault="status", code=code, count=count)
            what = "status %d x%d" % (code, count)
        elif kind == "ignore_range":
            self.srv.fault(fault="ignore_range", count=1)
            self.restart_budget += size
            what = "200 to Range"
        elif kind == "short_range":
            length = self.rng.randint(1, 2 * MIB)
            count = self.rng.choice([1, 2, -1])
            self.srv.fault(fault="short_range", length=length, count=count)
            what = "short 206 of %d x%d" % (length, count)
        elif kind == "drop":
            after = self.rng.randint(0, max(1, size // 2))
            count = self.rng.choice([1, 2, 3])
            self.srv.fault(fault="drop", after=after, rst=True, count=count)
            self.kills += count
            what = "RST after %d x%d" % (after, count)
        elif kind == "stall":
            after = self.rng.randint(0, max(1, size // 2))
            count = self.rng.choice([1, 2])
            self.srv.fault(fault="stall", after=after, seconds=30,
                           count=count)
            extra[-1] = "0.5"
            self.kills += count
            what = "stall after %d x%d" % (after, count)
        else:
            self.restart_budget += size
            new = self.rng.choice([size, self.rng.randint(1 * MIB,
                                                           self.args.max_size)])
            self.make_file(new)
            what = "file changed (%d -> %d bytes)" % (size, new)
        rc, out, err = self.run(self.argv(conns, with_sha1, extra))
        self.srv.clear_faults()
        return self.check("%s (-x %d%s, --retries %d)"
                          % (what, conns, ", sha1" if with_sha1 else "",
                             retries), rc, out, err, allowed)

    def leftovers(self):
        """Length, mtime and sha1 of the partial and the state (None for
        one that does not exist)."""
        snap = {}
        for suffix in (".sfpart", ".sfstate"):
            path = self.out + suffix
            try:
                st = os.stat(path)
                snap[suffix] = (st.st_size, st.st_mtime_ns, sha1_file(path))
            except FileNotFoundError:
                snap[suffix] = None
        return snap

    def step_resolve_sig(self):
        """SIGINT or SIGTERM while sigfetch waits for the provider API:
        the locator becomes the fake TCB's (for good), whose
        batchdownloadfile is made to hang 30 s; the run must end with
        130/143 within 1.5 s of the signal, with no output and the
        partial and state as they were."""
        self.use_provider()
        sig = self.rng.choice([signal.SIGINT, signal.SIGTERM])
        name, want = (("SIGINT", 130) if sig == signal.SIGINT
                      else ("SIGTERM", 143))
        conns, with_sha1 = self.conns_and_sha1()
        wait = self.rng.uniform(0.05, 0.6)
        before = self.leftovers()
        calls = self.srv.tcb_stats()["batch_calls"]
        self.srv.tcb(batch_delay=30)
        p = self.start(self.argv(conns, with_sha1, ["--retry-delay", "0.05"]))
        deadline = time.monotonic() + 10
        seen = False
        while time.monotonic() < deadline and p.poll() is None:
            if self.srv.tcb_stats()["batch_calls"] > calls:
                seen = True
                break
            time.sleep(0.02)
        time.sleep(wait)
        t_sig = time.monotonic()
        if p.poll() is None:
            p.send_signal(sig)
        rc, out, err = self.finish(p, 15)
        took = time.monotonic() - t_sig
        self.srv.tcb(batch_delay=0)
        self.kills += 1
        what = ("%s during resolve (-x %d%s, %.2f s in the call, exit after "
                "%.2f s)" % (name, conns, ", sha1" if with_sha1 else "",
                             wait, took))
        self.tally.append(("resolve", rc))
        done = self.check(what, rc, out, err, {want})
        if not seen:
            raise TrialFailure("%s: batchdownloadfile never called" % what)
        if took > self.args.signal_limit:
            raise TrialFailure("%s: %.2f s from the signal to the exit "
                               "(limit %.1f s)"
                               % (what, took, self.args.signal_limit))
        if done:
            raise TrialFailure("%s: an output file after a stopped resolve"
                               % what)
        after = self.leftovers()
        if after != before:
            raise TrialFailure("%s: the partial or state changed: before "
                               "%s, after %s" % (what, before, after))
        return done

    def archive_run(self, conns):
        """Start one --archive ARCHIVE run of the trial's locator."""
        a = [self.args.sigfetch, "--progress=none", "--retry-delay", "0.05",
             "--overwrite"]
        if conns > 1:
            a += ["-x", str(conns)]
            self.seg_runs += 1
        a += ["--archive", ARCHIVE, self.locator()]
        # each run may fetch the file into the staging directory
        self.restart_budget += self.size
        return self.start(a)

    def check_archive(self, what):
        """ARCHIVE holds f.bin, exactly the file, and SHA1SUMS; no
        staging directory and no ARCHIVE.sfpart are left."""
        ar = os.path.join(self.work, ARCHIVE)
        for left in (ar + ".sfpart", ar + ".sfdir"):
            if os.path.exists(left):
                raise TrialFailure("%s: %s left after exit 0"
                                   % (what, os.path.basename(left)))
        wd = os.path.join(self.tmp, "inspect")
        shutil.rmtree(wd, ignore_errors=True)
        os.makedirs(wd)
        r = subprocess.run([sys.executable,
                            os.path.join(HERE, "archive-inspect.py"), ar, wd],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=60)
        if r.returncode != 0:
            raise TrialFailure("%s: archive-inspect exit %d: %s"
                               % (what, r.returncode,
                                  r.stderr.decode("utf-8", "replace")[-300:]))
        ents = json.loads(r.stdout)
        names = [e["name"] for e in ents]
        if names != [NAME, "SHA1SUMS"]:
            raise TrialFailure("%s: archive entries %s" % (what, names))
        if ents[0]["sha1"] != self.sha1 or ents[0]["size"] != self.size:
            raise TrialFailure("%s: archive member %s has sha1 %s size %d, "
                               "the file is %s size %d"
                               % (what, NAME, ents[0]["sha1"],
                                  ents[0]["size"], self.sha1, self.size))

    def check_archive_run(self, what, rc, err, allowed):
        desc = "%s -> exit %s" % (what, rc)
        self.steps.append(desc)
        self.vlog(desc)
        last_err = " | ".join(err.strip().splitlines()[-3:])
        if rc is None:
            raise TrialFailure("%s: no exit within %ss (hang); stderr: %s"
                               % (what, self.args.run_timeout, last_err))
        if rc not in allowed:
            raise TrialFailure("%s: exit %d, allowed %s; stderr: %s"
                               % (what, rc, sorted(allowed), last_err))
        if os.path.exists(self.out) and sha1_file(self.out) != self.sha1:
            raise TrialFailure("%s: output %s changed to other bytes"
                               % (what, NAME))
        if rc == 0:
            self.check_archive(what)

    def step_archive(self):
        """SIGTERM while --archive ARCHIVE (xz) is written: exit 143 within
        3 s (0 when it had finished), the archive from before untouched,
        no ARCHIVE.sfpart; then a clean --archive run (the staging
        directory resumes) whose member is the file."""
        ar = os.path.join(self.work, ARCHIVE)
        part = ar + ".sfpart"
        old = sha1_file(ar) if os.path.exists(ar) else None
        conns, _ = self.conns_and_sha1()
        wait = self.rng.uniform(0.0, 0.4)
        p = self.archive_run(conns)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and p.poll() is None and \
                not os.path.exists(part):
            time.sleep(0.01)
        seen = os.path.exists(part)
        time.sleep(wait)
        t_sig = time.monotonic()
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
        rc, out, err = self.finish(p, 30)
        took = time.monotonic() - t_sig
        self.kills += 1
        what = ("SIGTERM %s archive writing (-x %d, %s, exit after %.2f s)"
                % ("%.2f s into" % wait if seen else "before", conns,
                   "an archive before" if old else "no archive before", took))
        self.tally.append(("archive", rc))
        self.check_archive_run(what, rc, err, {0, 143})
        if rc == 143:
            if took > self.args.archive_limit:
                raise TrialFailure("%s: %.2f s from SIGTERM to the exit "
                                   "(limit %.1f s)"
                                   % (what, took, self.args.archive_limit))
            now = sha1_file(ar) if os.path.exists(ar) else None
            if now != old:
                raise TrialFailure("%s: the archive from before changed "
                                   "(sha1 %s, now %s)" % (what, old, now))
            if os.path.exists(part):
                raise TrialFailure("%s: %s.sfpart left" % (what, ARCHIVE))
            conns, _ = self.conns_and_sha1()
            rc, out, err = self.finish(self.archive_run(conns))
            self.check_archive_run("clean --archive run (-x %d)" % conns,
                                   rc, err, {0})
        return False

    # -- the trial

    def execute(self):
        self.tmp = tempfile.mkdtemp(prefix="sigfetch-torture.")
        self.work = os.path.join(self.tmp, "work")
        os.makedirs(self.work)
        self.srv = Server(self.args.fakeprov, self.tmp)
        try:
            return self._execute()
        finally:
            self.srv.stop()
            if self.args.keep:
                print("    kept %s" % self.tmp)
            else:
                shutil.rmtree(self.tmp, ignore_errors=True)

    def _execute(self):
        size = self.args.size or self.rng.randint(1 * MIB, self.args.max_size)
        self.make_file(size)
        nsteps = self.rng.randint(2, 6)
        self.steps.append("size %d" % size)
        if self.args.provider:
            self.use_provider()
            self.steps.append("locator " + TCB_LOC)
        done = False
        for k in range(nsteps):
            # begin with an interrupted transfer most of the time, so that
            # later steps meet a partial file and its state
            kind = self.rng.choice(["kill", "kill", "kill", "int", "fault"]
                                   if k == 0 else
                                   ["kill", "kill", "int", "backoff",
                                    "fault", "fault", "fault"])
            if kind == "kill" and self.rng.random() < 0.3:
                kind = "powerloss"
            rare = self.rng.random()
            if rare < (0.2 if self.args.provider else 0.07):
                kind = "resolve"
            elif rare > 0.75 and self.size <= self.args.archive_max:
                # xz takes its time over random bytes: small files only
                kind = "archive"
            if kind == "resolve":
                done = self.step_resolve_sig()
            elif kind == "archive":
                done = self.step_archive()
            elif kind == "powerloss":
                done = self.step_powerloss()
            elif kind == "kill":
                done = self.step_signal(signal.SIGKILL)
            elif kind == "int":
                done = self.step_signal(signal.SIGINT)
            elif kind == "backoff":
                done = self.step_backoff_int()
            else:
                done = self.step_fault()
            if done:
                break
        for i in range(5):
            if done:
                break
            conns, with_sha1 = self.conns_and_sha1()
            rc, out, err = self.run(self.argv(conns, with_sha1,
                                              ["--retry-delay", "0.05"]))
            done = self.check("clean run (-x %d%s)"
                              % (conns, ", sha1" if with_sha1 else ""),
                              rc, out, err, {0, 5}) and rc == 0
        if not done:
            raise TrialFailure("no success after 5 clean runs")
        time.sleep(0.3)          # let the server log its last requests
        sent = sum(e["bytes_sent"] for e in self.srv.entries()
                   if e["path"] in STORE_PATHS)
        over = sent - self.size
        budget = self.restart_budget + MIB * (self.kills + 1) + \
            SEG_SLACK * self.seg_runs + SEG_SLACK_SIZED * self.sized_runs
        if over > budget:
            raise TrialFailure("server sent %d bytes for %d: %d over, budget "
                               "%d (restarts %d B, %d kills/cuts, %d -x runs, "
                               "%d with --size)"
                               % (sent, self.size, over, budget,
                                  self.restart_budget, self.kills,
                                  self.seg_runs, self.sized_runs))
        return over


def parse_args(argv):
    p = argparse.ArgumentParser(description="sigfetch fault-sequence torture")
    p.add_argument("--trials", type=int, default=10)
    p.add_argument("--seed", type=int, default=None,
                   help="first trial's seed (trial i uses SEED+i)")
    p.add_argument("--size", type=int, default=0,
                   help="file size in bytes (default: random per trial)")
    p.add_argument("--max-size", type=int, default=24 * MIB,
                   help="largest random size (default 24 MiB)")
    p.add_argument("--sigfetch", required=True)
    p.add_argument("--fakeprov",
                   default=os.path.join(HERE, "fakeprov", "fakeprov.py"))
    p.add_argument("--run-timeout", type=float, default=40)
    p.add_argument("--time-limit", type=float, default=0,
                   help="start no new trial after this many seconds")
    p.add_argument("--connections", type=int, default=0,
                   help="every run with -x N (1: one connection)")
    p.add_argument("--provider", action="store_true",
                   help="every run uses the fake TCB's cloud:// locator")
    p.add_argument("--signal-limit", type=float, default=1.5,
                   help="seconds a signal during resolve may take to end "
                   "the run (default 1.5)")
    p.add_argument("--archive-limit", type=float, default=3.0,
                   help="seconds SIGTERM during archive writing may take "
                   "(default 3: the xz close compresses what it holds)")
    p.add_argument("--archive-max", type=int, default=4 * MIB,
                   help="largest file an --archive step is drawn for "
                   "(default 4 MiB)")
    p.add_argument("--keep", action="store_true")
    p.add_argument("-v", "--verbose", action="store_true")
    return p.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    if args.seed is None:
        args.seed = random.SystemRandom().randint(1, 10 ** 6)
    print("torture: seed %d, %d trials%s, sigfetch %s"
          % (args.seed, args.trials, ", provider locator" if args.provider
             else "", args.sigfetch), flush=True)
    overs, failures, tally = [], [], {}
    t_start = time.monotonic()
    done = 0
    for i in range(args.trials):
        if args.time_limit and time.monotonic() - t_start > args.time_limit:
            print("torture: time limit reached after %d trials" % done)
            break
        seed = args.seed + i
        trial = Trial(seed, args)
        t0 = time.monotonic()
        try:
            over = trial.execute()
            overs.append(over)
            print("trial %d seed %d: ok, %d steps, %d bytes over size, %.1fs"
                  % (i + 1, seed, len(trial.steps) - 1, over,
                     time.monotonic() - t0), flush=True)
        except TrialFailure as e:
            failures.append(seed)
            print("trial %d seed %d: FAIL: %s" % (i + 1, seed, e))
            print("  steps: %s" % "; ".join(trial.steps))
            print("  replay: tests/torture.sh --seed %d --trials 1%s%s%s"
                  % (seed, " --size %d" % args.size if args.size else "",
                     " --max-size %d" % args.max_size
                     if args.max_size != 24 * MIB else "",
                     " --provider" if args.provider else ""), flush=True)
        done += 1
        for kind_rc in trial.tally:
            tally[kind_rc] = tally.get(kind_rc, 0) + 1
    if overs:
        med, mx = int(statistics.median(overs)), max(overs)
    else:
        med = mx = 0
    print("trials %d, failures %d, bytes over size: median %d/max %d"
          % (done, len(failures), med, mx))
    if tally:
        print("signal during resolve / archive writing: %s" % ", ".join(
            "%s exit %s x%d" % (k, rc, n)
            for (k, rc), n in sorted(tally.items(), key=str)))
    if failures:
        print("failed seeds: %s" % " ".join(map(str, failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
