#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-segments-drop: with -x 4 on a 32 MiB file (pieces of 1 MiB), the
# connection of one piece (the first Range request) drops after 1,000,000
# bytes; only that piece is retried, with a Range from where it stopped to
# its end, and the file is byte-identical, sha1 verified, with retries 1 in
# --json; the Range requests fetch their bytes about once.
. "$(dirname "$0")/lib.sh"
t_setup
mkfile root/big.bin 32M
SIZE=$((32 << 20))
SHA1=$(sha1_of root/big.bin)
export SIZE SHA1
# Faults of a path are taken in order: the main GET comes first and gets a
# harmless one; the next GET, the first segment request, is dropped.
fault '{"path":"/files/big.bin","fault":"rate","bps":1e12}'
fault '{"path":"/files/big.bin","fault":"drop","after":1000000}'

run -v -x 4 --retries 3 --retry-delay 0.05 --json --sha1 "$SHA1" \
  "$BASE/files/big.bin"
expect_rc 0
expect_same big.bin root/big.bin
expect_no_partial big.bin
expect_stderr_fixed '5 segments of 1048576 bytes for 4 connections'
expect_json 'len(j) == 1 and j[0]["status"] == "ok" and j[0]["sha1"] == E["SHA1"] and j[0]["retries"] == 1' \
  "--json: ok, the real sha1, retries 1"
expect_log 'len(gets("/files/big.bin")) >= 5' "at least 5 GETs: 4 connections + 1 retry"
expect_log '[(e["range"] is not None, e["bytes_sent"]) for e in gets("/files/big.bin") if e["fault"] == "drop"] == [(True, 1000000)]' \
  "one segment request dropped after 1000000 bytes"
export DROPPED; DROPPED=$(log_query '[e["range"] for e in gets("/files/big.bin") if e["fault"] == "drop"][0]')
note "dropped: $DROPPED"
expect_log '(lambda a, b: len([e for e in gets("/files/big.bin") if e["range"] and e["range"].startswith("bytes=%d-" % (a + 1000000)) and int(e["range"].split("-")[1]) <= b]) == 1)(*map(int, E["DROPPED"][6:].split("-")))' \
  "the retry asks for the rest of that segment only"
expect_log 'all(e["status"] == 206 for e in gets("/files/big.bin") if e["range"])' \
  "every Range GET is a 206"
expect_log 'sum(e["bytes_sent"] for e in gets("/files/big.bin") if e["range"]) <= int(E["SIZE"]) + (1 << 20)' \
  "the piece requests fetched their bytes about once"
t_pass
