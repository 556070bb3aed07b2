#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-contrib: contrib/sigfetch.conf.sample names every setting that the man
# page's CONFIGURATION documents and every [defaults] key of CLI.md, and
# sigfetch loads it both as shipped and with every setting uncommented
# (the [defaults] section only where this build knows it); the systemd
# units pass systemd-analyze verify (skipped without it) apart from the
# binary and the man page not being installed here.
. "$(dirname "$0")/lib.sh"
t_setup
sample=$top_srcdir/contrib/sigfetch.conf.sample
man=$top_srcdir/man/sigfetch.1
[ -r "$sample" ] || fail "no $sample"
defaults_keys="jobs connections retries retry_delay connect_timeout
  stall_timeout max_time limit_rate proxy noproxy user_agent cacert progress
  skip_existing"

# key_in SECTION KEY: the sample has "KEY =" or "# KEY =" in [SECTION]
key_in()
{
  awk -v sec="$1" -v key="$2" '
    /^\[/ { cur = $0; gsub(/[][]/, "", cur); next }
    cur == sec && $0 ~ "^(# )?" key " =" { found = 1 }
    END { exit !found }' "$sample"
}

note "every documented setting is in the sample"
sed -n '/^\.SH CONFIGURATION/,/^\.SH ENVIRONMENT/p' "$man" |
  sed -nE 's/^\.B ([a-z]+)\.([a-z0-9_]+)$/\1 \2/p' | sort -u >keys
[ "$(wc -l <keys)" -ge 20 ] || fail "too few settings found in the man page: $(wc -l <keys)"
while read -r sec key; do
  key_in "$sec" "$key" || fail "the sample lacks $sec.$key"
done <keys
for key in $defaults_keys; do
  key_in defaults "$key" || fail "the sample lacks [defaults] $key"
done

# load FILE: sigfetch reads FILE as its configuration (a direct URL needs
# no setting; --resolve-only makes no request); sets $rc.
load()
{
  chmod 600 "$1"
  run --config "$1" --resolve-only "$BASE/files/x.bin"
}
defaults_known=false
printf '[defaults]\njobs = 4\n' >probe.conf
load probe.conf
[ "$rc" = 0 ] && defaults_known=true
note "[defaults] known to this build: $defaults_known"

note "the sample loads as shipped"
if $defaults_known; then
  cp "$sample" shipped.conf
else
  awk '/^\[defaults\]/ { skip = 1; next } /^\[/ { skip = 0 } !skip' \
    "$sample" >shipped.conf
fi
load shipped.conf
expect_rc 0
expect_no_stderr 'warning'

note "the sample loads with every setting uncommented"
awk -v keep="$defaults_known" '
  /^\[defaults\]/ { skip = (keep != "true") }
  /^\[/ && !/^\[defaults\]/ { skip = 0 }
  skip { next }
  { if ($0 ~ /^# [a-z0-9_]+ =/) $0 = substr($0, 3); print }' \
  "$sample" >all.conf
grep -c -E '^[a-z0-9_]+ =' all.conf >n.keys
[ "$(cat n.keys)" -ge "$(wc -l <keys)" ] || fail "too few settings uncommented: $(cat n.keys)"
load all.conf
expect_rc 0

if command -v systemd-analyze >/dev/null 2>&1; then
  note "systemd-analyze verify"
  for u in sigfetch-backup.service sigfetch-backup.timer; do
    cp "$top_srcdir/contrib/systemd/$u" .
  done
  systemd-analyze verify ./sigfetch-backup.service ./sigfetch-backup.timer \
    >verify.out 2>&1
  grep -v -E 'sigfetch is not executable|man sigfetch\(1\)|^$' verify.out \
    >verify.bad
  [ -s verify.bad ] && fail "systemd-analyze verify: $(head -n 5 verify.bad)"
fi
t_pass
