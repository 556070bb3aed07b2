#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-log-file-planted: --log-file FILE in a directory others can write.  A
# symbolic link another user planted at FILE (to a file of ours, such as
# ~/.ssh/authorized_keys, whose content a server-given name could then
# extend) is never written through: exit 7 naming FILE, before any
# request, the target untouched.  A FIFO without a reader does not hang
# the run.  Links of our own (/dev/stderr, a link we made) still work.
# Needs root to give the link another owner.
. "$(dirname "$0")/lib.sh"
t_setup
T_TIMEOUT=15
mkfile root/a.bin 1000
[ "$(id -u)" = 0 ] || t_skip "needs root to plant a link owned by another user"
echo "precious" >victim

note "a link owned by another user: refused"
mkdir -m 1777 shared
ln -s "$T_DIR/victim" shared/run.log
chown -h 65534:65534 shared/run.log || t_skip "cannot chown a link"
server_reset
run --log-file shared/run.log "$BASE/files/a.bin"
expect_rc 7
expect_stderr "shared/run.log.*symbolic link of another user"
[ "$(cat victim)" = precious ] || fail "written through the planted link"
expect_no_file a.bin
expect_log 'len(gets("/files/a.bin")) == 0' "no request"

note "a FIFO without a reader: exit 7, no hang"
mkfifo shared/fifo.log
run --log-file shared/fifo.log "$BASE/files/a.bin"
expect_rc 7
expect_stderr "shared/fifo.log"

note "our own link and /dev/stderr: followed"
ln -s "$T_DIR/mine.log" own.log
run --log-file own.log "$BASE/files/a.bin"
expect_rc 0
grep -q "saved 'a.bin'" mine.log || fail "nothing logged through our own link"
rm -f a.bin
run --log-file /dev/stderr "$BASE/files/a.bin"
expect_rc 0
t_pass
