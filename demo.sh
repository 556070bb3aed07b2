#!/bin/sh
# The README's demo: start the bundled fake provider on 127.0.0.1, download
# a 24 MiB file through it with a progress bar, interrupt it half-way,
# resume it, verify its SHA-1, and say where the file is.
set -eu
top=$(cd "$(dirname "$0")" && pwd)
bin=${SIGFETCH:-$top/src/sigfetch}
work=$(mktemp -d "${TMPDIR:-/tmp}/sigfetch-demo.XXXXXX")
server=
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; true; }
trap cleanup EXIT INT TERM

mkdir -p "$work/served" "$work/downloads"
head -c $((24 * 1024 * 1024)) /dev/urandom > "$work/served/report.bin"
sha1=$(sha1sum "$work/served/report.bin" | cut -d' ' -f1)
python3 "$top/tests/fakeprov/fakeprov.py" --root "$work/served" \
  --port-file "$work/port" --log "$work/requests.log" \
  --rate $((8 * 1024 * 1024)) &
server=$!
i=0
while [ ! -s "$work/port" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
url="http://127.0.0.1:$(cat "$work/port")/files/report.bin"

echo "== downloading $url (8 MiB/s), interrupting after 1.5 s"
"$bin" --progress=bar --sha1 "$sha1" -P "$work/downloads" "$url" &
pid=$!
sleep 1.5
kill -INT "$pid"
wait "$pid" || echo "   (exit status $?: interrupted, partial kept)"
ls -l "$work/downloads"
echo "== resuming"
"$bin" --progress=bar --sha1 "$sha1" -P "$work/downloads" "$url"
echo "== verified: sha1 $sha1"
echo "== the file is $work/downloads/report.bin"
