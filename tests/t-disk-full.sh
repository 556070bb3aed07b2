#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-disk-full: writing the partial fails for want of room (a file size
# limit: EFBIG, since the partial can no longer be a link to /dev/full,
# which sigfetch refuses to write through): exit 7 naming the partial and
# the reason, nothing
# under the output name, the run does not hang or crash; --json says
# kind "local".  Then with room again (--no-continue, a real partial) the
# download completes.
. "$(dirname "$0")/lib.sh"
t_setup
mkfile root/a.bin 1M
SHA1=$(sha1_of root/a.bin)

cat >nospace <<EOF
#!/bin/sh
exec "$PYTHON" -c 'import os, resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
hard = resource.getrlimit(resource.RLIMIT_FSIZE)[1]
resource.setrlimit(resource.RLIMIT_FSIZE, (100000, hard))
os.execv(sys.argv[1], sys.argv[1:])' "$SIGFETCH" "\$@"
EOF
chmod +x nospace
real=$SIGFETCH
SIGFETCH=$T_DIR/nospace
run --retry-delay 0.05 --json "$BASE/files/a.bin"
SIGFETCH=$real
expect_rc 7
expect_stderr 'a\.bin\.sfpart.*(No space left|space|too large)'
expect_no_file a.bin
expect_json 'len(j) == 1 and j[0]["status"] == "failed" and j[0]["error"]["exit_code"] == 7 and j[0]["error"]["kind"] == "local"' \
  "one failed result, exit_code 7, kind local"

rm -f a.bin.sfpart a.bin.sfstate
run --retry-delay 0.05 --sha1 "$SHA1" "$BASE/files/a.bin"
expect_rc 0
expect_file a.bin "$SHA1"
expect_no_partial a.bin
t_pass
