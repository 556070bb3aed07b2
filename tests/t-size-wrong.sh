#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-size-wrong: --size larger or smaller than the file: exit 6, no output,
# no partial.
. "$(dirname "$0")/lib.sh"
t_setup
mkfile root/a.bin 300000

for size in 300001 299999; do
  note "--size $size"
  run --size "$size" --retry-delay 0.05 -o got.bin "$BASE/files/a.bin"
  expect_rc 6
  expect_no_file got.bin
  expect_no_partial got.bin
  expect_only_files
  expect_stderr -i 'size'
done
note "--size right"
run --size 300000 --retry-delay 0.05 -o got.bin "$BASE/files/a.bin"
expect_rc 0
expect_same got.bin root/a.bin
t_pass
