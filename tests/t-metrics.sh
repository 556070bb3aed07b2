#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-metrics: --metrics FILE is valid Prometheus text (parsed with
# prometheus_client's own parser) with the run's figures: files by status,
# bytes received, run time, exit code, last run, last success; a failed
# run keeps the previous success's time; with --shard every sample has
# shard="K/N"; FILE is replaced by a rename (no temporary file left, a
# reader holding the old one still reads it whole); a missing directory is
# exit 7 before any request.
. "$(dirname "$0")/lib.sh"
t_setup
# the distribution's python3 has python3-prometheus-client even when
# $PYTHON is another one
PROM_PY=
for py in "$PYTHON" /usr/bin/python3; do
  if "$py" -c 'import prometheus_client.parser' 2>/dev/null; then
    PROM_PY=$py
    break
  fi
done
[ -n "$PROM_PY" ] ||
  t_skip "python module prometheus_client is missing (apt install python3-prometheus-client)"
mkfile root/a.bin 100000
mkfile root/b.bin 200000
mkdir -p prom

# metrics_check FILE EXPR: EXPR over m = {(name, labels-as-tuple): value}
# and fams = [family names], parsed by prometheus_client.
metrics_check()
{
  "$PROM_PY" - "$1" "$2" <<'PYEOF' || fail "metrics $1: expected $2; file:
$(cat "$1")"
import sys, os, time
from prometheus_client.parser import text_string_to_metric_families
text = open(sys.argv[1]).read()
fams = []
m = {}
for f in text_string_to_metric_families(text):
    fams.append((f.name, f.type))
    for s in f.samples:
        m[(s.name, tuple(sorted(s.labels.items())))] = s.value
def v(name, **labels):
    return m[(name, tuple(sorted(labels.items())))]
now = time.time()
ok = eval(sys.argv[2])
if not ok:
    print(m)
sys.exit(0 if ok else 1)
PYEOF
}

note "a run: 1 ok, 1 skipped (exists, size known), 1 failed (404)"
cp root/b.bin b.bin
cat >list <<EOF2
$BASE/files/a.bin
{"locator":"$BASE/files/b.bin","size":200000}
$BASE/files/missing.bin
EOF2
t0=$(date +%s)
run --retries 0 -i list --metrics prom/sf.prom
expect_rc 5
metrics_check prom/sf.prom 'v("sigfetch_files", status="ok") == 1 and v("sigfetch_files", status="skipped") == 1 and v("sigfetch_files", status="failed") == 1'
metrics_check prom/sf.prom 'v("sigfetch_bytes_received") == 100000 and v("sigfetch_exit_code") == 5'
metrics_check prom/sf.prom 'all(t == "gauge" for _, t in fams) and len(fams) == 5'
metrics_check prom/sf.prom '0 <= v("sigfetch_run_seconds") < 60 and abs(v("sigfetch_last_run_timestamp_seconds") - now) < 60'
metrics_check prom/sf.prom '("sigfetch_last_success_timestamp_seconds", ()) not in m'
grep -q '^# HELP sigfetch_files Files handled by the last run, by status.$' prom/sf.prom ||
  fail "HELP line of sigfetch_files"
expect_no_file prom/sf.prom.tmp

note "a success, then a failure: the success's time is kept"
sleep 1.1
mkfile root/missing.bin 1000
run -i list --metrics prom/sf.prom --skip-existing
expect_rc 0
metrics_check prom/sf.prom 'v("sigfetch_exit_code") == 0 and v("sigfetch_files", status="skipped") == 2 and v("sigfetch_files", status="ok") == 1 and v("sigfetch_files", status="failed") == 0 and v("sigfetch_bytes_received") == 1000'
metrics_check prom/sf.prom 'v("sigfetch_last_success_timestamp_seconds") == v("sigfetch_last_run_timestamp_seconds")'
export SUCCESS; SUCCESS=$(sed -n 's/^sigfetch_last_success_timestamp_seconds //p' prom/sf.prom)
exec 9<prom/sf.prom   # a reader holding the old file
sleep 1.1
rm root/missing.bin missing.bin
run --retries 0 -i list --metrics prom/sf.prom
expect_rc 5
metrics_check prom/sf.prom 'v("sigfetch_last_success_timestamp_seconds") == float(os.environ["SUCCESS"]) and v("sigfetch_last_run_timestamp_seconds") > float(os.environ["SUCCESS"])'
grep -q '^sigfetch_exit_code 0$' <&9 || fail "the old file changed under its reader"
exec 9<&-

note "--shard: every sample labelled"
run --retries 0 -i list --metrics prom/s1.prom --shard 1/3
metrics_check prom/s1.prom 'all(dict(k[1]).get("shard") == "1/3" for k in m) and len(m) >= 7'
metrics_check prom/s1.prom 'sum(v("sigfetch_files", status=s, shard="1/3") for s in ("ok", "skipped", "failed")) <= 3'

note "missing directory: exit 7 before anything"
server_reset
run --metrics nodir/sf.prom "$BASE/files/a.bin"
expect_rc 7
expect_stderr -- "--metrics.*nodir/sf.prom"
expect_log 'len(r) == 0' "no request"
expect_no_file nodir
t_pass
