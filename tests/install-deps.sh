#!/bin/sh
# Install what building and testing sigfetch needs on Debian 12 (as root;
# nginx-light, wget2, aria2: bench/run.sh and tests/t-bench-quick.sh;
# strace: tests/t-seg-writeback.sh),
# and generate the zh_CN.UTF-8 and de_DE.UTF-8 locales the tests use.  Installs
# nothing that is already there, so it is cheap to run again.
set -e
pkgs="build-essential autoconf automake autopoint gettext pkg-config
  libcurl4-openssl-dev libcjson-dev libssl-dev libarchive-dev check
  python3 locales groff-base curl libarchive-tools procps mandoc zsh
  bsdutils python3-prometheus-client python3-yaml nginx-light wget2 aria2
  openssl strace"
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
# zh_CN.UTF-8: the translation test; de_DE.UTF-8: t-locale-number (a
# locale whose decimal separator is a comma).
gen=
for loc in zh_CN de_DE; do
  locale -a 2>/dev/null | grep -qi "^$loc\.utf-\?8\$" && continue
  [ -f /etc/locale.gen ] || continue
  sed -i "s/^# *\($loc.UTF-8 UTF-8\)/\1/" /etc/locale.gen
  grep -q "^$loc.UTF-8 UTF-8" /etc/locale.gen ||
    echo "$loc.UTF-8 UTF-8" >> /etc/locale.gen
  gen=1
done
if [ -n "$gen" ]; then
  locale-gen >/dev/null
fi
