#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-progress-bar: --progress=bar on a terminal (a pseudo-terminal on
# stderr, stdout a file), three paced files with -j 3: bar lines name each
# file; their percentages stay within 0-100 and never go down; the rate
# shown is above 0 and plausible; each file's last line shows 100%; a total
# line "N/3 files" (files done of all) appears; stdout holds only the --json lines.  Under
# --progress=auto stderr on a terminal shows bars too.
. "$(dirname "$0")/lib.sh"
t_setup
for f in a b c; do
  mkfile root/$f.bin 2M
done

# on_pty NAME ARGS...: sigfetch ARGS with stderr (and stdin) on a new
# pseudo-terminal of 100 columns, stdout to NAME.out; everything written to
# the terminal goes to NAME.tty; bounded by 30 s; sets $rc.
on_pty()
{
  local name=$1
  shift
  T_LAST_CMD="sigfetch $* (stderr on a pty)"
  timeout -k 5 40 "$PYTHON" - "$T_DIR/$name" "$SIGFETCH" "$@" <<'EOF'
import fcntl, os, pty, select, signal, struct, sys, termios, time
base, argv = sys.argv[1], sys.argv[2:]
out = os.open(base + ".out", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
pid, fd = pty.fork()
if pid == 0:
    os.dup2(out, 1)
    os.execv(argv[0], argv)
os.close(out)
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
buf = bytearray()
status = None
deadline = time.monotonic() + 30
while time.monotonic() < deadline:
    ready, _, _ = select.select([fd], [], [], 0.2)
    if ready:
        try:
            data = os.read(fd, 65536)
        except OSError:          # EIO: the terminal's last writer is gone
            data = b""
        if not data:
            break
        buf += data
    elif status is None:
        done, st = os.waitpid(pid, os.WNOHANG)
        if done:
            status = st          # keep reading what is still buffered
            deadline = min(deadline, time.monotonic() + 1)
else:
    if status is None:
        os.kill(pid, signal.SIGKILL)
with open(base + ".tty", "wb") as fh:
    fh.write(buf)
if status is None:
    status = os.waitpid(pid, 0)[1]
sys.exit(os.WEXITSTATUS(status) if os.WIFEXITED(status)
         else 128 + os.WTERMSIG(status))
EOF
  rc=$?
  [ "$rc" = 124 ] && fail "sigfetch on a pty did not finish"
  cp "$T_DIR/$name.out" "$T_DIR/out"
}

# bars NAME: the bar lines of NAME.tty, one "name|pct|bytes|rate" per line
# (rate in bytes/s).
bars()
{
  "$PYTHON" - "$T_DIR/$1.tty" <<'EOF'
import re, sys
raw = open(sys.argv[1], "rb").read().decode("utf-8", "replace")
units = {"B": 1, "KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30}
line = re.compile(r"^(\S.*?)\s+\[[=> ]*\]\s+(\d+)%\s+([\d.]+) (B|KiB|MiB|GiB)"
                  r"\s+([\d.]+) (B|KiB|MiB|GiB)/s")
for piece in re.split(r"\r|\n|\x1b\[[0-9;]*[A-Za-z]", raw):
    m = line.match(piece.strip())
    if m:
        print("%s|%s|%d|%d" % (m.group(1), m.group(2),
                               float(m.group(3)) * units[m.group(4)],
                               float(m.group(5)) * units[m.group(6)]))
EOF
}

note "--progress=bar, -j 3, 2 MiB each at 1 MB/s"
for f in a b c; do
  fault '{"path":"/files/'$f'.bin","fault":"rate","bps":1000000}'
done
mkdir dl
on_pty bar --progress=bar --json -j 3 --retry-delay 0.05 -P dl \
  "$BASE/files/a.bin" "$BASE/files/b.bin" "$BASE/files/c.bin"
expect_rc 0
for f in a b c; do expect_same dl/$f.bin root/$f.bin; done
bars bar >bar.lines
note "$(wc -l <bar.lines) bar lines; last ones: $(tail -4 bar.lines | tr '\n' ' ')"
for f in a b c; do
  grep "^$f\.bin|" bar.lines >$f.lines
  [ "$(wc -l <$f.lines)" -ge 3 ] ||
    fail "fewer than 3 bar lines for $f.bin: $(cat $f.lines | tr '\n' ' ')"
  awk -F'|' '$2 < 0 || $2 > 100 { bad = 1 } END { exit bad }' $f.lines ||
    fail "$f.bin: a percentage outside 0-100: $(tr '\n' ' ' <$f.lines)"
  awk -F'|' 'NR > 1 && $2 < last { bad = 1 } { last = $2 } END { exit bad }' \
    $f.lines || fail "$f.bin: the percentage goes down: $(cut -d'|' -f2 $f.lines | tr '\n' ' ')"
  awk -F'|' 'NR > 1 && $3 < last { bad = 1 } { last = $3 } END { exit bad }' \
    $f.lines || fail "$f.bin: the byte count goes down"
  [ "$(tail -1 $f.lines | cut -d'|' -f2)" = 100 ] ||
    fail "$f.bin: the last line is not 100%: $(tail -1 $f.lines)"
  [ "$(tail -1 $f.lines | cut -d'|' -f3)" = 2097152 ] ||
    fail "$f.bin: the last line does not show 2.0 MiB: $(tail -1 $f.lines)"
  awk -F'|' '$4 > 0 { ok = 1 } END { exit !ok }' $f.lines ||
    fail "$f.bin: the rate is never above 0"
  # paced at 1 MB/s: no shown rate beyond 50 MiB/s
  awk -F'|' '$4 > 52428800 { bad = 1 } END { exit bad }' $f.lines ||
    fail "$f.bin: an implausible rate: $(cut -d'|' -f4 $f.lines | sort -n | tail -1) B/s"
done
grep -q -E '^[0-3]/3 files\|' bar.lines ||
  fail "no total line 'N/3 files' (files done of all): $(cut -d'|' -f1 bar.lines | sort -u | tr '\n' ' ')"
awk -F'|' '$1 ~ /\/3 files$/ && ($2 < 0 || $2 > 100) { bad = 1 } END { exit bad }' \
  bar.lines || fail "a total line outside 0-100%"
expect_json 'len(j) == 3 and all(o["status"] == "ok" for o in j)' \
  "stdout: exactly the three --json lines"
grep -q "$(printf '\r\|\033')" bar.out && fail "stdout holds terminal control characters"
grep -q '%' bar.out && fail "stdout holds progress output: $(grep '%' bar.out | head -2)"

note "--progress=auto with stderr on a terminal: bars too"
fault '{"path":"/files/a.bin","fault":"rate","bps":1000000}'
mkdir dl2
on_pty auto --json --retry-delay 0.05 -P dl2 "$BASE/files/a.bin"
expect_rc 0
expect_same dl2/a.bin root/a.bin
bars auto >auto.lines
grep -q '^a\.bin|100|' auto.lines ||
  fail "--progress=auto on a terminal: no final 100% bar for a.bin"
expect_json 'len(j) == 1 and j[0]["status"] == "ok"' "stdout: one --json line"
t_pass
