#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-archive-outside: with --archive, an -i "output" that leaves the staging
# directory ("../x", "d/../../x", or an absolute path) must neither put an
# unsafe entry into the archive (a name with a ".." component or a leading
# "/", which extracts outside the target directory) nor write or delete
# files outside the archive (with --overwrite, "../keep.bin" must not
# replace, then delete, a file beside the archive).  Refusing such a line
# up front (exit 2, no request) is fine, and so is archiving it under a
# safe name.
. "$(dirname "$0")/lib.sh"
t_setup
INSPECT=$srcdir/archive-inspect.py
mkfile root/a.bin 10000
mkfile root/b.bin 20000
mkdir work box
echo "keep me" >box/keep.bin

for case in "../x.bin" "d/../../y.bin" "$T_DIR/box/abs.bin" \
            "../keep.bin --overwrite"; do
  out=${case%% *}
  flags=
  [ "$out" != "$case" ] && flags=${case#* }
  note "output '$out' $flags"
  rm -rf box/out.tar box/out.tar.sfdir
  cat >list <<EOF
$BASE/files/a.bin
{"locator":"$BASE/files/b.bin","output":"$out"}
EOF
  log_mark
  cd box || exit 99
  run --json --retry-delay 0.05 $flags -i ../list --archive out.tar
  cd "$T_DIR" || exit 99
  [ "$rc" -lt 128 ] || fail "sigfetch crashed (exit $rc)"
  note "exit $rc"
  [ "$(cat box/keep.bin)" = "keep me" ] || fail "box/keep.bin was changed or removed"
  expect_no_file x.bin y.bin box/x.bin box/y.bin box/abs.bin
  if [ "$rc" = 2 ]; then
    expect_log 'not [e for e in r if e["t_start"] >= float(E["T_MARK"])]' \
      "refused before any request"
    continue
  fi
  [ -f box/out.tar ] || fail "exit $rc and no archive"
  "$PYTHON" "$INSPECT" box/out.tar work >work/entries.json ||
    fail "box/out.tar cannot be read"
  "$PYTHON" - work/entries.json <<'EOF' || fail "unsafe archive entries for output '$out': $(cat work/entries.json | cut -c1-300)"
import json, sys
for e in json.load(open(sys.argv[1])):
    n = e["name"]
    assert not n.startswith("/") and ".." not in n.split("/"), n
EOF
  [ "$(ls box | grep -v -x out.tar.sfdir | sort | tr '\n' ' ')" = "keep.bin out.tar " ] ||
    fail "box/ holds $(ls box | tr '\n' ' '), expected keep.bin out.tar (and out.tar.sfdir after a failure)"
done
t_pass
