#!/usr/bin/env python3
# archive-inspect.py - list an archive written by sigfetch --archive, for the
# t-archive-* tests.  SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: archive-inspect.py ARCHIVE WORKDIR
# Prints one JSON list, in archive order, of regular-file entries:
#   {"name", "size", "mode" (permission bits), "mtime" (whole seconds),
#    "sha1", "text" (the content when it is SHA1SUMS, else null)}
# .tar, .tar.gz, .tgz, .tar.xz and .zip are read with the standard library;
# .tar.zst with bsdtar (or zstd -dc | tarfile); .7z with bsdtar, which
# extracts into WORKDIR.  Exit 77 when the tool a format needs is missing,
# 1 when the archive cannot be read.

import hashlib
import io
import json
import os
import shutil
import struct
import subprocess
import sys
import tarfile
import zipfile

UTF8 = dict(os.environ, LC_ALL="C.UTF-8")


def entry(name, data, mode, mtime):
    return {"name": name, "size": len(data), "mode": mode & 0o7777,
            "mtime": int(mtime), "sha1": hashlib.sha1(data).hexdigest(),
            "text": data.decode("utf-8", "replace")
            if name == "SHA1SUMS" else None}


def from_tar(fileobj=None, path=None):
    out = []
    with tarfile.open(name=path, fileobj=fileobj, mode="r:*") as tf:
        for m in tf.getmembers():
            if m.isdir():
                continue
            if not m.isfile():
                raise SystemExit("entry %r is not a regular file" % m.name)
            out.append(entry(m.name, tf.extractfile(m).read(), m.mode,
                             m.mtime))
    return out


def zip_mtime(info):
    """The extended-timestamp (0x5455) mtime, else the DOS time as UTC."""
    extra = info.extra
    while len(extra) >= 4:
        tag, size = struct.unpack("<HH", extra[:4])
        body = extra[4:4 + size]
        if tag == 0x5455 and size >= 5 and body[0] & 1:
            return struct.unpack("<i", body[1:5])[0]
        extra = extra[4 + size:]
    import calendar
    return calendar.timegm(info.date_time + (0, 0, 0))


def from_zip(path):
    out = []
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            if info.is_dir():
                continue
            out.append(entry(info.filename, zf.read(info),
                             info.external_attr >> 16, zip_mtime(info)))
    return out


def with_bsdtar(path, workdir):
    names = subprocess.run(["bsdtar", "-tf", path], env=UTF8, check=True,
                           stdout=subprocess.PIPE).stdout.decode()
    dest = os.path.join(workdir, "x")
    shutil.rmtree(dest, ignore_errors=True)
    os.makedirs(dest)
    subprocess.run(["bsdtar", "-xpf", os.path.abspath(path), "-C", dest],
                   env=UTF8, check=True)
    out = []
    for name in names.splitlines():
        full = os.path.join(dest, name)
        if os.path.isdir(full):
            continue
        st = os.lstat(full)
        with open(full, "rb") as fh:
            out.append(entry(name, fh.read(), st.st_mode, st.st_mtime))
    return out


def main():
    path, workdir = sys.argv[1], sys.argv[2]
    low = path.lower()
    have_bsdtar = shutil.which("bsdtar") is not None
    if low.endswith(".zip"):
        got = from_zip(path)
    elif low.endswith(".7z"):
        if not have_bsdtar:
            sys.exit(77)
        got = with_bsdtar(path, workdir)
    elif low.endswith(".tar.zst"):
        if have_bsdtar:
            got = with_bsdtar(path, workdir)
        elif shutil.which("zstd"):
            raw = subprocess.run(["zstd", "-dc", path], check=True,
                                 stdout=subprocess.PIPE).stdout
            got = from_tar(fileobj=io.BytesIO(raw))
        else:
            sys.exit(77)
    else:
        got = from_tar(path=path)
    print(json.dumps(got))


if __name__ == "__main__":
    main()
