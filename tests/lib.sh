# lib.sh - shared code for sigfetch's integration tests (bash).
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Each tests/t-*.sh sources this file, calls t_setup, states what it expects
# with the expect_* functions and ends with t_pass.  Any failed expectation
# prints "FAIL: <test>: <what>" with context and exits 1; exit 77 = skip,
# 99 = the harness itself is broken (automake conventions).
#
# From the harness: SIGFETCH (the binary), srcdir / top_srcdir (may be
# relative), PYTHON (default python3).  Optional: KEEP=1 keeps the test
# directory, T_TIMEOUT (default 60) bounds every foreground sigfetch run.
#
# Layout of a test directory (the cwd of the test and of sigfetch):
#   root/        files the fake server serves at $BASE/files/
#   srv/         port file, request log (srv/log), server stderr
#   out, err     stdout and stderr of the last `run`
#   xdg/         HOME, XDG_CONFIG_HOME, XDG_CACHE_HOME for sigfetch
# Downloads land in the test directory itself unless a test says otherwise.

: "${PYTHON:=python3}"
T_NAME=$(basename "$0" .sh)
T_TIMEOUT=${T_TIMEOUT:-60}
T_DIR=
T_SERVER_PID=
T_BG_PIDS=
rc=
elapsed=

# ------------------------------------------------------------- locations

t__lib_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [ -n "${srcdir:-}" ] && [ -f "$srcdir/lib.sh" ]; then
  srcdir=$(cd "$srcdir" && pwd)
elif [ -n "${srcdir:-}" ] && [ -f "$srcdir/tests/lib.sh" ]; then
  srcdir=$(cd "$srcdir/tests" && pwd)
else
  srcdir=$t__lib_dir
fi
if [ -n "${top_srcdir:-}" ] && [ -d "$top_srcdir" ]; then
  top_srcdir=$(cd "$top_srcdir" && pwd)
else
  top_srcdir=$(cd "$srcdir/.." && pwd)
fi
FAKEPROV=$srcdir/fakeprov/fakeprov.py

if [ -z "${SIGFETCH:-}" ]; then
  for t__cand in "$PWD/../src/sigfetch" "$PWD/src/sigfetch" \
                 "$top_srcdir/src/sigfetch"; do
    if [ -x "$t__cand" ]; then
      SIGFETCH=$t__cand
      break
    fi
  done
fi
case ${SIGFETCH:-} in
  "") ;;
  /*) ;;
  *) SIGFETCH=$PWD/$SIGFETCH ;;
esac
if [ -z "${SIGFETCH:-}" ] || [ ! -x "$SIGFETCH" ]; then
  echo "ERROR: $T_NAME: SIGFETCH is not set or not executable" \
       "('${SIGFETCH:-}')" >&2
  exit 99
fi
command -v timeout >/dev/null 2>&1 || {
  echo "SKIP: $T_NAME: needs timeout(1)" >&2
  exit 77
}
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 7))' \
     2>/dev/null; then
  echo "SKIP: $T_NAME: needs $PYTHON >= 3.7" >&2
  exit 77
fi

# A predictable environment for sigfetch: C messages, no proxy, no user
# configuration, no SIGFETCH_* settings from the caller.
export LC_ALL=C
unset LANGUAGE
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
export no_proxy='*' NO_PROXY='*'
for t__var in $(env | sed -n 's/^\(SIGFETCH_[A-Za-z0-9_]*\)=.*/\1/p'); do
  unset "$t__var"
done
unset t__var t__cand

# ------------------------------------------------------------- messages

# fail MESSAGE...: report a failed expectation with context, exit 1.
fail()
{
  echo "FAIL: $T_NAME: $*"
  if [ -n "${T_LAST_CMD:-}" ]; then
    echo "  last command: $T_LAST_CMD"
    echo "  exit status: ${rc:-?}, elapsed ${elapsed:-?}s"
  fi
  if [ -s "${T_DIR:-/nonexistent}/err" ]; then
    echo "  --- stderr (last 40 lines) ---"
    tail -n 40 "$T_DIR/err" | sed 's/^/  | /'
  fi
  if [ -s "${T_DIR:-/nonexistent}/out" ] && [ "${T_OUT_TEXT:-1}" = 1 ]; then
    echo "  --- stdout (first 20 lines) ---"
    head -n 20 "$T_DIR/out" | cut -c1-400 | sed 's/^/  | /'
  fi
  if [ -s "${T_DIR:-/nonexistent}/srv/log" ]; then
    echo "  --- server log ---"
    log_summary | sed 's/^/  | /'
  fi
  if [ -s "${T_DIR:-/nonexistent}/srv/err" ]; then
    echo "  --- server stderr ---"
    tail -n 20 "$T_DIR/srv/err" | sed 's/^/  | /'
  fi
  [ -n "${T_DIR:-}" ] && [ "${KEEP:-0}" != 1 ] &&
    echo "  (run with KEEP=1 to keep the test directory)"
  exit 1
}

# t_pass: the test succeeded.
t_pass()
{
  echo "PASS: $T_NAME"
  exit 0
}

# t_skip REASON: an optional tool is missing.
t_skip()
{
  echo "SKIP: $T_NAME: $*"
  exit 77
}

# note MESSAGE: progress line in the test's .log file.
note()
{
  echo "--- $T_NAME: $*"
}

# ------------------------------------------------------------- setup

t__cleanup()
{
  local pid
  for pid in $T_BG_PIDS; do
    kill -9 "$pid" 2>/dev/null
  done
  if [ -n "$T_SERVER_PID" ]; then
    kill -TERM "$T_SERVER_PID" 2>/dev/null
    wait "$T_SERVER_PID" 2>/dev/null
  fi
  cd / || true
  if [ -n "$T_DIR" ] && [ "${KEEP:-0}" != 1 ]; then
    rm -rf "$T_DIR"
  elif [ -n "$T_DIR" ]; then
    echo "--- $T_NAME: kept $T_DIR"
  fi
}

# t_setup [fakeprov options...]: private directory, fake server, $PORT,
# $BASE.  Extra arguments go to fakeprov (e.g. --rate 100000).
t_setup()
{
  T_DIR=$(mktemp -d "${TMPDIR:-/tmp}/sigfetch-$T_NAME.XXXXXX") ||
    { echo "ERROR: mktemp failed" >&2; exit 99; }
  trap t__cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  cd "$T_DIR" || exit 99
  mkdir root srv xdg
  export HOME=$T_DIR/xdg XDG_CONFIG_HOME=$T_DIR/xdg/config \
         XDG_CACHE_HOME=$T_DIR/xdg/cache
  "$PYTHON" "$FAKEPROV" --root "$T_DIR/root" --port-file "$T_DIR/srv/port" \
    --log "$T_DIR/srv/log" "$@" 2>"$T_DIR/srv/err" </dev/null &
  T_SERVER_PID=$!
  local i=0
  while [ ! -s "$T_DIR/srv/port" ]; do
    if ! kill -0 "$T_SERVER_PID" 2>/dev/null; then
      cat "$T_DIR/srv/err" >&2
      echo "ERROR: $T_NAME: fakeprov exited" >&2
      exit 99
    fi
    i=$((i + 1))
    if [ "$i" -gt 100 ]; then
      echo "ERROR: $T_NAME: fakeprov wrote no port within 5 s" >&2
      exit 99
    fi
    sleep 0.05
  done
  PORT=$(cat "$T_DIR/srv/port")
  BASE=http://127.0.0.1:$PORT
  export PORT BASE
  note "dir $T_DIR, server $BASE"
}

# ------------------------------------------------------------- files

# mkfile PATH SIZE [SEED]: deterministic pseudo-random content.  SIZE may
# end in K, M or G (powers of 1024).  Same PATH basename, size and seed give
# the same bytes.
mkfile()
{
  mkdir -p "$(dirname "$1")"
  "$PYTHON" - "$1" "$2" "${3:-0}" <<'EOF' || fail "mkfile $1 $2"
import os, random, sys
path, size, seed = sys.argv[1], sys.argv[2], sys.argv[3]
mult = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}.get(size[-1:].upper(), 1)
n = int(size[:-1] if mult > 1 else size) * mult
rng = random.Random("%s/%s" % (os.path.basename(path), seed))
with open(path, "wb") as fh:
    left = n
    while left:
        k = min(left, 16 << 20)
        fh.write(rng.getrandbits(8 * k).to_bytes(k, "little"))
        left -= k
EOF
}

t__digest()
{
  local tool=$1 algo=$2 file=$3
  [ -f "$file" ] || { echo "no-such-file"; return 1; }
  if command -v "$tool" >/dev/null 2>&1; then
    "$tool" <"$file" | cut -d' ' -f1
  else
    "$PYTHON" -c 'import hashlib,sys
h = hashlib.new(sys.argv[1])
with open(sys.argv[2], "rb") as f:
    for b in iter(lambda: f.read(1 << 20), b""):
        h.update(b)
print(h.hexdigest())' "$algo" "$file"
  fi
}

sha1_of()   { t__digest sha1sum sha1 "$1"; }
sha256_of() { t__digest sha256sum sha256 "$1"; }
md5_of()    { t__digest md5sum md5 "$1"; }

# size_of FILE: size in bytes (empty output if FILE does not exist).
size_of()
{
  [ -e "$1" ] || return 1
  wc -c <"$1" | tr -d ' '
}

# etag_of FILE: the ETag fakeprov serves for FILE.
etag_of()
{
  "$PYTHON" -c 'import os,sys
st = os.stat(sys.argv[1])
print("\"%x-%x\"" % (st.st_size, st.st_mtime_ns))' "$1"
}

# bad_hex HEX: the same digest with its last hex digit changed.
bad_hex()
{
  local hex=$1 last=${1: -1} repl=0
  [ "$last" = 0 ] && repl=1
  echo "${hex%?}$repl"
}

# ------------------------------------------------------------- server

t__ctl()
{
  "$PYTHON" - "$BASE" "$1" "$2" <<'EOF'
import sys, urllib.request, urllib.error
base, path, body = sys.argv[1], sys.argv[2], sys.argv[3]
req = urllib.request.Request(base + path, data=body.encode(), method="POST",
                             headers={"Content-Type": "application/json"})
try:
    with urllib.request.urlopen(req, timeout=5) as r:
        r.read()
except urllib.error.HTTPError as e:
    sys.stderr.write("%s: %s\n" % (e.code, e.read().decode()))
    sys.exit(1)
EOF
}

# fault JSON: queue a fault (see fakeprov.py), e.g.
#   fault '{"path":"/files/a.bin","fault":"drop","after":1000}'
fault()
{
  t__ctl /_ctl/faults "$1" || fail "fakeprov refused fault $1"
}

# server_reset: drop every queued fault and empty the request log.
server_reset()
{
  t__ctl /_ctl/reset "" || fail "fakeprov reset failed"
}

# ------------------------------------------------------------- running

t__now() { date +%s.%N; }
t__elapsed()
{
  awk -v a="$1" -v b="$(t__now)" 'BEGIN { printf "%.3f", b - a }'
}

# run ARGS...: sigfetch ARGS with stdout > out, stderr > err, stdin from
# /dev/null; sets $rc and $elapsed (seconds).  A run that outlives
# T_TIMEOUT seconds is a failure (hang).
run()
{
  T_LAST_CMD="sigfetch $*"
  local t0
  t0=$(t__now)
  timeout -k 5 "$T_TIMEOUT" "$SIGFETCH" "$@" >"$T_DIR/out" 2>"$T_DIR/err" \
    </dev/null
  rc=$?
  elapsed=$(t__elapsed "$t0")
  if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
    fail "sigfetch did not finish within ${T_TIMEOUT}s (exit $rc)"
  fi
  return 0
}

# run_bg NAME ARGS...: start sigfetch in the background, output in
# NAME.out / NAME.err; sets $BG_PID to sigfetch's own pid (signal it
# directly) and remembers NAME for wait_bg.  A small Python parent starts
# it with SIGINT and SIGQUIT at their defaults (bash ignores them in
# background jobs) and writes its exit status (128+N for signal N) to
# NAME.rc, so that bash never reports a "Killed" job.
run_bg()
{
  local name=$1 i=0
  shift
  rm -f "$T_DIR/$name.pid" "$T_DIR/$name.rc"
  "$PYTHON" -c 'import os, signal, subprocess, sys
base, argv = sys.argv[1], sys.argv[2:]
def defaults():
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGQUIT, signal.SIG_DFL)
def put(suffix, value):
    with open(base + suffix + ".tmp", "w") as fh:
        fh.write("%d\n" % value)
    os.rename(base + suffix + ".tmp", base + suffix)
proc = subprocess.Popen(argv, preexec_fn=defaults)
put(".pid", proc.pid)
rc = proc.wait()
put(".rc", 128 - rc if rc < 0 else rc)' "$T_DIR/$name" "$SIGFETCH" "$@" \
    >"$T_DIR/$name.out" 2>"$T_DIR/$name.err" </dev/null &
  T_BG_PIDS="$T_BG_PIDS $!"
  T_BG_NAME=$name
  T_BG_T0=$(t__now)
  while [ ! -s "$T_DIR/$name.pid" ]; do
    i=$((i + 1))
    [ "$i" -gt 250 ] && fail "background sigfetch did not start"
    sleep 0.02
  done
  BG_PID=$(cat "$T_DIR/$name.pid")
  T_BG_PIDS="$T_BG_PIDS $BG_PID"
  T_LAST_CMD="sigfetch $* (background, $name)"
}

# wait_bg [SECONDS]: wait (bounded, default T_TIMEOUT) for the last
# run_bg; sets $rc and $elapsed.
wait_bg()
{
  local limit=${1:-$T_TIMEOUT} name=$T_BG_NAME i=0
  while [ ! -s "$T_DIR/$name.rc" ]; do
    i=$((i + 1))
    if [ "$i" -gt $((limit * 20)) ]; then
      kill -9 "$(cat "$T_DIR/$name.pid")" 2>/dev/null
      fail "background sigfetch ($name) still running after ${limit}s"
    fi
    sleep 0.05
  done
  rc=$(cat "$T_DIR/$name.rc")
  elapsed=$(t__elapsed "$T_BG_T0")
}

# wait_for_size FILE MIN [SECONDS]: wait until FILE holds more than MIN bytes
# (bounded, default 10 s).
wait_for_size()
{
  local file=$1 min=$2 limit=${3:-10} i=0 n
  while :; do
    n=$(size_of "$file" 2>/dev/null)
    [ -n "$n" ] && [ "$n" -gt "$min" ] && return 0
    i=$((i + 1))
    [ "$i" -gt $((limit * 50)) ] &&
      fail "$file did not grow past $min bytes within ${limit}s (size '${n}')"
    sleep 0.02
  done
}

# interrupted_download SIGNAL URL FILE ARGS...: start a download of URL that
# the server paces slowly, wait until FILE.sfpart holds more data than
# before, send SIGNAL, wait; $rc is the exit status, $partial_size the
# partial's size.  The caller has queued a rate fault (or started fakeprov
# with --rate).
interrupted_download()
{
  local sig=$1 url=$2 file=$3 before
  shift 3
  before=$(size_of "$file.sfpart" 2>/dev/null || echo 0)
  run_bg bg "$@" "$url"
  wait_for_size "$file.sfpart" "${before:-0}" 10
  kill -"$sig" "$BG_PID"
  wait_bg 10
  partial_size=$(size_of "$file.sfpart")
  note "killed with SIG$sig: exit $rc, partial ${partial_size:-none}"
}

# ------------------------------------------------------------- assertions

# expect_rc N
expect_rc()
{
  [ "$rc" = "$1" ] || fail "expected exit status $1, got $rc"
}

# expect_file PATH SHA1
expect_file()
{
  [ -f "$1" ] || fail "expected file $1 does not exist"
  local got
  got=$(sha1_of "$1")
  [ "$got" = "$2" ] ||
    fail "$1: sha1 $got, expected $2 (size $(size_of "$1"))"
}

# expect_same PATH REFERENCE: PATH exists with REFERENCE's content.
expect_same()
{
  [ -f "$2" ] || fail "reference $2 missing"
  expect_file "$1" "$(sha1_of "$2")"
}

# expect_no_file PATH...
expect_no_file()
{
  local f
  for f in "$@"; do
    [ -e "$f" ] && fail "$f exists but should not (size $(size_of "$f"))"
  done
  return 0
}

# expect_exists PATH...
expect_exists()
{
  local f
  for f in "$@"; do
    [ -e "$f" ] || fail "$f should exist"
  done
  return 0
}

# expect_no_partial OUTPUT: neither OUTPUT.sfpart nor OUTPUT.sfstate.
expect_no_partial()
{
  expect_no_file "$1.sfpart" "$1.sfstate"
}

# expect_partial OUTPUT: both OUTPUT.sfpart and OUTPUT.sfstate.
expect_partial()
{
  expect_exists "$1.sfpart" "$1.sfstate"
}

# expect_stderr REGEX / expect_no_stderr REGEX (grep -E, case-insensitive
# with -i as first argument).
expect_stderr()
{
  local opt=
  [ "$1" = -i ] && opt=-i && shift
  grep -E -q $opt -e "$1" "$T_DIR/err" ||
    fail "stderr does not match /$1/${opt:+ (ignoring case)}"
}

expect_no_stderr()
{
  local opt=
  [ "$1" = -i ] && opt=-i && shift
  grep -E -q $opt -e "$1" "$T_DIR/err" &&
    fail "stderr matches /$1/ but should not"
  return 0
}

# expect_stderr_fixed STRING
expect_stderr_fixed()
{
  grep -F -q -e "$1" "$T_DIR/err" || fail "stderr does not contain '$1'"
}

# expect_only_files NAME...: the test directory holds exactly these
# entries besides the harness's own (root srv xdg out err, and NAME.out
# NAME.err NAME.pid NAME.rc of run_bg).
expect_only_files()
{
  local got want
  got=$(cd "$T_DIR" && ls -A |
        grep -v -x -E 'root|srv|xdg|out|err|[A-Za-z0-9_]*\.(out|err|pid|rc)' |
        sort | tr '\n' ' ')
  want=$(printf '%s\n' "$@" | grep -v '^$' | sort | tr '\n' ' ')
  [ "$got" = "$want" ] ||
    fail "test directory holds '${got% }', expected '${want% }'"
}

# expect_stdout_empty
expect_stdout_empty()
{
  [ -s "$T_DIR/out" ] && fail "stdout should be empty"
  return 0
}

# expect_no_secret STRING: STRING appears in no output of sigfetch and in
# no file under the test directory, except root/ and srv/ (the server's
# own files, which of course see the real request) and the paths listed in
# T_SECRET_OK (relative to the test directory; by default the token cache
# and the configuration directory, where secrets belong: CLI.md).
T_SECRET_OK=${T_SECRET_OK-xdg/cache/sigfetch xdg/config}
expect_no_secret()
{
  local hits prune p
  prune=(-path "$T_DIR/root" -o -path "$T_DIR/srv")
  for p in $T_SECRET_OK; do
    prune+=(-o -path "$T_DIR/$p")
  done
  hits=$(find "$T_DIR" \( "${prune[@]}" \) -prune -o -type f -print0 |
         xargs -0 grep -F -l -a -e "$1" 2>/dev/null)
  [ -n "$hits" ] && fail "secret '$1' found in: $(echo $hits)"
  return 0
}

# ------------------------------------------------------------- log queries

# log_mark: later log queries can ask for requests made from now on only
# (new_gets, new_reqs).  Safer than server_reset when a request of an
# earlier phase may still be logged late.
log_mark()
{
  T_MARK=$(t__now)
}

# log_query EXPR: evaluate a Python expression over the request log and
# print the result (JSON for lists and dicts).  Names available:
#   r      requests other than /_ctl ones, sorted by start time
#   allr   every logged request
#   reqs(path), gets(path)          non-ctl requests / GETs of PATH
#   new_reqs(path), new_gets(path)  the same, started after log_mark
#   E      the environment (pass values with E["NAME"])
# Each entry: method path query host headers (names lower-case) status
# range bytes_sent conn fault resp_headers t_start t_end note.
log_query()
{
  T_MARK=${T_MARK:-0} "$PYTHON" - "$T_DIR/srv/log" "$1" <<'EOF'
import json, os, sys
E = os.environ
with open(sys.argv[1]) as fh:
    allr = [json.loads(line) for line in fh if line.strip()]
allr.sort(key=lambda e: e["t_start"])
r = [e for e in allr if not e.get("ctl")]
mark = float(E["T_MARK"])
def reqs(path):
    return [e for e in r if e["path"] == path]
def gets(path):
    return [e for e in reqs(path) if e["method"] == "GET"]
def new_reqs(path):
    return [e for e in reqs(path) if e["t_start"] >= mark]
def new_gets(path):
    return [e for e in gets(path) if e["t_start"] >= mark]
v = eval(sys.argv[2])
if isinstance(v, (list, dict)):
    print(json.dumps(v))
elif v is None:
    print("null")
else:
    print(v)
EOF
}

# expect_log EXPR [DESCRIPTION]: the Python expression (see log_query) is
# true.  Waits up to 2 s for it, since the server logs a request only when
# its response has ended.
expect_log()
{
  local i=0 v
  sleep 0.1
  while :; do
    v=$(log_query "$1" 2>&1)
    [ "$v" = True ] && return 0
    i=$((i + 1))
    [ "$i" -gt 40 ] && break
    sleep 0.05
  done
  fail "server log: expected ${2:-$1} (expression: $1 -> $v)"
}

# log_summary: one line per logged request.
log_summary()
{
  log_query '"\n".join(
    "%s %s%s %s range=%s if-range=%s sent=%s conn=%s fault=%s host=%s"
    % (e["method"], e["path"], "?" + e["query"] if e["query"] else "",
       e["status"], e["range"], e["headers"].get("if-range"),
       e["bytes_sent"], e["conn"], e["fault"], e["host"]) for e in allr)' 2>&1
}

# ------------------------------------------------------------- --json

# json_query EXPR: evaluate a Python expression over the JSON lines that
# the last run printed on stdout: j = list of objects (a line that is not
# JSON is a failure); by_loc(locator) = the single object for it.
json_query()
{
  "$PYTHON" - "$T_DIR/out" "$1" <<'EOF'
import json, os, sys
E = os.environ
j = []
with open(sys.argv[1]) as fh:
    for n, line in enumerate(fh, 1):
        if line.strip():
            try:
                j.append(json.loads(line))
            except ValueError:
                print("stdout line %d is not JSON: %r" % (n, line[:200]))
                sys.exit(0)
def by_loc(loc):
    hits = [o for o in j if o.get("locator") == loc]
    if len(hits) != 1:
        raise SystemExit("%d result lines for locator %s" % (len(hits), loc))
    return hits[0]
v = eval(sys.argv[2])
print(json.dumps(v) if isinstance(v, (list, dict)) else v)
EOF
}

# expect_json EXPR [DESCRIPTION]: the expression (see json_query) is true.
expect_json()
{
  local v
  v=$(json_query "$1" 2>&1)
  [ "$v" = True ] || fail "stdout JSON: expected ${2:-$1} (got: $v)"
}
