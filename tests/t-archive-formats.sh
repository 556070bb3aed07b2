#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-archive-formats: --archive FILE.{tar,tar.gz,tgz,tar.xz,tar.zst,zip,7z}
# writes the verified files into one archive of that format: one entry per
# file named as its output relative to the staging directory (also in
# subdirectories and with UTF-8 names), with its size and content, mode
# 0644, mtime = the server's Last-Modified, then a SHA1SUMS entry last in
# sha1sum format (in a .7z, libarchive puts empty files after every entry
# with data, so there SHA1SUMS is the last entry with data); nothing else is left behind (no FILE.sfpart, no
# FILE.sfdir/, no download outside the archive).  Uses the standard
# library for tar and zip, bsdtar (libarchive-tools) for .tar.zst and .7z;
# a check whose tool is missing is skipped with a note.
. "$(dirname "$0")/lib.sh"
t_setup
INSPECT=$srcdir/archive-inspect.py
mkfile root/a.bin 100K
mkfile root/b.bin 200001
mkfile root/c.bin 3000
: >root/empty.bin
MTIME=1614834367   # 2021-03-04 05:06:07 UTC, served as Last-Modified
touch -d @$MTIME root/*.bin
export MTIME
export A1 B1 C1 E1
A1=$(sha1_of root/a.bin)
B1=$(sha1_of root/b.bin)
C1=$(sha1_of root/c.bin)
E1=$(sha1_of root/empty.bin)
cat >list <<EOF
$BASE/files/a.bin
{"locator":"$BASE/files/b.bin","output":"sub/dir/b2.bin","sha1":"$B1"}
{"locator":"$BASE/files/c.bin","output":"ünï/café.bin"}
$BASE/files/empty.bin
EOF
skipped=

for fmt in tar tar.gz tgz tar.xz tar.zst zip 7z; do
  note "$fmt"
  A=out.$fmt
  mkdir -p work
  run --json --retry-delay 0.05 -i list --archive "$A"
  expect_rc 0
  expect_exists "$A"
  expect_no_file "$A.sfpart" "$A.sfdir"
  expect_only_files list work "$A" $(ls -d out.* 2>/dev/null | grep -v -x -F "$A")
  expect_json 'len(j) == 4 and all(o["status"] == "ok" for o in j)' \
    "four ok result lines ($fmt)"
  "$PYTHON" "$INSPECT" "$A" work >work/entries.json 2>work/inspect.err
  irc=$?
  if [ "$irc" = 77 ]; then
    note "SKIP check of $fmt: bsdtar (libarchive-tools) is not installed"
    skipped="$skipped $fmt"
    continue
  fi
  [ "$irc" = 0 ] || fail "$A cannot be read: $(cat work/inspect.err)"
  export FMT=$fmt
  "$PYTHON" - work/entries.json <<'EOF' >work/check.out 2>&1 || fail "$A: $(cat work/check.out)"
import json, os, sys
E = os.environ
got = json.load(open(sys.argv[1]))
want = {"a.bin": (102400, E["A1"]), "sub/dir/b2.bin": (200001, E["B1"]),
        "ünï/café.bin": (3000, E["C1"]), "empty.bin": (0, E["E1"])}
names = [e["name"] for e in got]
if E["FMT"] == "7z":
    # libarchive's 7-Zip writer stores entries without data (empty files)
    # after all others, whatever the order they were written in: there,
    # SHA1SUMS must be the last entry with data, only empty ones after it.
    i = names.index("SHA1SUMS") if "SHA1SUMS" in names else -1
    assert i >= 0 and all(e["size"] == 0 for e in got[i + 1:]), \
        "SHA1SUMS is not the last entry with data: %s" % names
    got = got[:i] + got[i + 1:] + [got[i]]
    names = [e["name"] for e in got]
assert names and names[-1] == "SHA1SUMS", "SHA1SUMS is not last: %s" % names
assert sorted(names[:-1]) == sorted(want), "entries %s, expected %s" % (
    names, sorted(want) + ["SHA1SUMS"])
for e in got:
    assert e["mode"] == 0o644, "%s: mode %o" % (e["name"], e["mode"])
    if e["name"] in want:
        size, sha1 = want[e["name"]]
        assert (e["size"], e["sha1"]) == (size, sha1), \
            "%s: size %d sha1 %s, expected %d %s" % (e["name"], e["size"],
                                                     e["sha1"], size, sha1)
        assert e["mtime"] == int(E["MTIME"]), "%s: mtime %d, expected %s" % (
            e["name"], e["mtime"], E["MTIME"])
sums = got[-1]["text"]
lines = sums.splitlines()
assert sums.endswith("\n"), "SHA1SUMS does not end with a newline"
assert sorted(lines) == sorted("%s  %s" % (want[n][1], n) for n in want), \
    "SHA1SUMS is %r" % sums
# in sha1sum format, the order of the files in the archive
assert E["FMT"] == "7z" or [l.split("  ", 1)[1] for l in lines] == names[:-1], \
    "SHA1SUMS order %s differs from the archive's %s" % (lines, names)
EOF
  if command -v sha1sum >/dev/null 2>&1 && [ "$fmt" = tar ]; then
    # SHA1SUMS checks out with sha1sum itself on the extracted files
    rm -rf work/t && mkdir work/t && (cd work/t && tar -xf "../../$A" 2>/dev/null &&
      LC_ALL=C.UTF-8 sha1sum -c --quiet SHA1SUMS) ||
      fail "sha1sum -c SHA1SUMS fails on the extracted $A"
  fi
  rm -rf work
done
[ -n "$skipped" ] && note "formats not checked for lack of bsdtar:$skipped"
expect_no_file a.bin b2.bin sub empty.bin
t_pass
