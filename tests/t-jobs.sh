#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-jobs: -j N downloads up to N files at once: with -j 3 three slow
# downloads overlap, with -j 1 they run one after the other.
. "$(dirname "$0")/lib.sh"
t_setup
for f in a b c; do
  mkfile root/$f.bin 200K
done
slow()
{
  local f
  for f in a b c; do
    fault '{"path":"/files/'$f'.bin","fault":"rate","bps":400000}'
  done
}
overlap='max(g[0]["t_start"] for g in G) < min(g[0]["t_end"] for g in G)'
serial='all(x["t_end"] <= y["t_start"] + 0.05 or y["t_end"] <= x["t_start"] + 0.05 for x in A for y in A if x is not y)'

note "-j 3"
slow
log_mark
mkdir j3
run -j 3 --retry-delay 0.05 -P j3 "$BASE/files/a.bin" "$BASE/files/b.bin" \
    "$BASE/files/c.bin"
expect_rc 0
for f in a b c; do expect_same j3/$f.bin root/$f.bin; done
expect_log '(lambda G: '"$overlap"')([new_gets("/files/%s.bin" % f) for f in "abc"])' \
  "the three GETs overlap in time"

note "-j 1"
slow
log_mark
mkdir j1
run -j 1 --retry-delay 0.05 -P j1 "$BASE/files/a.bin" "$BASE/files/b.bin" \
    "$BASE/files/c.bin"
expect_rc 0
for f in a b c; do expect_same j1/$f.bin root/$f.bin; done
expect_log '(lambda A: '"$serial"')(sum((new_gets("/files/%s.bin" % f) for f in "abc"), []))' \
  "the GETs do not overlap"
expect_log 'len(sum((new_gets("/files/%s.bin" % f) for f in "abc"), [])) == 3' \
  "three GETs"
t_pass
