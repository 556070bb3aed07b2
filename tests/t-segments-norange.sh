#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-segments-norange: with -x 4, a server that says "Accept-Ranges: bytes"
# but answers every Range request with 200 and the whole file (ignore_range
# for ever) makes sigfetch fall back to one connection: exit 0, the file
# byte-identical and its sha1 verified, no retry storm (at most one request
# per planned connection plus one), nothing left behind.
. "$(dirname "$0")/lib.sh"
t_setup
mkfile root/big.bin 16M
SIZE=$((16 << 20))
SHA1=$(sha1_of root/big.bin)
export SIZE SHA1
fault '{"path":"/files/big.bin","fault":"ignore_range","count":-1}'

run -v -x 4 --retries 3 --retry-delay 0.05 --json --sha1 "$SHA1" \
  "$BASE/files/big.bin"
gets=$(log_query 'len(gets("/files/big.bin"))')
note "exit $rc after $gets GETs"
expect_rc 0
expect_same big.bin root/big.bin
expect_no_partial big.bin
expect_json 'len(j) == 1 and j[0]["status"] == "ok" and j[0]["sha1"] == E["SHA1"] and j[0]["size"] == int(E["SIZE"])' \
  "--json: ok with the real sha1 and size"
expect_log 'len(gets("/files/big.bin")) <= 5' \
  "at most 5 GETs (4 planned connections + 1), not a retry storm"
expect_log 'any(e["status"] == 200 and e["bytes_sent"] == int(E["SIZE"]) for e in gets("/files/big.bin"))' \
  "one 200 delivered the whole file (the single connection)"
expect_only_files big.bin
t_pass
