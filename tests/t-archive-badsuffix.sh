#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-archive-badsuffix: --archive with a name whose suffix is not one of
# .tar .tar.gz .tgz .tar.xz .tar.zst .zip .7z is a usage error (exit 2)
# naming the accepted suffixes, before any request and without creating
# anything; so is --archive together with -o - (standard output).
. "$(dirname "$0")/lib.sh"
t_setup
mkfile root/a.bin 10000

for name in out.rar out.tar.bz2 out.gz out.xz out.zst out.tar.lz out \
            out.tar.gz.part .tar sub/.zip; do
  note "--archive $name"
  log_mark
  run --json --retry-delay 0.05 --archive "$name" "$BASE/files/a.bin"
  expect_rc 2
  expect_stderr_fixed "$name"
  expect_stderr '\.tar\.zst'
  expect_stdout_empty
  expect_log 'not [e for e in r if e["t_start"] >= float(E["T_MARK"])]' \
    "no request ($name)"
  expect_only_files
done

note "--archive with -o -"
log_mark
run --archive out.tar -o - "$BASE/files/a.bin"
expect_rc 2
expect_stderr_fixed '--archive'
expect_stdout_empty
expect_log 'not [e for e in r if e["t_start"] >= float(E["T_MARK"])]' \
  "no request (-o -)"
expect_only_files

note "an accepted suffix works (control)"
run --retry-delay 0.05 --archive out.tar "$BASE/files/a.bin"
expect_rc 0
expect_only_files out.tar
t_pass
