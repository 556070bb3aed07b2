#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-integrity-headers: the storage's own checks verify a file that comes
# without a provider sha1 (PROVIDERS.md 6.3): x-oss-hash-crc64ecma and
# x-cos-hash-crc64ecma (CRC-64/XZ in decimal, the whole object's even on a
# ranged answer) and Content-MD5 (base64) on a 200.
#   - right CRC-64 (OSS, COS) and right Content-MD5: exit 0
#   - wrong CRC-64, wrong Content-MD5: exit 6 naming the check, no file,
#     no partial
#   - resume: the state remembers the CRC-64, the rerun hashes the kept
#     partial into it: a byte flipped in the partial is caught (exit 6)
. "$(dirname "$0")/lib.sh"
t_setup
mkfile root/a.bin 3M 1
mkfile root/b.bin 3M 2

crc64() {
  "$PYTHON" - "$1" <<'EOF2'
import sys
poly = 0xC96C5795D7870F42
table = []
for i in range(256):
    v = i
    for _ in range(8):
        v = (v >> 1) ^ (poly if v & 1 else 0)
    table.append(v)
crc = 0xFFFFFFFFFFFFFFFF
for b in open(sys.argv[1], "rb").read():
    crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8)
print(crc ^ 0xFFFFFFFFFFFFFFFF)
EOF2
}
CRC=$(crc64 root/a.bin)
[ "$("$PYTHON" -c 'print(1)')" = 1 ] || fail "python"
check=$(printf 123456789 > nine; crc64 nine)
[ "$check" = 11051210869376104954 ] || fail "the test's CRC-64 is wrong: $check"
MD5B64=$("$PYTHON" -c 'import base64, hashlib, sys; print(base64.b64encode(hashlib.md5(open(sys.argv[1], "rb").read()).digest()).decode())' root/a.bin)

note "right CRC-64 (OSS), then (COS), right Content-MD5"
fault "{\"path\":\"/files/a.bin\",\"fault\":\"headers\",\"headers\":{\"x-oss-hash-crc64ecma\":\"$CRC\"}}"
run --json "$BASE/files/a.bin"
expect_rc 0
expect_same a.bin root/a.bin
rm -f a.bin
fault "{\"path\":\"/files/a.bin\",\"fault\":\"headers\",\"headers\":{\"x-cos-hash-crc64ecma\":\"$CRC\",\"Content-MD5\":\"$MD5B64\"}}"
run --json "$BASE/files/a.bin"
expect_rc 0
expect_same a.bin root/a.bin
rm -f a.bin

note "wrong CRC-64"
fault "{\"path\":\"/files/a.bin\",\"fault\":\"headers\",\"headers\":{\"x-oss-hash-crc64ecma\":\"12345\"}}"
run --json "$BASE/files/a.bin"
expect_rc 6
expect_stderr 'crc64 mismatch'
expect_no_file a.bin
expect_no_partial a.bin

note "wrong Content-MD5"
fault '{"path":"/files/a.bin","fault":"headers","headers":{"Content-MD5":"AAAAAAAAAAAAAAAAAAAAAA=="}}'
run --json "$BASE/files/a.bin"
expect_rc 6
expect_stderr 'md5 mismatch'
expect_no_file a.bin
expect_no_partial a.bin

note "resume: the kept partial is hashed into the CRC-64"
CRCB=$(crc64 root/b.bin)
fault "{\"path\":\"/files/b.bin\",\"fault\":\"rate\",\"bps\":524288,\"headers\":{\"x-oss-hash-crc64ecma\":\"$CRCB\"}}"
interrupted_download 9 "$BASE/files/b.bin" b.bin --retry-delay 0.05
expect_partial b.bin
grep -q '"crc64"' b.bin.sfstate || fail "the state does not remember the CRC-64: $(cat b.bin.sfstate)"
"$PYTHON" - b.bin.sfpart <<'EOF2'
import sys
with open(sys.argv[1], "r+b") as f:
    f.seek(1000)
    b = f.read(1)
    f.seek(1000)
    f.write(bytes([b[0] ^ 1]))
EOF2
fault "{\"path\":\"/files/b.bin\",\"fault\":\"headers\",\"headers\":{\"x-oss-hash-crc64ecma\":\"$CRCB\"}}"
run --json --retry-delay 0.05 "$BASE/files/b.bin"
expect_rc 6
expect_stderr 'crc64 mismatch'
expect_no_file b.bin
t_pass
