#!/bin/sh
# The README's demo: start the bundled fake provider on 127.0.0.1 (it
# speaks the Kdocs open API), resolve kdocs:personal/report.bin to a signed
# URL, download the 24 MiB file with a progress bar, interrupt it half-way,
# resume it (resolving a fresh URL), verify the size and SHA-1 the provider
# announced, and say where the file is.
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
export SIGFETCH_KDOCS_ENDPOINT="http://127.0.0.1:$(cat "$work/port")"
export SIGFETCH_KDOCS_ACCESS_TOKEN=kdocs-token   # the fake provider's token
locator=kdocs:personal/report.bin

echo "== what the provider says about $locator (secrets redacted)"
"$bin" --resolve-only "$locator"
echo "== downloading (8 MiB/s), interrupting after 1.5 s"
"$bin" --progress=bar -P "$work/downloads" "$locator" &
pid=$!
sleep 1.5
kill -INT "$pid"
wait "$pid" || echo "   (exit status $?: interrupted, partial kept)"
ls -l "$work/downloads"
echo "== resuming: a fresh signed URL, then Range from the bytes on disk"
"$bin" --progress=bar --json -P "$work/downloads" "$locator"
echo "== verified against the provider's size and sha1 $sha1"
echo "== the file is $work/downloads/report.bin"
