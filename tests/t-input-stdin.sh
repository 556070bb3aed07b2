#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-input-stdin: -i - reads the list from standard input, also from a pipe:
# plain and JSON lines, comments and blank lines; a bad line there is named
# "standard input:LINE" (exit 2) and nothing is requested.
. "$(dirname "$0")/lib.sh"
t_setup
mkfile root/a.bin 70001
mkfile root/b.bin 80002
mkfile root/c.bin 90003

# run_stdin LIST ARGS...: like `run`, with LIST piped into standard input.
run_stdin()
{
  local list=$1 t0
  shift
  T_LAST_CMD="sigfetch $* < $list (pipe)"
  t0=$(t__now)
  cat "$list" | timeout -k 5 "$T_TIMEOUT" "$SIGFETCH" "$@" \
    >"$T_DIR/out" 2>"$T_DIR/err"
  rc=$?
  elapsed=$(t__elapsed "$t0")
  if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
    fail "sigfetch did not finish within ${T_TIMEOUT}s (exit $rc)"
  fi
}

cat >list <<EOF
# from a pipe
$BASE/files/a.bin

{"locator":"$BASE/files/b.bin","output":"bee.bin"}
{"locator":"$BASE/files/c.bin","sha1":"$(sha1_of root/c.bin)"}
EOF

mkdir dl
run_stdin list --json --retry-delay 0.05 -P dl -i -
expect_rc 0
expect_same dl/a.bin root/a.bin
expect_same dl/bee.bin root/b.bin
expect_same dl/c.bin root/c.bin
expect_no_file dl/b.bin
expect_json 'len(j) == 3 and all(o["status"] == "ok" for o in j)' \
  "three ok result lines"
expect_log 'all(len(gets("/files/%s.bin" % f)) == 1 for f in "abc")' \
  "one GET each"

note "a regular file as standard input works too"
mkdir dl2
T_LAST_CMD="sigfetch -P dl2 -i - < list"
timeout -k 5 "$T_TIMEOUT" "$SIGFETCH" --retry-delay 0.05 -P dl2 -i - \
  <list >out 2>err
rc=$?
expect_rc 0
expect_same dl2/a.bin root/a.bin
expect_same dl2/bee.bin root/b.bin

note "a bad line on standard input"
cat >bad <<EOF
$BASE/files/a.bin
# comment

{"locator":"$BASE/files/b.bin","output":"x.bin","colour":"red"}
EOF
mkdir dl3
log_mark
run_stdin bad --retry-delay 0.05 -P dl3 -i -
expect_rc 2
expect_stderr 'standard input:4|<stdin>:4|-:4'
expect_stderr_fixed 'colour'
expect_log 'not [e for e in r if e["t_start"] >= float(E["T_MARK"])]' \
  "no request at all"
[ -z "$(ls -A dl3)" ] || fail "dl3/ should be empty: $(ls -A dl3)"

note "an empty standard input"
: >empty
run_stdin empty -P dl3 -i -
[ "$rc" = 0 ] || [ "$rc" = 2 ] ||
  fail "an empty list: exit $rc, expected 0 (nothing to do) or 2 (usage)"
note "empty list: exit $rc"
t_pass
