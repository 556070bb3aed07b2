#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-dns-retries: a host name that cannot be resolved is a network failure
# (CLI.md: exit 5 includes DNS failure), retried like any other: with
# --retries 2 the run ends with exit 5, --json reports retries 2, and the
# message names the host and that resolving it failed -- not exit 1
# "cannot set up the transfer" after the first retry.
. "$(dirname "$0")/lib.sh"
t_setup
HOST=nonexistent.invalid.
# RFC 6761: .invalid never resolves; the trailing dot keeps search domains
# out.  Bound the resolver in case a name server is configured but not
# reachable (no network in the test machine).
export RES_OPTIONS='timeout:1 attempts:1'
if getent hosts "$HOST" >/dev/null 2>&1; then
  t_skip "the local resolver answers for $HOST (wildcard DNS)"
fi
t0=$(date +%s)
timeout 5 getent hosts "$HOST" >/dev/null 2>&1
[ $(($(date +%s) - t0)) -lt 4 ] ||
  t_skip "resolving $HOST takes too long here"

run --retries 2 --retry-delay 0.05 --json "http://$HOST/files/a.bin"
expect_rc 5
expect_no_file a.bin
expect_no_stderr -i 'cannot set up'
expect_stderr -i 'resolv'
expect_stderr_fixed 'nonexistent.invalid'
expect_json 'len(j) == 1 and j[0]["status"] == "failed" and j[0]["error"]["exit_code"] == 5 and j[0]["retries"] == 2' \
  "failed, exit_code 5, retries 2"
awk -v e="$elapsed" 'BEGIN { exit !(e < 15) }' ||
  fail "took ${elapsed}s to give up on an unresolvable host"
t_pass
