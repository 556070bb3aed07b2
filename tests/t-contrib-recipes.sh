#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-contrib-recipes: the backup recipes in contrib/ hold together: the Kubernetes
# Indexed Job parses as YAML (python3-yaml), is Indexed, shards with
# --shard "$JOB_COMPLETION_INDEX/N" where N is its completion count, mounts
# a PersistentVolumeClaim it defines and takes SIGFETCH_* variables from a
# Secret it defines; the Slurm and GNU parallel scripts pass bash -n / sh -n
# and shard by their task id; the systemd timer starts the service, which
# writes --metrics into the node_exporter textfile directory.  Every
# sigfetch option a recipe uses is one sigfetch accepts.
. "$(dirname "$0")/lib.sh"
t_setup
C=$top_srcdir/contrib
YAML_PY=
for py in "$PYTHON" /usr/bin/python3; do
  if "$py" -c 'import yaml' 2>/dev/null; then
    YAML_PY=$py
    break
  fi
done
[ -n "$YAML_PY" ] || t_skip "python module yaml is missing (apt install python3-yaml)"
export SIGFETCH

"$YAML_PY" - "$C/k8s/sigfetch-indexed-job.yaml" <<'PYEOF' || fail "k8s manifest"
import os, re, shlex, subprocess, sys, yaml
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
kinds = {d["kind"]: d for d in docs}
assert set(kinds) >= {"Job", "Secret", "PersistentVolumeClaim"}, kinds.keys()
job, secret, pvc = kinds["Job"], kinds["Secret"], kinds["PersistentVolumeClaim"]
assert job["apiVersion"] == "batch/v1"
spec = job["spec"]
assert spec["completionMode"] == "Indexed", spec
n = spec["completions"]
assert spec["parallelism"] == n
pod = spec["template"]["spec"]
c = pod["containers"][0]
script = " ".join(c.get("command", []) + c.get("args", []))
assert '--shard "$JOB_COMPLETION_INDEX/%d"' % n in script, script
assert any(e["secretRef"]["name"] == secret["metadata"]["name"]
           for e in c["envFrom"])
keys = list(secret.get("stringData", {})) + list(secret.get("data", {}))
assert keys and all(k.startswith("SIGFETCH_") for k in keys), keys
vols = {v["name"]: v for v in pod["volumes"]}
mount = c["volumeMounts"][0]
assert vols[mount["name"]]["persistentVolumeClaim"]["claimName"] == \
    pvc["metadata"]["name"]
assert "ReadWriteMany" in pvc["spec"]["accessModes"]
assert "-P %s/" % mount["mountPath"] in script
# the options it gives sigfetch exist (checked by sigfetch itself)
args = shlex.split(script.split("exec ", 1)[1].split(">>")[0])
assert args[0] == "sigfetch"
bk = os.path.join(os.getcwd(), "bk")
for d in ("files", "metrics", "logs"):
    os.makedirs(os.path.join(bk, d), exist_ok=True)
open(os.path.join(bk, "list.jsonl"), "w").close()
args = [a.replace("$JOB_COMPLETION_INDEX", "0").replace("/backup", bk)
        for a in args[1:]]
r = subprocess.run([os.environ["SIGFETCH"]] + args, capture_output=True,
                   text=True)
assert r.returncode == 0, r.stderr
assert "sigfetch_files" in open(os.path.join(bk, "metrics/shard-0.prom")).read()
print("k8s: Indexed Job, %d shards" % n)
PYEOF

bash -n "$C/slurm/sigfetch-array.sh" || fail "slurm script: bash -n"
sh -n "$C/parallel/sigfetch-parallel.sh" || fail "parallel script: sh -n"
grep -q -- '--shard "$task/$shards"' "$C/slurm/sigfetch-array.sh" &&
  grep -q 'SLURM_ARRAY_TASK_ID' "$C/slurm/sigfetch-array.sh" ||
  fail "slurm script does not shard by SLURM_ARRAY_TASK_ID"
grep -q '^#SBATCH --array=0-' "$C/slurm/sigfetch-array.sh" ||
  fail "slurm array is not 0-based"
grep -q -- '--shard "{}/$n"' "$C/parallel/sigfetch-parallel.sh" ||
  fail "parallel script does not shard"

note "the Slurm script, run as task 1 of 3 with a fake sigfetch"
mkdir fakebin
cat >fakebin/sigfetch <<'EOF2'
#!/bin/sh
printf '%s\n' "$@" >"$ARGS_OUT"
EOF2
chmod +x fakebin/sigfetch
PATH=$T_DIR/fakebin:$PATH ARGS_OUT=$T_DIR/args SLURM_ARRAY_TASK_ID=1 \
  SLURM_ARRAY_TASK_COUNT=3 LIST=/l DEST=$T_DIR/dest \
  bash "$C/slurm/sigfetch-array.sh" || fail "slurm script failed"
grep -qx '1/3' args || fail "slurm: --shard is not 1/3: $(cat args)"
[ -d dest/.metrics ] || fail "slurm: metrics directory not made"

"$PYTHON" - "$C/systemd/sigfetch-metrics-backup.service" \
  "$C/systemd/sigfetch-metrics-backup.timer" <<'PYEOF' || fail "systemd units"
import configparser, shlex, sys
def unit(path):
    p = configparser.ConfigParser(strict=False, interpolation=None)
    p.optionxform = str
    p.read_string(open(path).read().replace("\\\n", " "))
    return p
svc, tmr = unit(sys.argv[1]), unit(sys.argv[2])
assert svc["Service"]["Type"] == "oneshot"
cmd = shlex.split(svc["Service"]["ExecStart"])
m = cmd[cmd.index("--metrics") + 1]
assert m.startswith("/var/lib/prometheus/node-exporter/") and m.endswith(".prom"), m
assert m.rsplit("/", 1)[0] in svc["Service"]["ReadWritePaths"].split()
assert tmr["Timer"]["Unit"] == sys.argv[1].rsplit("/", 1)[1]
assert tmr["Timer"]["OnCalendar"] and tmr["Timer"]["Persistent"] == "true"
assert tmr["Install"]["WantedBy"] == "timers.target"
print("systemd: metrics into", m)
PYEOF
t_pass
