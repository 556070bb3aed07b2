# lib-kdocs.sh - helpers for the Kdocs tests (tests/t-kdocs-*.sh).
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Source it after lib.sh and call kdocs_setup after t_setup: the fake
# server (fakeprov/fp_kdocs.py) then accepts the credentials below, and
# sigfetch gets them (and the endpoint) through SIGFETCH_* variables, the
# way a user keeps secrets out of the process list.

KD_TOKEN=kdAccessTOKEN-3f9a1c77
KD_APP_ID=SX20220101TESTAPP
KD_APP_KEY=kdAppKEY-b6e0d2f4a1
KD_PERSONAL=/api/v1/openapi/personal/files
KD_APPSPACE=/api/v1/openapi/appspace/files

# kdocs_ctl JSON: change the fake Kdocs (see fp_kdocs.py "Control").
kdocs_ctl()
{
  t__ctl /_ctl/kdocs "$1" || fail "fakeprov refused kdocs settings $1"
}

# kdocs_setup: credentials on both sides, endpoint for sigfetch.
kdocs_setup()
{
  kdocs_ctl "{\"reset\":true,\"token\":\"$KD_TOKEN\",\"app_id\":\"$KD_APP_ID\",\"app_key\":\"$KD_APP_KEY\"}"
  export SIGFETCH_KDOCS_ENDPOINT=$BASE
  export SIGFETCH_KDOCS_ACCESS_TOKEN=$KD_TOKEN
  export SIGFETCH_KDOCS_APP_ID=$KD_APP_ID
  export SIGFETCH_KDOCS_APP_KEY=$KD_APP_KEY
  export KD_PERSONAL KD_APPSPACE KD_TOKEN KD_APP_ID KD_APP_KEY
}

# kdocs_resolves KIND TOKEN: how many resolve calls (KIND personal or app)
# the server has logged for TOKEN.
kdocs_resolves()
{
  local prefix=$KD_PERSONAL
  [ "$1" = app ] && prefix=$KD_APPSPACE
  log_query "len(reqs(\"$prefix/$2/download\"))"
}

# expect_no_kdocs_secret: none of the credentials, nor any storage
# signature the server issued, is in sigfetch's output or files.
expect_no_kdocs_secret()
{
  local s
  for s in "$KD_TOKEN" "$KD_APP_KEY" $(kdocs_issued_sigs); do
    expect_no_secret "$s"
  done
}

# kdocs_issued_sigs: the sig values of every storage URL requested so far.
kdocs_issued_sigs()
{
  log_query '" ".join(sorted(set(q.split("=", 1)[1] for e in r if e["path"].startswith("/kdocs-store/") for q in e["query"].split("&") if q.startswith("sig="))))'
}
