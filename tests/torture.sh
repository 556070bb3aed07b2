#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# torture.sh - random fault sequences against sigfetch (see torture.py).
#
#   tests/torture.sh --trials N [--seed S] [--size BYTES] [--max-size BYTES]
#                    [--time-limit SECONDS] [--connections N] [--provider]
#                    [--archive-max BYTES] [--signal-limit S]
#                    [--archive-limit S] [--keep] [-v]
#
# SIGFETCH names the binary (default: ./src/sigfetch, ../src/sigfetch,
# b/src/sigfetch beside this directory); PYTHON the interpreter (python3).
# Only 127.0.0.1 is contacted.  Exit 0 when every trial kept the
# invariants, 1 otherwise (the failing seeds are printed for --seed).
here=$(cd "$(dirname "$0")" && pwd)
: "${PYTHON:=python3}"
if [ -z "${SIGFETCH:-}" ]; then
  for c in "$PWD/src/sigfetch" "$PWD/../src/sigfetch" \
           "$here/../b/src/sigfetch" "$here/../src/sigfetch"; do
    if [ -x "$c" ]; then
      SIGFETCH=$c
      break
    fi
  done
fi
if [ -z "${SIGFETCH:-}" ] || [ ! -x "$SIGFETCH" ]; then
  echo "torture.sh: set SIGFETCH to the sigfetch binary" >&2
  exit 2
fi
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
exec "$PYTHON" "$here/torture.py" --sigfetch "$SIGFETCH" "$@"
