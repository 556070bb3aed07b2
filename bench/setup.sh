# bench/setup.sh - sourced by bench/run.sh and bench/ab.sh: test files
# (BIG_MB MiB big.bin, SEG_MB MiB seg.bin, SMALL_N small files) and a local
# nginx on 127.0.0.1 serving them over HTTP ($base) and over HTTPS with
# HTTP/2 ($tbase, self-signed certificate $work/cert.pem, each request's
# connection number in $work/logs/h2.log); sets work, base, tbase,
# big_sha1, seg_sha1 and writes $work/small.list (URLs), $work/small.curl
# (curl -K) and $work/small-h2.list / small-h2.curl.  Removes everything
# on exit.
# SPDX-License-Identifier: GPL-3.0-or-later
work=$(mktemp -d "${TMPDIR:-/var/tmp}/sigfetch-bench.XXXXXX")
nginx_pid=
cleanup() {
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

command -v nginx >/dev/null || { echo "bench: nginx is needed"; exit 1; }
mkdir -p "$work/www/small" "$work/out" "$work/logs"
chmod 755 "$work"  # nginx workers run as an unprivileged user
echo "bench: creating files in $work"
head -c $((BIG_MB * 1048576)) /dev/urandom > "$work/www/big.bin"
head -c $((SEG_MB * 1048576)) /dev/urandom > "$work/www/seg.bin"
i=1
while [ $i -le "$SMALL_N" ]; do
  head -c 65536 /dev/urandom > "$work/www/small/f$i.bin"
  i=$((i + 1))
done
echo ready > "$work/www/ready"  # probed below, whatever the sizes asked
chmod -R a+rX "$work/www"
big_sha1=$(sha1sum "$work/www/big.bin" | cut -d' ' -f1)
seg_sha1=$(sha1sum "$work/www/seg.bin" | cut -d' ' -f1)

freeport() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
port=$(freeport)
tport=$(freeport)
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 \
  -addext subjectAltName=IP:127.0.0.1 -keyout "$work/key.pem" \
  -out "$work/cert.pem" 2>/dev/null
cat > "$work/nginx.conf" <<NGINX
daemon off;
worker_processes 1;
pid $work/nginx.pid;
error_log $work/logs/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  keepalive_requests 100000;
  client_body_temp_path $work/logs;
  proxy_temp_path $work/logs;
  fastcgi_temp_path $work/logs;
  uwsgi_temp_path $work/logs;
  scgi_temp_path $work/logs;
  server {
    listen 127.0.0.1:$port;
    root $work/www;
    location /limited/ { alias $work/www/; limit_rate 20m; }
  }
  log_format conn '\$connection \$server_protocol';
  server {
    listen 127.0.0.1:$tport ssl http2;
    ssl_certificate $work/cert.pem;
    ssl_certificate_key $work/key.pem;
    access_log $work/logs/h2.log conn;
    root $work/www;
  }
}
NGINX
nginx -c "$work/nginx.conf" -p "$work" &
nginx_pid=$!
base=http://127.0.0.1:$port
tbase=https://127.0.0.1:$tport
i=0
until curl -fsS -o /dev/null "$base/ready" 2>/dev/null; do
  i=$((i + 1))
  if [ $i -ge 50 ]; then
    kill -0 "$nginx_pid" 2>/dev/null && echo "bench: nginx cannot serve $work/www" ||
      echo "bench: nginx did not start"
    tail -n 3 "$work/logs/error.log"
    exit 1
  fi
  sleep 0.1
done

: > "$work/small.list"
: > "$work/small.curl"
: > "$work/small-h2.list"
: > "$work/small-h2.curl"
i=1
while [ $i -le "$SMALL_N" ]; do
  echo "$base/small/f$i.bin" >> "$work/small.list"
  printf 'url = "%s/small/f%d.bin"\noutput = "%s/out/f%d.bin"\n' "$base" $i \
    "$work" $i >> "$work/small.curl"
  echo "$tbase/small/f$i.bin" >> "$work/small-h2.list"
  printf 'url = "%s/small/f%d.bin"\noutput = "%s/out/f%d.bin"\n' "$tbase" $i \
    "$work" $i >> "$work/small-h2.curl"
  i=$((i + 1))
done

