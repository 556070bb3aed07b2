#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-sidecar-names: a name from a stranger can never be another output's
# partial or state file (issue 10 item 2).  A server name "other.sfpart"
# while another entry of the same run writes "other" (even with
# --overwrite) is saved as
# "other.sfpart_" and "other" holds its own bytes; an -i list whose
# outputs are a file and its partial/state name is refused (exit 2); and a
# commit renames only the file it wrote: a partial replaced mid-download
# is not committed (exit 7, no output).
. "$(dirname "$0")/lib.sh"
t_setup
mkfile root/other 400K
mkfile root/b.bin 10K 2

note "server names 'other.sfpart' while 'other' downloads"
fault '{"path":"/files/other","fault":"rate","bps":800000}'
fault '{"path":"/files/b.bin","fault":"headers","count":-1,
        "headers":{"Content-Disposition":"attachment; filename=\"other.sfpart\""}}'
printf '%s\n' "$BASE/files/other" "$BASE/files/b.bin" >list
run --json --retry-delay 0.05 --overwrite -j 2 -i list
expect_rc 0
expect_same other root/other
expect_same other.sfpart_ root/b.bin
expect_no_partial other
expect_json 'sorted(o["output"] for o in j) == ["other", "other.sfpart_"]' \
  "outputs other and other.sfpart_"
rm -f other other.sfpart_

note "server names 'x.SFSTATE.tmp'"
server_reset
fault '{"path":"/files/b.bin","fault":"headers",
        "headers":{"Content-Disposition":"attachment; filename=\"x.SFSTATE.tmp\""}}'
run --retry-delay 0.05 "$BASE/files/b.bin"
expect_rc 0
expect_same x.SFSTATE.tmp_ root/b.bin
expect_no_file x.SFSTATE.tmp
rm -f x.SFSTATE.tmp_

for side in .sfpart .sfstate .sfstate.tmp; do
  note "-i outputs 'y' and 'y$side'"
  {
    echo "{\"locator\":\"$BASE/files/other\",\"output\":\"y\"}"
    echo "{\"locator\":\"$BASE/files/b.bin\",\"output\":\"y$side\"}"
  } >list
  run --retry-delay 0.05 -i list
  expect_rc 2
  expect_stderr "list:2"
  expect_stderr "y\\$side"
  expect_no_file y "y$side"
done

note "the partial is replaced during the download"
server_reset
fault '{"path":"/files/other","fault":"rate","bps":200000}'
mkfile evil 5000 9
run_bg bg --retry-delay 0.05 "$BASE/files/other"
wait_for_size other.sfpart 0 10
mv -f evil other.sfpart
wait_bg 20
expect_rc 7
cat bg.err >err
expect_stderr 'replaced'
expect_no_file other
t_pass
