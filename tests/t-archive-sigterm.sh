#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-archive-sigterm: a stop signal while the archive is written (a big
# file going through xz) ends the run promptly with 143 / 130; the
# archive from before is left untouched, no ARCHIVE.sfpart stays, and the
# staging directory keeps the verified files and their manifest, so a
# rerun (no --overwrite needed: the staging directory is ours) fetches
# nothing and writes the complete archive.
. "$(dirname "$0")/lib.sh"
t_setup
INSPECT=$srcdir/archive-inspect.py
mkfile root/small.bin 10K
mkfile root/big.bin 6M
AR=out.tar.xz
D=$AR.sfdir
echo "$BASE/files/small.bin" >list1
printf '%s\n' "$BASE/files/small.bin" "$BASE/files/big.bin" >list2

# names: the entry names of $AR, space-separated.
names()
{
  mkdir -p work
  "$PYTHON" "$INSPECT" "$AR" work | "$PYTHON" -c 'import json, sys
print(" ".join(e["name"] for e in json.load(sys.stdin)))'
}

# stop_while_archiving SIG RC: rerun list2 with --overwrite, send SIG once
# the archive is being written, expect RC within 1.5 s.
stop_while_archiving()
{
  local i=0 t0
  run_bg "arch$1" --overwrite --retry-delay 0.05 -i list2 --archive "$AR"
  while [ ! -e "$AR.sfpart" ]; do
    i=$((i + 1))
    [ "$i" -gt 500 ] && fail "$AR.sfpart never appeared"
    [ -s "$T_DIR/arch$1.rc" ] && fail "the run ended before writing the archive"
    sleep 0.02
  done
  sleep 0.5
  t0=$(t__now)
  kill -"$1" "$BG_PID"
  wait_bg 60
  # from the kill to the exit as the wrapper saw it (its .rc file's time),
  # not counting this script's own polling on a loaded machine
  elapsed=$("$PYTHON" -c 'import os, sys
print("%.3f" % (os.stat(sys.argv[1]).st_mtime - float(sys.argv[2])))' \
    "$T_DIR/$T_BG_NAME.rc" "$t0")
  note "SIG$1 while archiving: exit $rc after ${elapsed}s"
  expect_rc "$2"
  # one second, plus libarchive's xz close: it compresses the LZMA2 chunk
  # it holds (up to 2 MiB) even into /dev/null, ~0.3 s idle, 2 s when the
  # machine is loaded; failing the writer instead leaks liblzma's state
  awk -v e="$elapsed" 'BEGIN { exit !(e < 3) }' ||
    fail "SIG$1 took ${elapsed}s to stop the archive writing"
  expect_file "$AR" "$OLD"
  expect_no_file "$AR.sfpart"
  expect_exists "$D/.sigfetch-manifest" "$D/small.bin" "$D/big.bin"
}

note "a first archive holds small.bin"
run --retry-delay 0.05 -i list1 --archive "$AR"
expect_rc 0
OLD=$(sha1_of "$AR")
[ "$(names)" = "small.bin SHA1SUMS" ] || fail "first archive: $(names)"

note "SIGTERM while big.bin is compressed"
stop_while_archiving TERM 143
note "SIGINT likewise, on the rerun"
log_mark
stop_while_archiving INT 130
expect_log 'new_gets("/files/big.bin") == [] and new_gets("/files/small.bin") == []' \
  "the staged files were not fetched again"

note "the rerun completes the archive without --overwrite"
log_mark
run --retry-delay 0.05 -i list2 --archive "$AR"
expect_rc 0
expect_log 'new_gets("/files/big.bin") == [] and new_gets("/files/small.bin") == []' \
  "nothing fetched again"
[ "$(names)" = "small.bin big.bin SHA1SUMS" ] || fail "final archive: $(names)"
expect_no_file "$D" "$AR.sfpart"
t_pass
