#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-long-name: a name from the server (or a URL's last segment) longer
# than a file name may be
# (issue 10 item 5) is shortened before the download: at most 255 bytes
# with the longest sidecar suffix, cut on a UTF-8 character boundary, its
# extension kept, and two long names that share a prefix stay two files.
. "$(dirname "$0")/lib.sh"
t_setup
mkfile root/a.bin 20K
mkfile root/b.bin 30K 2
# 100 x U+4E2D (300 bytes) then a distinct tail and ".bin"
long=$("$PYTHON" -c 'import urllib.parse; print(urllib.parse.quote("\u4e2d" * 100))')
fault "{\"path\":\"/files/a.bin\",\"fault\":\"headers\",
        \"headers\":{\"Content-Disposition\":\"attachment; filename*=UTF-8''${long}A.bin\"}}"
fault "{\"path\":\"/files/b.bin\",\"fault\":\"headers\",
        \"headers\":{\"Content-Disposition\":\"attachment; filename*=UTF-8''${long}B.bin\"}}"
mkdir dl
run --json --retry-delay 0.05 -P dl "$BASE/files/a.bin" "$BASE/files/b.bin"
expect_rc 0
[ "$(find dl -type f | wc -l)" = 2 ] || fail "expected two files: $(ls dl)"
"$PYTHON" - dl <<'PY' || fail "names not shortened as expected: $(ls dl)"
import os, sys
names = os.listdir(sys.argv[1].encode())
assert len(names) == 2, names
for n in names:
    assert len(n) + len(b".sfstate.tmp") <= 255, (len(n), n)
    s = n.decode("utf-8")               # whole characters only
    assert s.endswith(".bin"), s
    assert s.startswith("\u4e2d" * 50), s
PY
for f in dl/*; do
  case $(size_of "$f") in
    20480) expect_same "$f" root/a.bin ;;
    30720) expect_same "$f" root/b.bin ;;
    *) fail "$f: unexpected size" ;;
  esac
done
expect_json 'all(o["status"] == "ok" for o in j) and len(j) == 2' "both ok"

note "a long last segment of the URL"
mkdir dl2
fault "{\"path\":\"/files/${long}.tar.gz\",\"fault\":\"redirect\",
        \"location\":\"$BASE/files/a.bin\"}"
run --retry-delay 0.05 -P dl2 "$BASE/files/${long}.tar.gz"
expect_rc 0
n=$(ls dl2)
[ "$(printf '%s' "$n" | wc -c)" -le 243 ] || fail "name too long: $n"
case $n in
  *.gz) ;;
  *) fail "extension lost: $n" ;;
esac
expect_same "dl2/$n" root/a.bin
t_pass
