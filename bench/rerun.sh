#!/bin/sh
# bench/rerun.sh - the backup rerun (issue 12): a JSON list of N files
# (outputs, sha1 and size given, 1 KiB each) all present and recorded, run
# again; the same with 1 % deleted; the same outputs behind provider
# locators with --skip-existing; and 4 shards x N/4 files of 4 KiB at once
# against one process -j 16 on all N.  Files come from a local nginx on
# 127.0.0.1 (the provider from tests/fakeprov); every tree lives under
# /tmp and is removed at the end.  Prints wall time, peak RSS, the bytes
# sigfetch read (/proc/PID/io rchar) and, under strace, how many times it
# opened a file of the output tree.
#
#   sh bench/rerun.sh [SIGFETCH]        (default: ./src/sigfetch)
#   BENCH_RERUN_N=100000 BENCH_RUNS=3 sh bench/rerun.sh
#
# Needs nginx, python3, strace (optional), and about 600 MB in /tmp for
# N = 100,000.  Bounded: every sigfetch run has a 600 s timeout.
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu
SIGFETCH=${1:-./src/sigfetch}
case $SIGFETCH in /*) ;; *) SIGFETCH=$(pwd)/$SIGFETCH ;; esac
N=${BENCH_RERUN_N:-100000}
RUNS=${BENCH_RUNS:-3}
here=$(cd "$(dirname "$0")" && pwd)
fakeprov=$here/../tests/fakeprov/fakeprov.py

work=$(mktemp -d /tmp/sigfetch-rerun.XXXXXX)
nginx_pid=
fp_pid=
cleanup() {
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null
  [ -n "$fp_pid" ] && kill "$fp_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
command -v nginx >/dev/null || { echo "bench: nginx is needed"; exit 1; }
chmod 755 "$work"
mkdir -p "$work/www/k" "$work/www/s" "$work/logs" "$work/out" "$work/fp"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base=http://127.0.0.1:$port
echo "bench: $N files of 1 KiB and of 4 KiB in $work"
python3 - "$work" "$N" "$base" <<'PY'
import hashlib, json, os, sys
work, n, base = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with open(work + "/rerun.jsonl", "w") as rl, \
     open(work + "/prov.jsonl", "w") as pl, \
     open(work + "/shard.list", "w") as sl:
    for i in range(n):
        name = "f%06d.bin" % i
        seed = hashlib.sha256(name.encode()).digest()
        k = seed * 32                       # 1 KiB
        with open("%s/www/k/%s" % (work, name), "wb") as fh:
            fh.write(k)
        with open("%s/www/s/%s" % (work, name), "wb") as fh:
            fh.write(seed * 128)            # 4 KiB
        rl.write(json.dumps({"locator": "%s/k/%s" % (base, name),
                             "output": name, "size": len(k),
                             "sha1": hashlib.sha1(k).hexdigest()}) + "\n")
        pl.write(json.dumps({"locator": "kdocs:personal/tok%06d" % i,
                             "output": name}) + "\n")
        sl.write("%s/s/%s\n" % (base, name))
PY
chmod -R a+rX "$work/www"
cat > "$work/nginx.conf" <<NGINX
daemon off;
worker_processes 1;
pid $work/nginx.pid;
error_log $work/logs/error.log;
events { worker_connections 1024; }
http {
  access_log $work/logs/access.log;
  sendfile on;
  keepalive_requests 1000000;
  client_body_temp_path $work/logs;
  proxy_temp_path $work/logs;
  fastcgi_temp_path $work/logs;
  uwsgi_temp_path $work/logs;
  scgi_temp_path $work/logs;
  server {
    listen 127.0.0.1:$port;
    root $work/www;
  }
}
NGINX
nginx -c "$work/nginx.conf" -p "$work" &
nginx_pid=$!
python3 "$fakeprov" --root "$work/fp" --port-file "$work/fp.port" \
  --log "$work/fp.log" 2>/dev/null &
fp_pid=$!
i=0
while [ ! -s "$work/fp.port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
sleep 0.3

# meas NAME CMD...: one run; prints wall s, peak RSS MiB, rchar MiB, rc
cat > "$work/meas.py" <<'PY'
import os, resource, subprocess, sys, threading, time
name, argv = sys.argv[1], sys.argv[2:]
t0 = time.monotonic()
p = subprocess.Popen(argv, stdout=subprocess.DEVNULL,
                     stderr=open(os.environ["ERRLOG"], "w"))
timer = threading.Timer(600, p.kill)
timer.start()
os.waitid(os.P_PID, p.pid, os.WEXITED | os.WNOWAIT)
wall = time.monotonic() - t0
io = dict(l.split(": ") for l in open("/proc/%d/io" % p.pid).read().split("\n") if l)
rc = p.wait()
timer.cancel()
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0
print("%-34s wall %7.2f s  peak RSS %6.1f MiB  read %8.1f MiB  exit %d"
      % (name, wall, rss, int(io["rchar"]) / 1048576.0, rc))
sys.stdout.flush()
sys.exit(rc)
PY
export ERRLOG="$work/err"
meas() { python3 "$work/meas.py" "$@" || { tail -3 "$work/err"; return 1; }; }
sf() { "$SIGFETCH" -q "$@"; }
requests() { wc -l < "$work/logs/access.log"; }

echo "bench: populating (first run, -j 16)"
meas "first run (fetch all)" "$SIGFETCH" -q -j 16 -P "$work/out" -i "$work/rerun.jsonl"
echo "bench: rerun, every file present and recorded"
r=0
while [ $r -lt "$RUNS" ]; do
  before=$(requests)
  meas "rerun (sha1+size known)" "$SIGFETCH" -q -j 16 -P "$work/out" -i "$work/rerun.jsonl"
  echo "  requests to the server: $(( $(requests) - before ))"
  r=$((r + 1))
done
if command -v strace >/dev/null; then
  strace -f -qq -e trace=open,openat -o "$work/strace.txt" \
    "$SIGFETCH" -q -j 16 -P "$work/out" -i "$work/rerun.jsonl"
  echo "  under strace: $(grep -c "$work/out/f" "$work/strace.txt") opens of an output file"
  rm -f "$work/strace.txt"
fi
export SIGFETCH_KDOCS_ENDPOINT=http://127.0.0.1:$(cat "$work/fp.port")
export SIGFETCH_KDOCS_ACCESS_TOKEN=bench-token
meas "provider locators, --skip-existing" "$SIGFETCH" -q -j 16 --skip-existing \
  -P "$work/out" -i "$work/prov.jsonl"
echo "  provider calls: $(grep -c '/api/' "$work/fp.log" 2>/dev/null || true)"

echo "bench: 1 % deleted"
python3 - "$work/out" "$N" <<'PY'
import os, sys
for i in range(0, int(sys.argv[2]), 100):
    os.unlink("%s/f%06d.bin" % (sys.argv[1], i))
PY
before=$(requests)
meas "rerun, 1 % missing" "$SIGFETCH" -q -j 16 -P "$work/out" -i "$work/rerun.jsonl"
echo "  requests to the server: $(( $(requests) - before )) (missing: $(( (N + 99) / 100 )))"
echo "  files now: $(find "$work/out" -name 'f*.bin' | wc -l)"
rm -rf "$work/out"

echo "bench: 4 shards x $((N / 4)) of 4 KiB at once vs one process -j 16"
: > "$work/one.t"
: > "$work/four.t"
r=0
while [ $r -lt "$RUNS" ]; do
  rm -rf "$work/o1" "$work/o4"
  mkdir "$work/o1" "$work/o4"
  sync
  meas "one process -j 16" "$SIGFETCH" -q -j 16 -P "$work/o1" -i "$work/shard.list" |
    tee -a "$work/one.t"
  t0=$(python3 -c 'import time; print(time.monotonic())')
  pids=
  for k in 0 1 2 3; do
    timeout 600 "$SIGFETCH" -q -j 4 --shard "$k/4" -P "$work/o4" \
      -i "$work/shard.list" &
    pids="$pids $!"
  done
  for p in $pids; do
    wait "$p"   # not a bare wait: nginx and fakeprov are children too
  done
  python3 -c 'import sys, time; print("4 shards -j 4 at once               wall %7.2f s" % (time.monotonic() - float(sys.argv[1])))' "$t0" |
    tee -a "$work/four.t"
  echo "  files: one $(find "$work/o1" -name 'f*.bin' | wc -l), four $(find "$work/o4" -name 'f*.bin' | wc -l)"
  r=$((r + 1))
done
python3 - "$work/one.t" "$work/four.t" <<'PY'
import statistics, sys
one = [float(l.split("wall")[1].split()[0]) for l in open(sys.argv[1])]
four = [float(l.split("wall")[1].split()[0]) for l in open(sys.argv[2])]
m1, m4 = statistics.median(one), statistics.median(four)
print("median: one process %.2f s, 4 shards %.2f s, ratio %.2f" % (m1, m4, m4 / m1))
PY
