#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-digest-bad: one of --sha1 / --sha256 / --md5 wrong (the others right):
# exit 6, no output, the partial and state removed, and the next run starts
# from zero (nothing of the bad download is reused).
. "$(dirname "$0")/lib.sh"
t_setup
mkfile root/a.bin 500000
SHA1=$(sha1_of root/a.bin)
SHA256=$(sha256_of root/a.bin)
MD5=$(md5_of root/a.bin)

for bad in sha1 sha256 md5; do
  s1=$SHA1 s256=$SHA256 m5=$MD5
  case $bad in
    sha1) s1=$(bad_hex "$SHA1"); re='sha-?1' ;;
    sha256) s256=$(bad_hex "$SHA256"); re='sha-?256' ;;
    md5) m5=$(bad_hex "$MD5"); re='md5' ;;
  esac
  note "wrong $bad"
  run --sha1 "$s1" --sha256 "$s256" --md5 "$m5" --retry-delay 0.05 \
      -o got.bin "$BASE/files/a.bin"
  expect_rc 6
  expect_no_file got.bin
  expect_no_partial got.bin
  expect_only_files
  expect_stderr -i "$re"
  expect_stderr_fixed "/files/a.bin"
done
expect_log 'len(gets("/files/a.bin")) == 3' "one GET per run"
expect_log 'all(e["range"] is None and e["status"] == 200 for e in gets("/files/a.bin"))' \
  "every run downloaded from zero (no resume of a bad partial)"
t_pass
