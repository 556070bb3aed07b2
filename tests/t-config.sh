#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-config: settings come from --set, then SIGFETCH_SECTION_KEY, then the
# file (--config FILE, else $XDG_CONFIG_HOME/sigfetch/config); the INI file
# takes comments and quotes; an unknown key or section, a malformed line, a
# setting outside a section is exit 3 naming FILE:LINE (never the value); a
# file readable by group or others gets a warning naming it and chmod 600; a
# missing credential is exit 3 naming the setting and its variable.
# Which token won is read from the fake server's log.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-kdocs.sh"
t_setup
kdocs_setup
unset SIGFETCH_KDOCS_ENDPOINT SIGFETCH_KDOCS_ACCESS_TOKEN \
      SIGFETCH_KDOCS_APP_ID SIGFETCH_KDOCS_APP_KEY
mkfile root/doc.bin 1000
CONF=$XDG_CONFIG_HOME/sigfetch/config
ALT=$XDG_CONFIG_HOME/alt.ini
mkdir -p "$(dirname "$CONF")"
LOC=kdocs:personal/doc.bin

# write FILE MODE: the config text from stdin, with that mode.
write()
{
  cat >"$1" || fail "cannot write $1"
  chmod "$2" "$1"
}

# token_used TOKEN: the server accepted TOKEN on the last resolve call.
token_used()
{
  export WANT="access_token=$1"
  expect_log 'reqs(E["KD_PERSONAL"] + "/doc.bin/download")[-1]["query"] == E["WANT"] and reqs(E["KD_PERSONAL"] + "/doc.bin/download")[-1]["note"] == "kdocs: personal ok doc.bin"' \
    "the last call used and passed $1"
}

write "$CONF" 600 <<EOF2
# sigfetch configuration
; both comment styles

[kdocs]
endpoint = $BASE   # the fake server
access_token = tok-default
EOF2

note "default file"
kdocs_ctl '{"token":"tok-default"}'
run --resolve-only "$LOC"
expect_rc 0
token_used tok-default
expect_no_stderr -i 'warning'

note "--config FILE replaces the default file"
write "$ALT" 600 <<EOF2
[kdocs]
endpoint=$BASE
access_token = "tok #alt" ; quoted, with a comment after it
EOF2
kdocs_ctl '{"token":"tok #alt"}'
run --config "$ALT" --resolve-only "$LOC"
expect_rc 0
token_used 'tok%20%23alt'

note "environment over the file"
kdocs_ctl '{"token":"tok-env"}'
SIGFETCH_KDOCS_ACCESS_TOKEN=tok-env run --resolve-only "$LOC"
expect_rc 0
token_used tok-env

note "--set over the environment"
kdocs_ctl '{"token":"tok-set"}'
SIGFETCH_KDOCS_ACCESS_TOKEN=tok-env run --set kdocs.access_token=tok-set \
  --resolve-only "$LOC"
expect_rc 0
token_used tok-set

note "endpoint: environment over file, --set over environment"
write "$CONF" 600 <<EOF2
[kdocs]
endpoint = http://127.0.0.1:1
access_token = tok-default
EOF2
kdocs_ctl '{"token":"tok-default"}'
run --retries 0 --resolve-only "$LOC"
expect_rc 5
SIGFETCH_KDOCS_ENDPOINT=$BASE run --resolve-only "$LOC"
expect_rc 0
token_used tok-default
SIGFETCH_KDOCS_ENDPOINT=http://127.0.0.1:1 run --set "kdocs.endpoint=$BASE" \
  --resolve-only "$LOC"
expect_rc 0

note "unknown key: FILE:LINE, never the value"
write "$CONF" 600 <<EOF2
[kdocs]
endpoint = $BASE
acces_token = SEKRIT-IN-TYPO
EOF2
run "$LOC"
expect_rc 3
expect_stderr_fixed "$CONF:3"
expect_stderr_fixed 'kdocs.acces_token'
expect_no_stderr 'SEKRIT-IN-TYPO'

note "unknown section"
printf '[kdocs]\nendpoint = %s\n[kdoc]\napp_id = x\n' "$BASE" |
  write "$CONF" 600
run "$LOC"
expect_rc 3
expect_stderr "config:[34]: .*kdoc"

note "malformed line"
printf '[kdocs]\nendpoint = %s\naccess_token tok-default\n' "$BASE" |
  write "$CONF" 600
run "$LOC"
expect_rc 3
expect_stderr_fixed "$CONF:3"
expect_no_stderr 'tok-default'
printf '[kdocs\n' | write "$CONF" 600
run "$LOC"
expect_rc 3
expect_stderr_fixed "$CONF:1"

note "setting outside a section"
printf '# no section yet\naccess_token = tok-default\n' | write "$CONF" 600
run "$LOC"
expect_rc 3
expect_stderr_fixed "$CONF:2"

note "a broken default file also stops a direct download"
run "$BASE/files/doc.bin"
expect_rc 3
expect_no_file doc.bin

note "a file readable by group or others: warning"
printf '[kdocs]\nendpoint = %s\naccess_token = tok-default\n' "$BASE" |
  write "$CONF" 640
run --resolve-only "$LOC"
expect_rc 0
expect_stderr_fixed "$CONF"
expect_stderr_fixed 'chmod 600'
chmod 604 "$CONF"
run --resolve-only "$LOC"
expect_rc 0
expect_stderr_fixed 'chmod 600'
write "$ALT" 644 </dev/null
run --config "$ALT" "$BASE/files/doc.bin"
expect_rc 0
expect_stderr_fixed "$ALT"
expect_stderr_fixed 'chmod 600'
rm -f doc.bin
chmod 600 "$CONF"
run --resolve-only "$LOC"
expect_no_stderr 'chmod'

note "missing credentials name the setting and the variable"
printf '[kdocs]\nendpoint = %s\n' "$BASE" | write "$CONF" 600
log_mark
run "$LOC"
expect_rc 3
expect_stderr_fixed 'kdocs.access_token'
expect_stderr_fixed 'SIGFETCH_KDOCS_ACCESS_TOKEN'
run kdocs:app/doc.bin
expect_rc 3
expect_stderr_fixed 'kdocs.app_id'
expect_stderr_fixed 'SIGFETCH_KDOCS_APP_ID'
SIGFETCH_KDOCS_APP_ID=$KD_APP_ID run kdocs:app/doc.bin
expect_rc 3
expect_stderr_fixed 'kdocs.app_key'
expect_stderr_fixed 'SIGFETCH_KDOCS_APP_KEY'
expect_log 'not [e for e in r if e["t_start"] >= float(E["T_MARK"]) and e["path"].startswith("/api/")]' \
  "no call without credentials"

note "--config FILE that does not exist, bad --set"
run --config "$T_DIR/nonexistent.ini" "$LOC"
expect_rc 3
expect_stderr_fixed 'nonexistent.ini'
run --set kdocs.no_such_key=1 "$LOC"
expect_rc 3
expect_stderr_fixed 'kdocs.no_such_key'
run --set kdocs.access_token "$LOC"
expect_rc 2

for s in tok-default tok-env tok-set SEKRIT-IN-TYPO; do
  expect_no_secret "$s"
done
t_pass
