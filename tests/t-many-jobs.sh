#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-many-jobs: a list of 1,000 files of 64 KiB with -j 16: every file is
# downloaded once and correct (count, every --json sha1 against the served
# file, a sample compared byte for byte), never more than 16 requests at
# once, and connections are reused (at most 64 distinct TCP connections in
# the server log).  The wall time is printed, not asserted.
. "$(dirname "$0")/lib.sh"
t_setup
N=1000
export N
"$PYTHON" - root/m list "$BASE" "$N" <<'EOF' || fail "cannot make the files"
import os, random, sys
root, listname, base, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
os.makedirs(root, exist_ok=True)
with open(listname, "w") as lst:
    lst.write("# %d files\n" % n)
    for i in range(n):
        rng = random.Random("many/%d" % i)
        with open(os.path.join(root, "f%04d.bin" % i), "wb") as fh:
            fh.write(rng.getrandbits(8 * 65536).to_bytes(65536, "little"))
        lst.write("%s/files/m/f%04d.bin\n" % (base, i))
EOF

mkdir dl
T_TIMEOUT=120 run --json --retry-delay 0.05 -j 16 -P dl -i list
note "1000 files with -j 16: ${elapsed}s wall time"
echo "MEASURE: t-many-jobs wall_s=$elapsed"
expect_rc 0
[ "$(ls dl | wc -l)" = "$N" ] || fail "dl/ holds $(ls dl | wc -l) files, expected $N"
[ -z "$(find dl -name '*.sf*')" ] || fail "partial files left: $(find dl -name '*.sf*' | head -3)"
expect_json 'len(j) == int(E["N"]) and all(o["status"] == "ok" for o in j)' \
  "$N ok result lines"
expect_json 'len(set(o["locator"] for o in j)) == int(E["N"])' \
  "one line per locator"
v=$("$PYTHON" - out <<'EOF'
import hashlib, json, os, sys
bad = []
with open(sys.argv[1]) as fh:
    for line in fh:
        o = json.loads(line)
        name = o["locator"].rsplit("/", 1)[1]
        want = hashlib.sha1(open("root/m/" + name, "rb").read()).hexdigest()
        if o["sha1"] != want or o["size"] != 65536:
            bad.append(name)
print("ok" if not bad else "bad: %d, e.g. %s" % (len(bad), bad[:5]))
EOF
)
[ "$v" = ok ] || fail "--json sha1 or size differs from the served file: $v"
for i in 0000 0001 0137 0500 0777 0998 0999; do
  expect_same dl/f$i.bin root/m/f$i.bin
done

expect_log '(lambda G: len(G) == int(E["N"]) and all(e["status"] == 200 for e in G))([e for e in r if e["path"].startswith("/files/m/")])' \
  "exactly $N GETs, all 200"
expect_log 'len(set(e["path"] for e in r if e["path"].startswith("/files/m/"))) == int(E["N"])' \
  "every file requested once"
conns=$(log_query 'len(set(e["conn"] for e in r))')
peak=$(log_query 'max(sum(1 for e in r if e["t_start"] <= t < e["t_end"]) for t in sorted(e["t_start"] for e in r))')
note "$conns TCP connections, at most $peak requests at once"
echo "MEASURE: t-many-jobs connections=$conns peak_concurrency=$peak"
[ "$conns" -le 64 ] ||
  fail "$conns distinct TCP connections for $N files with -j 16 (expected <= 64: connection reuse)"
[ "$peak" -le 16 ] || fail "$peak requests at once with -j 16"
t_pass
