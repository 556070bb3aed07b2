#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-symlink-sidecar: sigfetch never writes through a link planted at a
# name it creates (issue 10 item 3): a symbolic link or a hard link at
# OUTPUT.sfpart is refused (exit 7, the link's target untouched, no
# output); links at OUTPUT.sfstate and OUTPUT.sfstate.tmp are replaced,
# never followed (the download succeeds, the target is untouched); the
# same for the archive's ARCHIVE.sfpart, its staging directory
# ARCHIVE.sfdir and the manifest in it.  A commit renames only the file
# the run wrote: an output directory swapped mid-run (holding a planted
# partial) is not committed into.
. "$(dirname "$0")/lib.sh"
t_setup
mkfile root/small.bin 300K
mkfile root/big.bin 9M
mkfile victim 1000 3
cp victim victim.ref

victim_intact()
{
  expect_same victim victim.ref
  [ -L "$1" ] || [ ! -e "$1" ] || [ "$(size_of "$1")" != 1000 ] ||
    fail "$1 still looks like the victim"
}

note "symbolic link at the partial file"
ln -s victim small.bin.sfpart
run --retry-delay 0.05 "$BASE/files/small.bin"
expect_rc 7
expect_stderr 'small\.bin\.sfpart'
expect_no_file small.bin
victim_intact small.bin.sfpart
rm -f small.bin.sfpart small.bin.sfstate

note "hard link at the partial file"
ln victim small.bin.sfpart
run --retry-delay 0.05 "$BASE/files/small.bin"
expect_rc 7
expect_no_file small.bin
expect_same victim victim.ref
rm -f small.bin.sfpart small.bin.sfstate

note "symbolic link at the state file (one connection)"
ln -s victim small.bin.sfstate
run --retry-delay 0.05 "$BASE/files/small.bin"
expect_rc 0
expect_same small.bin root/small.bin
expect_same victim victim.ref
expect_no_partial small.bin
rm -f small.bin small.bin.sfstate

note "symbolic link at the state file (segments rewrite it in place)"
ln -s victim big.bin.sfstate
run --retry-delay 0.05 -x 4 "$BASE/files/big.bin"
expect_rc 0
expect_same big.bin root/big.bin
expect_same victim victim.ref
rm -f big.bin big.bin.sfstate

note "symbolic link at the state file's temporary name"
ln -s victim small.bin.sfstate.tmp
run --retry-delay 0.05 "$BASE/files/small.bin"
expect_rc 0
expect_same small.bin root/small.bin
expect_same victim victim.ref
rm -f small.bin small.bin.sfstate.tmp

note "the output directory is swapped during the download"
mkdir dl
mkfile dl.new/small.bin.sfpart 5000 9
fault '{"path":"/files/small.bin","fault":"rate","bps":150000}'
run_bg bg --retry-delay 0.05 -P dl "$BASE/files/small.bin"
wait_for_size dl/small.bin.sfpart 0 10
mv dl dl.old && ln -s dl.new dl
wait_bg 20
expect_rc 7
expect_no_file dl.new/small.bin dl.old/small.bin
rm -rf dl dl.old dl.new

note "symbolic link at the archive's partial file"
echo "$BASE/files/small.bin" >list
ln -s victim out.zip.sfpart
run --retry-delay 0.05 -i list --archive out.zip
expect_rc 7
expect_same victim victim.ref
expect_no_file out.zip
rm -rf out.zip.sfpart out.zip.sfdir

note "symbolic link at the archive's staging directory"
mkdir elsewhere
ln -s elsewhere out.zip.sfdir
run --retry-delay 0.05 -i list --archive out.zip
expect_rc 7
expect_stderr 'out\.zip\.sfdir'
[ -z "$(ls -A elsewhere)" ] || fail "wrote into the link's target: $(ls -A elsewhere)"
expect_no_file out.zip
rm -f out.zip.sfdir

note "symbolic link at the staging directory's manifest"
mkdir out.zip.sfdir
ln -s ../victim out.zip.sfdir/.sigfetch-manifest
run --retry-delay 0.05 -i list --archive out.zip
expect_same victim victim.ref
t_pass
