#!/bin/sh
# Install what building and testing sigfetch needs on Debian 12 (as root),
# and generate the zh_CN.UTF-8 locale the translation test uses.  Installs
# nothing that is already there, so it is cheap to run again.
set -e
pkgs="build-essential autoconf automake autopoint gettext pkg-config
  libcurl4-openssl-dev libcjson-dev libssl-dev libarchive-dev check
  python3 locales groff-base curl libarchive-tools procps"
missing=
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
    missing="$missing $p"
done
if [ -n "$missing" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
if ! locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$'; then
  if [ -f /etc/locale.gen ]; then
    sed -i 's/^# *\(zh_CN.UTF-8 UTF-8\)/\1/' /etc/locale.gen
    grep -q '^zh_CN.UTF-8 UTF-8' /etc/locale.gen ||
      echo 'zh_CN.UTF-8 UTF-8' >> /etc/locale.gen
    locale-gen >/dev/null
  fi
fi
