#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-kdocs-secrets: the Kdocs access token, the app key, the WPS-2
# Authorization value and the signed storage URL's query never reach
# stderr (-v included), --json, --resolve-only, the state or partial files,
# during a run, after it, or when it fails; secrets passed through the
# environment stay out of the process list (ps); -v shows them as ***.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-kdocs.sh"
t_setup
kdocs_setup
mkfile root/big.bin 2M
fault '{"path":"/kdocs-store/big.bin","fault":"rate","bps":262144}'

note "during a run, then killed"
run_bg bg -v --json --retry-delay 0.05 kdocs:personal/big.bin
wait_for_size big.bin.sfpart 0 10
expect_exists big.bin.sfstate
ARGS=$(ps -ww -o args= -p "$BG_PID" 2>/dev/null ||
       tr '\0' ' ' <"/proc/$BG_PID/cmdline")
[ -n "$ARGS" ] || fail "cannot read the process list"
case $ARGS in
  *"$KD_TOKEN"*|*"$KD_APP_KEY"*) fail "a secret is in the process list: $ARGS" ;;
esac
case $ARGS in
  *kdocs:personal/big.bin*) ;;
  *) fail "ps did not show sigfetch's arguments: $ARGS" ;;
esac
sleep 0.3
expect_no_kdocs_secret
kill -9 "$BG_PID"
wait_bg 10
expect_partial big.bin
sleep 0.3
[ -n "$(kdocs_issued_sigs)" ] || fail "no storage signature in the log"
expect_no_kdocs_secret

note "resumed to the end"
run -v --json --retry-delay 0.05 kdocs:personal/big.bin
expect_rc 0
expect_same big.bin root/big.bin
expect_stderr_fixed 'access_token=***'
expect_stderr_fixed 'sig=***'
expect_stderr -i 'range: bytes='
expect_no_kdocs_secret
rm -f big.bin

note "app space with -v"
run -v --json --retry-delay 0.05 kdocs:app/big.bin
expect_rc 0
expect_same big.bin root/big.bin
expect_stderr -i '^> authorization: \*\*\*$'
AUTH=$(log_query 'reqs(E["KD_APPSPACE"] + "/big.bin/download")[-1]["headers"]["authorization"]')
case $AUTH in
  WPS-2:*) ;;
  *) fail "no WPS-2 Authorization in the server log ('$AUTH')" ;;
esac
expect_no_secret "${AUTH##*:}"
expect_no_kdocs_secret

note "--resolve-only"
run --resolve-only kdocs:personal/big.bin kdocs:app/big.bin
expect_rc 0
expect_no_kdocs_secret

note "failing runs"
SIGFETCH_KDOCS_APP_KEY=kdWRONGkey-1234 run -v --json kdocs:app/big.bin
expect_rc 3
expect_no_secret kdWRONGkey-1234
SIGFETCH_KDOCS_ACCESS_TOKEN=kdWRONGtoken-5678 run -v --json -o other.bin \
  kdocs:personal/big.bin
expect_rc 3
expect_no_secret kdWRONGtoken-5678
kdocs_ctl '{"overrides":{"big.bin":{"sha1":"0000000000000000000000000000000000000000"}}}'
run -v --json -o other.bin kdocs:personal/big.bin
expect_rc 6
expect_no_kdocs_secret
t_pass
