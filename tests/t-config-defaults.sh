#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-config-defaults: the config file's [defaults] section sets option
# defaults (CLI.md "Defaults in the config file"): each key has the effect
# of its option, the command line wins, an unknown key (or an option that
# may not have a default) is exit 3 naming file:line, a bad value is exit
# 3 naming file:line and the key.
. "$(dirname "$0")/lib.sh"
command -v openssl >/dev/null 2>&1 || t_skip "needs the openssl CLI"
t_setup
mkfile root/a.bin 64K
mkfile root/big.bin 8M
for i in 1 2 3; do
  mkfile root/j$i.bin 100K $i
done
unset no_proxy NO_PROXY   # [defaults] proxy must reach proxy.py

# conf LINES...: the config file (the default path: no --config needed)
conf()
{
  mkdir -p xdg/config/sigfetch
  printf '%s\n' "$@" >xdg/config/sigfetch/config
  chmod 600 xdg/config/sigfetch/config
}
CONF=$T_DIR/xdg/config/sigfetch/config

note "retries, retry_delay"
fault '{"path":"/files/a.bin","fault":"status","code":503,"count":-1}'
conf '[defaults]' 'retries = 1' 'retry_delay = 1.2'
run "$BASE/files/a.bin"
expect_rc 5
expect_log 'len(gets("/files/a.bin")) == 2' "two GETs (retries = 1)"
awk -v e="$elapsed" 'BEGIN { exit !(e >= 0.85) }' ||
  fail "retry_delay = 1.2 waited only ${elapsed}s"
note "the command line wins"
server_reset
fault '{"path":"/files/a.bin","fault":"status","code":503,"count":-1}'
run --retries 2 --retry-delay 0.05 "$BASE/files/a.bin"
expect_rc 5
expect_log 'len(gets("/files/a.bin")) == 3' "three GETs (--retries 2 wins)"
server_reset

note "stall_timeout, max_time"
fault '{"path":"/files/a.bin","fault":"stall","after":1000,"seconds":30}'
conf '[defaults]' 'stall_timeout = 1' 'retries = 0'
run "$BASE/files/a.bin"
expect_rc 5
awk -v e="$elapsed" 'BEGIN { exit !(e >= 0.9 && e < 5) }' ||
  fail "stall_timeout = 1: gave up after ${elapsed}s"
server_reset
fault '{"path":"/files/a.bin","fault":"rate","bps":20000}'
conf '[defaults]' 'max_time = 1'
run "$BASE/files/a.bin"
expect_rc 5
expect_stderr 'max-time'
expect_partial a.bin
run --max-time 0 "$BASE/files/a.bin"   # the command line wins: no limit
expect_rc 0
expect_same a.bin root/a.bin
rm -f a.bin
server_reset

note "connect_timeout"
"$PYTHON" - "$T_DIR/srv/bh.port" <<'EOF' &
import os, socket, sys, time
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(0)
port = s.getsockname()[1]
fill = []
for i in range(4):           # fill the backlog: later SYNs go unanswered
    c = socket.socket()
    c.setblocking(False)
    try:
        c.connect(("127.0.0.1", port))
    except BlockingIOError:
        pass
    fill.append(c)
with open(sys.argv[1] + ".tmp", "w") as fh:
    fh.write("%d\n" % port)
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
time.sleep(30)
EOF
T_BG_PIDS="$T_BG_PIDS $!"
i=0
while [ ! -s srv/bh.port ] && [ "$i" -lt 100 ]; do
  i=$((i + 1))
  sleep 0.05
done
conf '[defaults]' 'connect_timeout = 1' 'retries = 0'
run "http://127.0.0.1:$(cat srv/bh.port)/x.bin"
if awk -v e="$elapsed" 'BEGIN { exit !(e < 0.5) }'; then
  note "SKIPPED connect_timeout: this machine answers a full backlog"
else
  expect_rc 5
  awk -v e="$elapsed" 'BEGIN { exit !(e >= 0.9 && e < 4) }' ||
    fail "connect_timeout = 1: gave up after ${elapsed}s"
fi

note "jobs, connections"
conf '[defaults]' 'jobs = 1'
for i in 1 2 3; do
  fault '{"path":"/files/j'$i'.bin","fault":"rate","bps":400000}'
done
run "$BASE/files/j1.bin" "$BASE/files/j2.bin" "$BASE/files/j3.bin"
expect_rc 0
expect_log 'all(a["t_end"] <= b["t_start"] + 0.05 for a, b in zip(r, r[1:]))' \
  "jobs = 1: one file after the other"
server_reset
rm -f j?.bin
conf '[defaults]' 'connections = 2'
run "$BASE/files/big.bin"
expect_rc 0
expect_same big.bin root/big.bin
# pieces and rebalancing may open a new connection for a piece, but never
# more than two at once
expect_log 'len(set(e["conn"] for e in gets("/files/big.bin"))) >= 2 and max(sum(1 for b in gets("/files/big.bin") if b["t_start"] <= a["t_start"] < b["t_end"]) for a in gets("/files/big.bin")) <= 2' \
  "connections = 2: two connections at once"
rm -f big.bin
server_reset

note "limit_rate"
conf '[defaults]' 'limit_rate = 512k'
run "$BASE/files/big.bin" -x 1 --max-time 1.5
expect_rc 5   # 8 MiB at 512 KiB/s cannot finish in 1.5 s
rm -f big.bin big.bin.sf*
run --limit-rate 0 "$BASE/files/a.bin"
expect_rc 0
rm -f a.bin

note "user_agent (the command line wins)"
conf '[defaults]' 'user_agent = from-config/1'
server_reset
run "$BASE/files/a.bin"
expect_rc 0
rm -f a.bin
run --user-agent from-cli/2 "$BASE/files/a.bin"
expect_rc 0
expect_log '[e["headers"]["user-agent"] for e in gets("/files/a.bin")] == ["from-config/1", "from-cli/2"]' \
  "User-Agent from the config, then from the command line"
rm -f a.bin

note "proxy, noproxy"
"$PYTHON" "$srcdir/fakeprov/proxy.py" --port-file srv/p.port \
  --log srv/p.log 2>srv/p.err </dev/null &
T_BG_PIDS="$T_BG_PIDS $!"
i=0
while [ ! -s srv/p.port ]; do
  i=$((i + 1))
  [ "$i" -gt 100 ] && fail "the proxy wrote no port"
  sleep 0.05
done
touch srv/p.log
conf '[defaults]' "proxy = http://127.0.0.1:$(cat srv/p.port)"
run "$BASE/files/a.bin"
expect_rc 0
[ "$(wc -l <srv/p.log)" = 1 ] || fail "proxy = ...: the proxy was not used"
rm -f a.bin
conf '[defaults]' "proxy = http://127.0.0.1:$(cat srv/p.port)" \
  'noproxy = 127.0.0.1'
run "$BASE/files/a.bin"
expect_rc 0
[ "$(wc -l <srv/p.log)" = 1 ] || fail "noproxy = 127.0.0.1: the proxy was used"
rm -f a.bin

note "cacert"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 \
  -addext subjectAltName=IP:127.0.0.1 \
  -keyout srv/key.pem -out srv/cert.pem >/dev/null 2>&1 ||
  t_skip "openssl cannot make a self-signed certificate"
"$PYTHON" "$FAKEPROV" --root root --port-file srv/tls.port --log srv/tls.log \
  --tls-cert srv/cert.pem --tls-key srv/key.pem 2>srv/tls.err </dev/null &
T_BG_PIDS="$T_BG_PIDS $!"
i=0
while [ ! -s srv/tls.port ]; do
  i=$((i + 1))
  [ "$i" -gt 100 ] && fail "the TLS server wrote no port"
  sleep 0.05
done
conf '[defaults]' "cacert = $T_DIR/srv/cert.pem"
run "https://127.0.0.1:$(cat srv/tls.port)/files/a.bin"
expect_rc 0
expect_same a.bin root/a.bin
rm -f a.bin

note "progress"
conf '[defaults]' 'progress = plain'
run "$BASE/files/a.bin"
expect_rc 0
expect_stderr 'a\.bin: 100%'
rm -f a.bin
run --progress none "$BASE/files/a.bin"
expect_rc 0
expect_no_stderr '%'
rm -f a.bin

note "skip_existing behaves as --skip-existing does"
run "$BASE/files/a.bin"
expect_rc 0
# a stale verified record: without --skip-existing the file is exit 7
touch -m -d @946684800 a.bin
run --json --skip-existing "$BASE/files/a.bin"
cli_rc=$rc
cp out cli.out
conf '[defaults]' 'skip_existing = true'
run --json "$BASE/files/a.bin"
[ "$rc" = "$cli_rc" ] || fail "skip_existing = true: exit $rc, --skip-existing: exit $cli_rc"
cmp -s <(sed 's/"elapsed_s":[0-9.e-]*//; s/"finished_at":"[^"]*"//' out) \
       <(sed 's/"elapsed_s":[0-9.e-]*//; s/"finished_at":"[^"]*"//' cli.out) ||
  fail "skip_existing = true and --skip-existing differ: $(cat out) / $(cat cli.out)"
conf '[defaults]' 'skip_existing = false'
run --json "$BASE/files/a.bin"
expect_rc 7

note "unknown keys and bad values: exit 3 naming file:line"
conf '# comment' '[defaults]' 'jobs = 2' 'jbos = 3'
run "$BASE/files/a.bin"
expect_rc 3
expect_stderr_fixed "$CONF:4:"
expect_stderr "jbos"
conf '[defaults]' 'output = x'   # an option, but not one with a default
run "$BASE/files/a.bin"
expect_rc 3
expect_stderr_fixed "$CONF:2:"
for bad in 'jobs = 0' 'limit_rate = 10X' 'max_time = -1' 'progress = loud' \
           'skip_existing = yes' 'proxy = ftp://h' 'retry-delay = 1'; do
  conf '' '[defaults]' "$bad"
  run --retries 3 "$BASE/files/a.bin"   # given or not: checked all the same
  expect_rc 3
  expect_stderr_fixed "$CONF:3:"
  expect_stderr_fixed "${bad%% =*}"
done
t_pass
