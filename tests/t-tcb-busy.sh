#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-tcb-busy: WeChat Cloud Base's "busy" errcodes (-1, -1000, -501001 to
# -501004; HTTP 200) are retried with back-off, at most --retries times;
# busy for ever is exit 4 with the errcode after --retries + 1 calls; a
# fatal errcode (-501007) is not retried.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-prov.sh"
t_setup
prov_setup tcb
mkfile root/A.png 100K
L=$(tcb_loc A.png)

note "busy (-501003) twice, then ok"
prov_ctl tcb '{"errcode": {"code": -501003, "errmsg": "request rate limit", "count": 2}}' >/dev/null
run --json --retries 3 --retry-delay 0.05 "$L"
expect_rc 0
expect_same A.png root/A.png
expect_stat tcb 's["batch_calls"] == 3' "three calls"
expect_stderr_fixed 'busy (code -501003); retrying (2 of 3)'
rm -f A.png

note "busy (-1) for ever: exit 4 after --retries + 1 calls"
prov_setup tcb
prov_ctl tcb '{"errcode": {"code": -1, "errmsg": "system busy", "count": -1}}' >/dev/null
run --json --retries 2 --retry-delay 0.05 "$L"
expect_rc 4
expect_no_file A.png
expect_stderr_fixed 'errcode -1, system busy'
expect_json 'j[0]["provider_code"] == "-1" and j[0]["error"]["exit_code"] == 4'
expect_stat tcb 's["batch_calls"] == 3' "three calls (--retries 2)"

note "a fatal errcode (-501007) is not retried"
prov_setup tcb
prov_ctl tcb '{"errcode": {"code": -501007, "errmsg": "invalid param", "count": -1}}' >/dev/null
run --json --retries 2 --retry-delay 0.05 "$L"
expect_rc 4
expect_no_stderr 'retrying'
expect_stat tcb 's["batch_calls"] == 1' "one call"
expect_no_prov_secret tcb
t_pass
