#!/usr/bin/env bash
# t-bench-quick: bench/run.sh --quick runs every case against the built
# binary (so the bench cannot rot) within 60 s, and what it counts holds:
# -j 16 over HTTPS to an HTTP/2 nginx is ONE connection (requests
# multiplexed, as curl -Z does), N TCB locators resolve in ceil(N/50)
# batch calls, every sigfetch run exits 0 (the big file verified by
# --sha1).  Skips only when nginx (ssl, http_v2), curl or openssl is
# missing or nginx cannot start here.
. "$(dirname "$0")/lib.sh"
for tool in nginx curl openssl; do
  command -v "$tool" >/dev/null 2>&1 || t_skip "needs $tool (tests/install-deps.sh)"
done
nginx -V 2>&1 | grep -q -- --with-http_v2_module ||
  t_skip "nginx has no http_v2 module"
t_setup
chmod 755 "$T_DIR" # nginx's workers run as another user
n=120
note "bench/run.sh --quick, BENCH_SMALL_N=$n"
start=$(date +%s)
BENCH_SMALL_N=$n TMPDIR=$T_DIR timeout 100 sh "$top_srcdir/bench/run.sh" --quick \
  "$SIGFETCH" >bench.out 2>&1
rc=$?
took=$(( $(date +%s) - start ))
sed 's/^/  | /' bench.out
grep -q "nginx did not start\|nginx is needed" bench.out &&
  t_skip "nginx cannot start here: $(grep -m1 nginx bench.out)"
[ "$rc" = 0 ] || fail "bench/run.sh --quick exited $rc"
[ "$took" -lt 60 ] || fail "bench/run.sh --quick took ${took}s (limit 60)"
! grep -q "failed\|not measured" bench.out || fail "a case failed or was not measured"
for c in openssl dd sigfetch-tmpfs curl-tmpfs sigfetch sigfetch-small \
         curl-small sigfetch-h2 curl-h2 sigfetch-tcb sigfetch-direct \
         sigfetch-list; do
  grep -Eq "^  $c +[0-9.]+ s  cpu +[0-9.]+ s +[0-9.]+ MiB" bench.out ||
    fail "no measurement for $c"
done
grep -q "^  sigfetch-h2: 1 connection(s), HTTP/2.0" bench.out ||
  fail "sigfetch did not multiplex -j 16 over one HTTP/2 connection"
grep -q "batchdownloadfile calls for $n locators: 3 (target 3)" bench.out ||
  fail "expected 3 batchdownloadfile calls for $n locators"
t_pass
