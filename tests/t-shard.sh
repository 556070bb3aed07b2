#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-shard: four workers --shard 0/4 .. 3/4 run at once over one list of
# 2,000 direct URLs into one directory: every file is fetched exactly once
# (one GET per path in the server's log), each worker handles exactly the
# locators whose SHA-1 (first 8 bytes, big-endian) mod 4 is its K, and
# together they fetch the whole list.  Then, into a new directory, one
# worker is stopped midway: its rerun fetches exactly the files it had not
# finished, and the union is complete and correct.  A bad line is exit 2
# on every shard, before any request.
. "$(dirname "$0")/lib.sh"
T_TIMEOUT=${T_TIMEOUT:-120}
t_setup
for bad in 3/2 0/0 a/b 1 -1/4 1/65536 1/4/4 ""; do
  run --shard "$bad" "$BASE/files/x.bin"
  expect_rc 2
  expect_stderr -- "--shard"
done
expect_log 'len(r) == 0' "no request for a bad --shard"
export N=2000
"$PYTHON" - "$N" "$BASE" <<'PYEOF' || fail "cannot make the files"
import hashlib, json, os, sys
n, base = int(sys.argv[1]), sys.argv[2]
os.makedirs("root/s", exist_ok=True)
with open("list", "w") as lst, open("expected", "w") as exp:
    for i in range(n):
        name = "f%04d.bin" % i
        data = hashlib.sha256(name.encode()).digest() * (32 + i % 7)
        with open("root/s/" + name, "wb") as fh:
            fh.write(data)
        loc = "%s/files/s/%s" % (base, name)
        lst.write(loc + "\n")
        shard = int.from_bytes(hashlib.sha1(loc.encode()).digest()[:8], "big") % 4
        exp.write("%s %d %s\n" % (name, shard, hashlib.sha1(data).hexdigest()))
PYEOF

# shards DIR ARGS...: the four workers at once into DIR; each's JSON lines
# in DIR.K.out, exit status in DIR.K.rc
shards()
{
  local dir=$1 k pids=() i
  shift
  for k in 0 1 2 3; do
    timeout -k 5 "$T_TIMEOUT" "$SIGFETCH" --json -P "$dir" --shard "$k/4" \
      "$@" >"$dir.$k.out" 2>"$dir.$k.err" </dev/null &
    pids+=($!)
  done
  for i in 0 1 2 3; do
    wait "${pids[$i]}"
    echo $? >"$dir.$i.rc"
  done
}

# check_union DIR: every file of the list is in DIR with its content
check_union()
{
  "$PYTHON" - "$1" <<'PYEOF' || fail "$1: the union is not the whole list"
import hashlib, os, sys
d = sys.argv[1]
bad = []
for line in open("expected"):
    name, shard, sha1 = line.split()
    p = os.path.join(d, name)
    if not os.path.exists(p) or hashlib.sha1(open(p, "rb").read()).hexdigest() != sha1:
        bad.append(name)
extra = set(os.listdir(d)) - {l.split()[0] for l in open("expected")}
if bad or extra:
    print("missing or wrong: %s; extra: %s" % (bad[:10], sorted(extra)[:10]))
    sys.exit(1)
PYEOF
}

note "four shards at once over $N locators"
mkdir o1
shards o1 -i list
for k in 0 1 2 3; do
  [ "$(cat o1.$k.rc)" = 0 ] || { cat o1.$k.err; fail "shard $k: exit $(cat o1.$k.rc)"; }
done
check_union o1
"$PYTHON" - <<'PYEOF' || fail "a shard handled another's locators"
import hashlib, json, sys
want = {}
for line in open("expected"):
    name, shard, _ = line.split()
    want[name] = int(shard)
seen = {}
for k in range(4):
    for line in open("o1.%d.out" % k):
        o = json.loads(line)
        name = o["output"].split("/")[-1]
        if want[name] != k or name in seen or o["status"] != "ok":
            print("shard %d reported %s (%s)" % (k, name, o["status"]))
            sys.exit(1)
        seen[name] = k
if len(seen) != len(want):
    print("%d results for %d locators" % (len(seen), len(want)))
    sys.exit(1)
print("per shard:", [sum(1 for v in seen.values() if v == k) for k in range(4)])
PYEOF
expect_log 'len([e for e in r if e["path"].startswith("/files/s/")]) == int(E["N"]) and len(set(e["path"] for e in r if e["path"].startswith("/files/s/"))) == int(E["N"])' \
  "exactly one request per file"

note "again into o2; shard 2 is stopped midway and run again"
server_reset
mkdir o2
"$PYTHON" - "$BASE" <<'PYEOF' || fail "cannot queue the rate faults"
import json, sys, urllib.request
base = sys.argv[1]
faults = [{"path": "/files/s/" + l.split()[0], "fault": "rate", "bps": 4000}
          for l in open("expected") if l.split()[1] == "2"]
req = urllib.request.Request(base + "/_ctl/faults", data=json.dumps(faults).encode(),
                             method="POST", headers={"Content-Type": "application/json"})
urllib.request.urlopen(req, timeout=10).read()
PYEOF
export N2; N2=$(awk '$2 == 2' expected | wc -l)
timeout -k 5 "$T_TIMEOUT" "$SIGFETCH" --json -P o2 --shard 2/4 -i list -j 2 \
  >o2.slow.out 2>o2.slow.err </dev/null &
slow=$!
T_BG_PIDS="$T_BG_PIDS $slow"
i=0
while [ "$(ls o2 | grep -c '\.bin$')" -lt 40 ]; do
  i=$((i + 1))
  [ "$i" -gt 600 ] && fail "shard 2 made no progress"
  sleep 0.05
done
others=()
for k in 0 1 3; do
  timeout -k 5 "$T_TIMEOUT" "$SIGFETCH" --json -P o2 --shard "$k/4" -i list \
    >o2.$k.out 2>o2.$k.err </dev/null &
  others+=($!)
done
for p in "${others[@]}"; do
  wait "$p" || fail "a shard other than 2 failed"
done
kill -TERM "$slow"
wait "$slow"
note "shard 2 stopped: exit $?, $(ls o2 | grep -c '\.bin$') outputs"
ls o2 | grep '\.bin$' >done-before
[ "$(awk '$2 == 2' expected | cut -d' ' -f1 | grep -c -x -F -f done-before)" -lt "$N2" ] ||
  fail "shard 2 finished before it was stopped"
t__ctl /_ctl/reset '{"log": false}' || fail "cannot clear the faults"
log_mark
timeout -k 5 "$T_TIMEOUT" "$SIGFETCH" --json -P o2 --shard 2/4 -i list \
  >o2.2.out 2>o2.2.err </dev/null || fail "shard 2 rerun failed"
check_union o2
expect_no_file o2/*.sfpart o2/*.sfstate
T_MARK=$T_MARK "$PYTHON" - "$T_DIR/srv/log" <<'PYEOF' || fail "the rerun was not exact"
import json, os, sys
mark = float(os.environ["T_MARK"])
log = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
got = sorted(e["path"].split("/")[-1] for e in log
             if not e.get("ctl") and e["t_start"] >= mark)
had = set(open("done-before").read().split())
want = sorted(l.split()[0] for l in open("expected")
              if l.split()[1] == "2" and l.split()[0] not in had)
if got != want:
    print("rerun fetched %d files, %d were missing; first: %s / %s"
          % (len(got), len(want), got[:5], want[:5]))
    sys.exit(1)
print("rerun fetched the %d missing files, each once" % len(got))
PYEOF

note "a bad line: exit 2 on every shard, no request"
server_reset
echo 'ftp://example.com/x' >>list
mkdir o3
shards o3 -i list
for k in 0 1 2 3; do
  [ "$(cat o3.$k.rc)" = 2 ] || fail "shard $k: exit $(cat o3.$k.rc), not 2"
done
expect_log 'len(r) == 0' "no request"
t_pass
