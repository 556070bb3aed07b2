#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-fuzz-replay: every committed fuzz corpus file (tests/fuzz/corpus/NAME,
# crash inputs included) goes through its target's plain replay driver,
# built with the normal compiler, so that a fixed crash stays fixed and
# the targets' properties hold.
set -u
fails=0
for d in "$top_srcdir"/tests/fuzz/corpus/*/; do
  name=$(basename "$d")
  bin="$top_builddir/tests/fuzz/replay_$name"
  if [ ! -x "$bin" ]; then
    echo "FAIL: no replay driver $bin"
    fails=1
    continue
  fi
  "$bin" "$d" || { echo "FAIL: replay_$name"; fails=1; }
done
exit $fails
