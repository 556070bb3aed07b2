#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-archive-exists: an existing archive is an existing output: exit 7
# without --overwrite (nothing fetched, no staging directory made), unless
# its staging directory ARCHIVE.sfdir/ shows it is a run of ours still to
# finish.  A rerun that would write fewer verified files than the archive
# holds never replaces it: with a failure the exit status is that
# failure's and a warning names the archive; with none (a shorter list)
# it is exit 7.  The staging directory keeps what was verified, and a
# later rerun completes the archive.
. "$(dirname "$0")/lib.sh"
t_setup
INSPECT=$srcdir/archive-inspect.py
mkfile root/a.bin 20K
mkfile root/b.bin 30K
printf '%s\n' "$BASE/files/a.bin" "$BASE/files/b.bin" >list
echo "$BASE/files/a.bin" >short
AR=out.tar.gz
D=$AR.sfdir

names()
{
  mkdir -p work
  "$PYTHON" "$INSPECT" "$AR" work | "$PYTHON" -c 'import json, sys
print(" ".join(e["name"] for e in json.load(sys.stdin)))'
}

note "run 1: a complete archive"
run --retry-delay 0.05 -i list --archive "$AR"
expect_rc 0
expect_no_file "$D"
OLD=$(sha1_of "$AR")

note "run 2: the archive exists, no --overwrite"
log_mark
run --retry-delay 0.05 -i list --archive "$AR"
expect_rc 7
expect_stderr "out\.tar\.gz.*exists.*--overwrite"
expect_file "$AR" "$OLD"
expect_no_file "$D" "$AR.sfpart"
expect_log 'new_gets("/files/a.bin") == [] and new_gets("/files/b.bin") == []' \
  "nothing fetched"
[ "$(grep -c 'exists' err)" = 1 ] || fail "the message is not given once"

note "run 3: --overwrite, but b.bin now fails: the archive is kept"
mv root/b.bin b.ref
run --overwrite --retries 0 --retry-delay 0.05 -i list --archive "$AR"
expect_rc 5
expect_file "$AR" "$OLD"
expect_stderr "out\.tar\.gz.*holds 2 files.*only 1"
expect_exists "$D/a.bin" "$D/.sigfetch-manifest"
expect_no_file "$AR.sfpart"

note "run 4: fixed; the staging directory lets the rerun finish"
mv b.ref root/b.bin
log_mark
run --retry-delay 0.05 -i list --archive "$AR"
expect_rc 0
[ "$(names)" = "a.bin b.bin SHA1SUMS" ] || fail "archive: $(names)"
expect_log 'new_gets("/files/a.bin") == [] and len(new_gets("/files/b.bin")) == 1' \
  "only b.bin fetched"
expect_no_file "$D"
OLD=$(sha1_of "$AR")

note "run 5: --overwrite with a shorter list, nothing failed: exit 7"
run --overwrite --retry-delay 0.05 -i short --archive "$AR"
expect_rc 7
expect_file "$AR" "$OLD"
expect_stderr "holds 2 files.*only 1"

note "run 6: --overwrite with the whole list replaces it"
rm -rf "$D"
run --overwrite --retry-delay 0.05 -i list --archive "$AR"
expect_rc 0
[ "$(names)" = "a.bin b.bin SHA1SUMS" ] || fail "archive: $(names)"
expect_no_file "$D"
t_pass
