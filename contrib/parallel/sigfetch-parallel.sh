#!/bin/sh
# sigfetch-parallel.sh - back up one list with N sigfetch processes on one
# machine (or, with parallel's --sshlogin, on several sharing DEST), one
# shard each (see sigfetch(1) "Operating at scale").
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   sigfetch-parallel.sh LIST DEST [N]
#
# The exit status is the number of shards that failed (GNU parallel's);
# each shard's own exit status and figures are in DEST/.metrics/*.prom.
set -eu

if [ $# -lt 2 ]; then
  echo "usage: $0 LIST DEST [N]" >&2
  exit 2
fi
list=$1
dest=$2
n=${3:-4}
mkdir -p "$dest/.metrics"
seq 0 $((n - 1)) |
  parallel -j "$n" --line-buffer \
    sigfetch -q -P "$dest" -i "$list" --shard "{}/$n" \
      --metrics "$dest/.metrics/sigfetch-{}.prom"
