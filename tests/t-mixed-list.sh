#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# t-mixed-list: a list mixing good files, a 404, a wrong checksum and a
# provider error (a Kdocs file token the provider does not know), run with
# -j 4: every entry gets its own result (one --json line each, the good
# files are saved), and the exit status is that of the first failure in
# INPUT order -- not the lowest code, not the highest, not the first to
# finish (the checksum failure is paced to finish last).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-kdocs.sh"
t_setup
kdocs_setup
mkfile root/a.bin 50000
mkfile root/b.bin 200000
mkfile root/c.bin 70000
mkfile root/doc.bin 3000
B1=$(sha1_of root/b.bin)
export OK_A="$BASE/files/a.bin" OK_C="$BASE/files/c.bin" \
       MISSING="$BASE/files/missing.bin" BAD="$BASE/files/b.bin" \
       PROV=kdocs:personal/NoSuchFile42 DOC=kdocs:personal/doc.bin
badline="{\"locator\":\"$BAD\",\"sha1\":\"$(bad_hex "$B1")\"}"

# mixed EXPECTED-RC LINE...: run the list of LINEs with -j 4, --json.
mixed()
{
  local want=$1 n
  shift
  rm -rf dl && mkdir dl
  printf '%s\n' "$@" >list
  n=$(grep -c -v '^#' list)
  fault '{"path":"/files/b.bin","fault":"rate","bps":200000}'
  run --json --retries 1 --retry-delay 0.05 -j 4 -P dl -i list
  expect_rc "$want"
  expect_json 'len(j) == '$n' and len(set(o["locator"] for o in j)) == '$n'' \
    "one result line per entry ($n entries)"
  expect_same dl/a.bin root/a.bin
  expect_same dl/c.bin root/c.bin
  expect_same dl/doc.bin root/doc.bin
  expect_no_file dl/b.bin dl/missing.bin dl/NoSuchFile42
  expect_json 'all(by_loc(l)["status"] == "ok" for l in (E["OK_A"], E["OK_C"], E["DOC"]))' \
    "the good entries are ok"
  expect_json 'by_loc(E["BAD"])["status"] == "failed" and by_loc(E["BAD"])["error"]["exit_code"] == 6' \
    "the checksum failure is exit_code 6"
  expect_json 'by_loc(E["MISSING"])["status"] == "failed" and by_loc(E["MISSING"])["error"]["exit_code"] == 5' \
    "the 404 is exit_code 5"
  expect_json 'by_loc(E["PROV"])["status"] == "failed" and by_loc(E["PROV"])["error"]["exit_code"] == 4 and by_loc(E["PROV"])["provider_code"] == "40004"' \
    "the provider error is exit_code 4 with provider_code 40004"
}

note "checksum failure first (it finishes last): exit 6"
mixed 6 "$OK_A" "$badline" "$MISSING" "$PROV" "$DOC" "$OK_C"
expect_json '[o["locator"] for o in j].index(E["BAD"]) > [o["locator"] for o in j].index(E["MISSING"])' \
  "(the checksum failure did finish after the 404)"

note "404 first: exit 5"
mixed 5 "$OK_A" "# comment" "$MISSING" "$PROV" "$badline" "$DOC" "$OK_C"

note "provider error first: exit 4"
mixed 4 "$PROV" "$OK_A" "$badline" "$MISSING" "$DOC" "$OK_C"

note "nothing fails: exit 0"
rm -rf dl && mkdir dl
printf '%s\n' "$OK_A" "$DOC" "$OK_C" >list
run --json --retry-delay 0.05 -j 4 -P dl -i list
expect_rc 0
expect_json 'len(j) == 3 and all(o["status"] == "ok" for o in j)' "three ok lines"
expect_no_kdocs_secret
t_pass
