#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-log-file: --log-file FILE appends every message written to stderr (not
# progress) to FILE, each line prefixed with an ISO 8601 UTC timestamp;
# the -v protocol lines too, masked as on stderr, so a secret-bearing run
# leaves no secret in it; a later run appends; a FILE that cannot be
# opened is exit 7 naming it, before any request; one that cannot be
# written is a warning at the end; an empty name is exit 2.
. "$(dirname "$0")/lib.sh"
t_setup
mkfile root/a.bin 300K
mkfile root/b.bin 10K
SECRET_Q=q5ecretQueryValue77
SECRET_H=h5ecretHeaderValue88
stamp_re='^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z '

note "-v, --progress=plain, a signed query and an Authorization header"
mkdir d
t0=$(date -u +%s)
run -v --progress=plain --retries 0 -P d --log-file run.log \
  -H "Authorization: Bearer $SECRET_H" \
  "$BASE/files/a.bin?access_token=$SECRET_Q&x=1" "$BASE/files/missing.bin"
t1=$(date -u +%s)
expect_rc 5
expect_same d/a.bin root/a.bin
[ -s run.log ] || fail "run.log is missing or empty"
grep -v -E "$stamp_re" run.log | head -3 >bad
[ -s bad ] && fail "log lines without a timestamp: $(cat bad)"
# the log holds exactly the non-progress stderr lines, each stamped
sed -E "s/$stamp_re//" run.log >log.text
grep -v -E '^sigfetch: [^:]*: +[0-9]+%' err >err.text
cmp -s err.text log.text ||
  fail "the log differs from stderr without progress: $(diff err.text log.text | head -5)"
grep -q -E '^sigfetch: [^:]*: +[0-9]+%' log.text && fail "progress lines in the log"
grep -q '^> GET /files/a.bin' log.text || fail "no -v request line in the log"
grep -q '404' log.text || fail "the 404 failure is not in the log"
grep -q -E '^sigfetch: [^:]*: +100%' err || fail "no progress line on stderr"
grep -q -F 'files: 1 ok, 0 skipped, 1 failed' log.text ||
  fail "the end-of-run line is not in the log"
# timestamps are UTC and within the run
"$PYTHON" - run.log "$t0" "$t1" <<'EOF2' || fail "a timestamp outside the run"
import calendar, sys, time
t0, t1 = int(sys.argv[2]), int(sys.argv[3])
for line in open(sys.argv[1], encoding="utf-8"):
    t = calendar.timegm(time.strptime(line[:20], "%Y-%m-%dT%H:%M:%SZ"))
    if not t0 - 1 <= t <= t1 + 1:
        sys.exit(1)
EOF2
expect_no_secret "$SECRET_Q"
expect_no_secret "$SECRET_H"

note "a second run appends"
n=$(wc -l <run.log)
run --log-file run.log --retries 0 -P d "$BASE/files/missing.bin"
expect_rc 5
[ "$(wc -l <run.log)" -gt "$n" ] || fail "the second run did not append"
head -n "$n" run.log | cmp -s - <(sed -n "1,${n}p" run.log) || fail "log rewritten"
tail -n 1 run.log | grep -q -E "${stamp_re}sigfetch: .*missing.bin.*404" ||
  fail "the second run's failure is not the last log line: $(tail -n 1 run.log)"

note "a log file that cannot be opened: exit 7 naming it, no request"
server_reset
run --log-file nodir/x.log "$BASE/files/b.bin"
expect_rc 7
expect_stderr_fixed 'nodir/x.log'
expect_no_file b.bin
expect_log 'len(r) == 0' "no request at all"

note "a log that cannot be written (/dev/full): a warning, the run's status stands"
if [ -w /dev/full ]; then
  mkdir full
  run --log-file /dev/full -P full "$BASE/files/b.bin"
  expect_rc 0
  expect_same full/b.bin root/b.bin
  expect_stderr "warning: --log-file: cannot write to '/dev/full'"
fi

note "--log-file '' is a usage error"
run --log-file '' "$BASE/files/b.bin"
expect_rc 2
expect_stderr_fixed "log-file: the file name is empty"
expect_no_file b.bin
t_pass
