#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-version: --version is GNU style (first line "sigfetch VERSION", the
# licence) and names the libcurl, OpenSSL, cJSON and libarchive versions
# in use: the test asks the very shared libraries the binary loads (ldd)
# for their versions through ctypes and compares.
. "$(dirname "$0")/lib.sh"
command -v ldd >/dev/null 2>&1 || t_skip "needs ldd"
t_setup

run --version
expect_rc 0
head -n 1 out | grep -E -x 'sigfetch [0-9]+\.[0-9]+\.[0-9]+' >/dev/null ||
  fail "first line: $(head -n 1 out)"
grep -q '^License GPLv3+' out || fail "no licence line"
grep -E -x 'libcurl/[^ ]+ OpenSSL/[^ ]+ cJSON/[^ ]+ libarchive/[^ ]+' out >libs ||
  fail "no 'libcurl/X OpenSSL/Y cJSON/Z libarchive/W' line"
ldd "$SIGFETCH" >ldd.out || t_skip "ldd cannot read $SIGFETCH"
"$PYTHON" - ldd.out "$(cat libs)" <<'EOF2' >want || fail "cannot ask the libraries: $(cat want)"
import ctypes, re, sys
paths = {}
for line in open(sys.argv[1]):
    m = re.match(r"\s*(lib(curl|cjson|archive|crypto)\.so[.\d]*) => (\S+)", line)
    if m:
        paths[m.group(2)] = m.group(3)
def call(lib, fn, *args):
    f = getattr(ctypes.CDLL(paths[lib]), fn)
    f.restype = ctypes.c_char_p
    return f(*args).decode()
curl = call("curl", "curl_version").split()[0].split("/")[1]
ossl = call("crypto", "OpenSSL_version", 0).split()[1]  # "OpenSSL 3.0.x ..."
cjson = call("cjson", "cJSON_Version")
arch = call("archive", "archive_version_string").split()[-1]
print("libcurl/%s OpenSSL/%s cJSON/%s libarchive/%s" % (curl, ossl, cjson, arch))
EOF2
[ "$(cat want)" = "$(cat libs)" ] ||
  fail "--version says '$(cat libs)', the loaded libraries say '$(cat want)'"
grep -q "^libcurl: libcurl/" out || fail "no libcurl details line"
grep -q "^libarchive: libarchive " out || fail "no libarchive details line"
t_pass
