#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-archive-failed-and-resume: with --archive, a file that fails (404; a
# sha1 mismatch) is not in the archive, but the archive of the verified
# files is still committed, the exit status is the first failure's (in
# input order), and the staging directory FILE.sfdir/ stays with the
# verified files and its .sigfetch-manifest.  Rerunning the same list once
# the server is fixed fetches only what is missing (server log), writes the
# full archive (SHA1SUMS last, listing every file) and removes FILE.sfdir/.
# No FILE.sfpart is ever left.
. "$(dirname "$0")/lib.sh"
t_setup
INSPECT=$srcdir/archive-inspect.py
mkfile root/a.bin 100K
mkfile root/c.bin 150K
mkfile root/d.bin 50K
mkfile b.ref 120K                 # root/b.bin appears for the second run
MTIME=1614834367
touch -d @$MTIME root/*.bin b.ref
export A1 B1 C1 D1
A1=$(sha1_of root/a.bin)
B1=$(sha1_of b.ref)
C1=$(sha1_of root/c.bin)
D1=$(sha1_of root/d.bin)
cat >list <<EOF
$BASE/files/a.bin
$BASE/files/b.bin
{"locator":"$BASE/files/c.bin","output":"sub/c.bin","sha1":"$C1"}
$BASE/files/d.bin
EOF
AR=out.tar.gz
D=$AR.sfdir

# archive_names: the entry names of $AR, in order, one per line.
archive_names()
{
  mkdir -p work
  "$PYTHON" "$INSPECT" "$AR" work >work/entries.json ||
    fail "$AR cannot be read"
  "$PYTHON" -c 'import json, sys
for e in json.load(open(sys.argv[1])):
    print(e["name"])' work/entries.json
}

note "run 1: b is missing (404), c arrives corrupted"
fault '{"path":"/files/c.bin","fault":"corrupt","offset":5000}'
run --json --retries 1 --retry-delay 0.05 -i list --archive "$AR"
expect_rc 5
expect_exists "$AR" "$D" "$D/.sigfetch-manifest"
expect_no_file "$AR.sfpart"
expect_json 'len(j) == 4' "one result line per entry"
expect_json '[by_loc(E["BASE"] + "/files/%s.bin" % f)["status"] for f in "abcd"] == ["ok", "failed", "failed", "ok"]' \
  "a ok, b failed, c failed, d ok"
expect_json 'by_loc(E["BASE"] + "/files/c.bin")["error"]["exit_code"] == 6' \
  "c failed with exit_code 6"
[ "$(archive_names | tr '\n' ' ')" = "a.bin d.bin SHA1SUMS " ] ||
  fail "run 1: archive entries '$(archive_names | tr '\n' ' ')', expected 'a.bin d.bin SHA1SUMS'"
"$PYTHON" - work/entries.json <<'EOF' || fail "run 1: SHA1SUMS or contents wrong"
import json, os, sys
E = os.environ
got = {e["name"]: e for e in json.load(open(sys.argv[1]))}
assert got["a.bin"]["sha1"] == E["A1"] and got["d.bin"]["sha1"] == E["D1"]
assert got["SHA1SUMS"]["text"] == "%s  a.bin\n%s  d.bin\n" % (E["A1"], E["D1"]), \
    got["SHA1SUMS"]["text"]
EOF
expect_same "$D/a.bin" root/a.bin
expect_same "$D/d.bin" root/d.bin
expect_no_file "$D/b.bin" "$D/sub/c.bin" "$D/sub/c.bin.sfpart"
grep -q " a.bin\$" "$D/.sigfetch-manifest" && grep -q " d.bin\$" "$D/.sigfetch-manifest" ||
  fail "the manifest does not list a.bin and d.bin: $(cat "$D/.sigfetch-manifest")"
grep -q -e 'b\.bin' -e 'c\.bin' "$D/.sigfetch-manifest" &&
  fail "the manifest lists a failed file: $(cat "$D/.sigfetch-manifest")"
expect_no_file a.bin b.bin d.bin sub

note "run 2: the server is fixed; only b and c are fetched"
cp -p b.ref root/b.bin
log_mark
run --json --retry-delay 0.05 -i list --archive "$AR"
expect_rc 0
expect_exists "$AR"
expect_no_file "$AR.sfpart" "$D"
expect_log 'len(new_gets("/files/b.bin")) == 1 and len(new_gets("/files/c.bin")) == 1' \
  "b and c fetched once each"
expect_log 'new_reqs("/files/a.bin") == [] and new_reqs("/files/d.bin") == []' \
  "a and d not requested at all"
expect_json 'len(j) == 4 and all(o["status"] in ("ok", "skipped") for o in j)' \
  "four ok or skipped lines"
names=$(archive_names | tr '\n' ' ')
case $names in
  *" SHA1SUMS ") ;;
  *) fail "run 2: SHA1SUMS is not the last entry: $names" ;;
esac
[ "$(echo $names | tr ' ' '\n' | sort | tr '\n' ' ')" = "SHA1SUMS a.bin b.bin d.bin sub/c.bin " ] ||
  fail "run 2: archive entries '$names', expected a.bin b.bin sub/c.bin d.bin SHA1SUMS"
export MTIME
"$PYTHON" - work/entries.json <<'EOF' || fail "run 2: contents, mtimes or SHA1SUMS wrong"
import json, os, sys
E = os.environ
got = {e["name"]: e for e in json.load(open(sys.argv[1]))}
want = {"a.bin": E["A1"], "b.bin": E["B1"], "sub/c.bin": E["C1"],
        "d.bin": E["D1"]}
for n, s in want.items():
    assert got[n]["sha1"] == s, "%s: sha1 %s" % (n, got[n]["sha1"])
    assert got[n]["mtime"] == int(E["MTIME"]), "%s: mtime %d" % (n, got[n]["mtime"])
    assert got[n]["mode"] == 0o644, "%s: mode %o" % (n, got[n]["mode"])
lines = sorted(got["SHA1SUMS"]["text"].splitlines())
assert lines == sorted("%s  %s" % (s, n) for n, s in want.items()), lines
EOF
expect_only_files list b.ref work "$AR"
t_pass
