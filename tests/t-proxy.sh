#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-proxy: downloads and provider API calls go through --proxy (an
# absolute-URI GET for http, a CONNECT tunnel for https) or through
# libcurl's http_proxy variable; --noproxy bypasses it; a proxy refusing
# CONNECT (407, 403) is exit 5 at once, naming the proxy's answer; the
# credentials of a proxy URL never reach any output or file; --user-agent
# (default sigfetch/VERSION) is what the server sees.  The proxy is
# tests/fakeprov/proxy.py, which logs every request it gets.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-kdocs.sh"
command -v openssl >/dev/null 2>&1 || t_skip "needs the openssl CLI"
t_setup
kdocs_setup
mkfile root/a.bin 200K
mkfile root/report.docx 30000
# the proxies tests here want: lib.sh's no_proxy='*' would bypass them
unset no_proxy NO_PROXY
PROXY_PY=$srcdir/fakeprov/proxy.py
VERSION=$("$SIGFETCH" --version | sed -n '1s/^sigfetch //p')

# start_proxy NAME ARGS...: a proxy.py in the background; $PROXY_PORT
start_proxy()
{
  local name=$1 i=0
  shift
  "$PYTHON" "$PROXY_PY" --port-file "srv/$name.port" --log "srv/$name.log" \
    "$@" 2>"srv/$name.err" </dev/null &
  T_BG_PIDS="$T_BG_PIDS $!"
  while [ ! -s "srv/$name.port" ]; do
    i=$((i + 1))
    [ "$i" -gt 100 ] && fail "proxy $name wrote no port within 5 s"
    sleep 0.05
  done
  PROXY_PORT=$(cat "srv/$name.port")
  touch "srv/$name.log"
}

# proxied NAME: how many requests proxy NAME got
proxied() { wc -l <"srv/$1.log" | tr -d ' '; }

start_proxy p
P=http://127.0.0.1:$PROXY_PORT

note "--proxy: an absolute-URI GET through the proxy"
run --json "$BASE/files/a.bin" --proxy "$P"
expect_rc 0
expect_same a.bin root/a.bin
[ "$(proxied p)" = 1 ] || fail "the proxy saw $(proxied p) requests, not 1"
grep -q "\"GET\", \"target\": \"$BASE/files/a.bin\"" srv/p.log ||
  fail "the proxy did not get GET $BASE/files/a.bin: $(cat srv/p.log)"
grep -q "\"user_agent\": \"sigfetch/$VERSION\"" srv/p.log ||
  fail "default User-Agent is not sigfetch/$VERSION: $(cat srv/p.log)"

note "http_proxy from the environment"
rm -f a.bin
http_proxy=$P run "$BASE/files/a.bin"
expect_rc 0
expect_same a.bin root/a.bin
[ "$(proxied p)" = 2 ] || fail "http_proxy: the proxy saw $(proxied p) requests"

note "--noproxy bypasses both"
rm -f a.bin
http_proxy=$P run "$BASE/files/a.bin" --proxy "$P" --noproxy 127.0.0.1
expect_rc 0
expect_same a.bin root/a.bin
[ "$(proxied p)" = 2 ] || fail "--noproxy: the proxy saw a request"

note "provider API call and download both through --proxy"
export FT=tokPROXY1
kdocs_ctl "{\"files\":{\"$FT\":\"report.docx\"}}"
run --json "kdocs:personal/$FT" --proxy "$P"
expect_rc 0
expect_same "$FT" root/report.docx
grep -q "\"target\": \"$BASE$KD_PERSONAL/$FT/download" srv/p.log ||
  fail "the provider call did not go through the proxy: $(cat srv/p.log)"
grep -q "\"target\": \"$BASE/kdocs-store/report.docx" srv/p.log ||
  fail "the signed URL was not fetched through the proxy"
expect_no_kdocs_secret

note "--user-agent"
rm -f a.bin
server_reset
run --user-agent "probe/1 (test)" "$BASE/files/a.bin"
expect_rc 0
expect_log 'gets("/files/a.bin")[0]["headers"]["user-agent"] == "probe/1 (test)"' \
  "User-Agent: probe/1 (test)"

note "credentials in the proxy URL are sent but never shown"
PW=proxyPASSWORD-7e1
start_proxy auth --auth "alice:$PW"
rm -f a.bin
run -v --json "$BASE/files/a.bin" --proxy "http://alice:$PW@127.0.0.1:$PROXY_PORT"
expect_rc 0
expect_same a.bin root/a.bin
grep -q '"proxy_auth": "Basic ' srv/auth.log || fail "no credentials sent"
B64=$(printf 'alice:%s' "$PW" | base64)
expect_no_secret "$PW"
expect_no_secret "$B64"
rm -f a.bin
run --retries 0 "$BASE/files/a.bin" --proxy "http://alice:wrong-$PW@127.0.0.1:$PROXY_PORT"
expect_rc 5
expect_no_secret "$PW"

note "https through a CONNECT tunnel"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 \
  -addext subjectAltName=IP:127.0.0.1 \
  -keyout srv/key.pem -out srv/cert.pem >/dev/null 2>&1 ||
  t_skip "openssl cannot make a self-signed certificate"
"$PYTHON" "$FAKEPROV" --root root --port-file srv/tls.port --log srv/tls.log \
  --tls-cert srv/cert.pem --tls-key srv/key.pem 2>srv/tls.err </dev/null &
T_BG_PIDS="$T_BG_PIDS $!"
i=0
while [ ! -s srv/tls.port ]; do
  i=$((i + 1))
  [ "$i" -gt 100 ] && fail "TLS fakeprov wrote no port"
  sleep 0.05
done
HTTPS=https://127.0.0.1:$(cat srv/tls.port)
rm -f a.bin
before=$(proxied p)
run --cacert srv/cert.pem "$HTTPS/files/a.bin" --proxy "$P"
expect_rc 0
expect_same a.bin root/a.bin
tail -n +$((before + 1)) srv/p.log | grep -q "\"CONNECT\", \"target\": \"127.0.0.1:$(cat srv/tls.port)\"" ||
  fail "no CONNECT for the https download: $(cat srv/p.log)"

for code in 407 403; do
  note "a proxy answering $code to CONNECT"
  start_proxy "refuse$code" --connect-status "$code"
  rm -f a.bin
  run --json --retry-delay 0.05 --cacert srv/cert.pem "$HTTPS/files/a.bin" \
    --proxy "127.0.0.1:$PROXY_PORT"
  expect_rc 5
  expect_no_file a.bin
  expect_stderr "proxy answered $code to CONNECT"
  expect_json 'j[0]["error"]["exit_code"] == 5' "exit_code 5"
  [ "$(proxied "refuse$code")" = 1 ] ||
    fail "$code: the proxy was asked $(proxied "refuse$code") times (a refusal is final)"
done

note "a bad proxy URL is a usage error"
run --proxy "ftp://127.0.0.1:$PROXY_PORT" "$BASE/files/a.bin"
expect_rc 2
expect_stderr "proxy: expected"
t_pass
