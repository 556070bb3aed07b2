# bench/setup.sh - sourced by bench/run.sh and bench/ab.sh: test files
# (BIG_MB MiB big.bin, SEG_MB MiB seg.bin, SMALL_N small files) and a local
# nginx on 127.0.0.1 serving them; sets work, base, big_sha1, seg_sha1 and
# writes $work/small.list (URLs) and $work/small.curl (curl -K).  Removes
# everything on exit.
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
chmod -R a+rX "$work/www"
big_sha1=$(sha1sum "$work/www/big.bin" | cut -d' ' -f1)
seg_sha1=$(sha1sum "$work/www/seg.bin" | cut -d' ' -f1)

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
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
}
NGINX
nginx -c "$work/nginx.conf" -p "$work" &
nginx_pid=$!
sleep 0.5
base=http://127.0.0.1:$port

: > "$work/small.list"
: > "$work/small.curl"
i=1
while [ $i -le "$SMALL_N" ]; do
  echo "$base/small/f$i.bin" >> "$work/small.list"
  printf 'url = "%s/small/f%d.bin"\noutput = "%s/out/f%d.bin"\n' "$base" $i \
    "$work" $i >> "$work/small.curl"
  i=$((i + 1))
done

