#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-progress-plain: --progress=plain writes "sigfetch: NAME: P%" lines to
# stderr (P within 0-100, never going down per file, 100% last), no
# terminal control characters, and nothing progress-like on stdout, where
# --json lines stay valid; --progress=auto (the default) with stderr not a
# terminal, and --progress=none, print no progress at all.
. "$(dirname "$0")/lib.sh"
t_setup
mkfile root/a.bin 1M
mkfile root/b.bin 1500K

slow()
{
  fault '{"path":"/files/a.bin","fault":"rate","bps":1000000}'
  fault '{"path":"/files/b.bin","fault":"rate","bps":1000000}'
}
progress_re='[0-9]+%|[0-9.]+ (B|KiB|MiB)/s|ETA'

# expect_clean_stdout N: stdout is N valid --json lines with no progress.
expect_clean_stdout()
{
  expect_json 'len(j) == '$1' and all(o["status"] == "ok" for o in j)' \
    "stdout: $1 ok --json lines"
  grep -q -E "$progress_re" out && fail "progress on stdout: $(grep -E "$progress_re" out | head -2)"
  grep -q "$(printf '\r\|\033')" out && fail "stdout holds control characters"
  return 0
}

note "--progress=plain"
slow
mkdir p
run --progress=plain --json -j 2 --retry-delay 0.05 -P p \
  "$BASE/files/a.bin" "$BASE/files/b.bin"
expect_rc 0
expect_same p/a.bin root/a.bin
expect_same p/b.bin root/b.bin
expect_clean_stdout 2
grep -q "$(printf '\r\|\033')" err && fail "plain progress holds control characters"
for f in a b; do
  grep -E "^sigfetch: ([^ :]*/)?$f\.bin: +[0-9]+%" err | sed -E 's/^[^:]*: [^:]*: +([0-9]+)%.*/\1/' >$f.pct
  [ -s $f.pct ] || fail "no 'sigfetch: $f.bin: N%' line on stderr"
  awk '$1 < 0 || $1 > 100 { bad = 1 } NR > 1 && $1 < last { bad = 1 } { last = $1 } END { exit bad }' \
    $f.pct || fail "$f.bin: percentages out of range or going down: $(tr '\n' ' ' <$f.pct)"
  [ "$(tail -1 $f.pct)" = 100 ] || fail "$f.bin: the last line is not 100%"
done
grep -E "^sigfetch: ([^ :]*/)?b\.bin: 100% +1\.5 MiB +[0-9.]+ (B|KiB|MiB)/s" err >/dev/null ||
  fail "b.bin's last line shows no size and rate: $(grep 'b.bin: 100%' err)"
grep -E "^sigfetch: ([^ :]*/)?[ab]\.bin: 100% .* 0 B/s" err &&
  fail "a final line shows a rate of 0"

note "--progress=auto, stderr not a terminal"
slow
mkdir auto
run --progress=auto --json -j 2 --retry-delay 0.05 -P auto \
  "$BASE/files/a.bin" "$BASE/files/b.bin"
expect_rc 0
expect_clean_stdout 2
expect_no_stderr "$progress_re"
grep -q "$(printf '\r\|\033')" err && fail "stderr holds control characters"

note "default (auto), stderr not a terminal"
slow
mkdir def
run --json -j 2 --retry-delay 0.05 -P def "$BASE/files/a.bin" \
  "$BASE/files/b.bin"
expect_rc 0
expect_clean_stdout 2
expect_no_stderr "$progress_re"

note "--progress=none"
mkdir none
run --progress=none --json --retry-delay 0.05 -P none "$BASE/files/a.bin"
expect_rc 0
expect_clean_stdout 1
expect_no_stderr "$progress_re"

note "--progress=sometimes is a usage error"
run --progress=sometimes "$BASE/files/a.bin"
expect_rc 2
expect_no_file a.bin
t_pass
