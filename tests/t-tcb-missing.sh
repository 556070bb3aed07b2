#!/usr/bin/env bash
# t-tcb-missing: a file TCB does not have (its entry's own status -503003
# STORAGE_FILE_NONEXIST) fails alone with exit 4 and its status as
# provider_code; the rest of the batch downloads; the exit status is the
# first failure's in input order, not the lowest.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-prov.sh"
t_setup
prov_setup tcb
mkfile root/a.bin 100K
mkfile root/c.bin 120K
mkfile root/d.bin 140K
LA=$(tcb_loc a.bin) LB=$(tcb_loc b-missing.bin) LC=$(tcb_loc c.bin)
LD=$(tcb_loc d.bin)
export LA LB LC LD

note "one missing file among four"
run --json --retry-delay 0.05 "$LA" "$LB" "$LC" "$LD"
expect_rc 4
expect_same a.bin root/a.bin
expect_same c.bin root/c.bin
expect_same d.bin root/d.bin
expect_no_file b-missing.bin b-missing.bin.sfpart
expect_stat tcb 's["batch_calls"] == 1' "one call for the four"
expect_json 'by_loc(E["LB"])["status"] == "failed" and by_loc(E["LB"])["provider_code"] == "-503003" and by_loc(E["LB"])["error"]["exit_code"] == 4'
expect_json 'sum(1 for o in j if o["status"] == "ok") == 3'
expect_stderr_fixed 'STORAGE_FILE_NONEXIST'
expect_stderr_fixed 'status -503003'

note "an earlier failure of another kind decides the exit status"
rm -f c.bin d.bin
echo "not the file" > a.bin
run --json --retry-delay 0.05 "$LA" "$LB" "$LC"
expect_rc 7
expect_json 'by_loc(E["LA"])["error"]["exit_code"] == 7 and by_loc(E["LB"])["error"]["exit_code"] == 4 and by_loc(E["LC"])["status"] == "ok"'

note "the missing one first"
rm -f c.bin
run --retry-delay 0.05 "$LB" "$LA" "$LC"
expect_rc 4
expect_same c.bin root/c.bin
expect_no_prov_secret tcb
t_pass
