# lib-backup.sh - helpers for the backup tests (verified record,
# --skip-existing, --shard, --metrics).
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Source it after lib.sh.

# run_io ARGS...: like run, and $rchar gets the bytes sigfetch read
# through read(2) and friends (/proc/PID/io "rchar", taken from the
# exited process before it is reaped), so a test can tell a rerun that
# hashed a file from one that did not read it.
run_io()
{
  T_LAST_CMD="sigfetch $*"
  rm -f "$T_DIR/rchar"
  "$PYTHON" - "$T_DIR/rchar" "$T_TIMEOUT" "$SIGFETCH" "$@" \
    >"$T_DIR/out" 2>"$T_DIR/err" </dev/null <<'PYEOF'
import os, subprocess, sys, threading
out, limit, argv = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
p = subprocess.Popen(argv, stdin=subprocess.DEVNULL)
timer = threading.Timer(limit, p.kill)  # a hang fails, as in run
timer.start()
try:
    # WNOWAIT: the process stays a zombie, its /proc/PID/io readable
    os.waitid(os.P_PID, p.pid, os.WEXITED | os.WNOWAIT)
    with open("/proc/%d/io" % p.pid) as fh:
        io = dict(l.split(": ") for l in fh.read().split("\n") if l)
    with open(out, "w") as fh:
        fh.write(io["rchar"].strip() + "\n")
finally:
    rc = p.wait()
    timer.cancel()
sys.exit(128 - rc if rc < 0 else rc)
PYEOF
  rc=$?
  rchar=$(cat "$T_DIR/rchar" 2>/dev/null)
  [ -n "$rchar" ] || fail "could not read /proc/PID/io of sigfetch"
  note "exit $rc, rchar $rchar"
}

# xattr_get FILE NAME: the value of extended attribute NAME ("" if none).
xattr_get()
{
  "$PYTHON" -c 'import os, sys
try:
    sys.stdout.write(os.getxattr(sys.argv[1], sys.argv[2]).decode())
except OSError:
    pass' "$1" "$2"
}

# xattr_set FILE NAME VALUE
xattr_set()
{
  "$PYTHON" -c 'import os, sys
os.setxattr(sys.argv[1], sys.argv[2], sys.argv[3].encode())' "$1" "$2" "$3" ||
    fail "cannot set $2 on $1"
}

# stamp_of FILE: SIZE:MTIME_NS as the verified record writes it.
stamp_of()
{
  "$PYTHON" -c 'import os, sys
st = os.stat(sys.argv[1])
print("%d:%d" % (st.st_size, st.st_mtime_ns))' "$1"
}

# xattrs_work DIR: can DIR's file system keep user extended attributes?
xattrs_work()
{
  "$PYTHON" -c 'import os, sys
p = os.path.join(sys.argv[1], ".xattr-probe")
open(p, "w").close()
try:
    os.setxattr(p, "user.probe", b"1")
finally:
    os.unlink(p)' "$1" 2>/dev/null
}
