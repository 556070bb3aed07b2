# lib-prov.sh - helpers for the TCB, Ekuaibao and Fxiaoke tests
# (tests/t-tcb-*.sh, t-ekuaibao-*.sh, t-fxiaoke-*.sh, t-token-cache.sh,
# t-prov-secrets.sh).
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Source it after lib.sh and call prov_setup PROVIDER... after t_setup:
# the fake server (fakeprov/fp_tcb.py, fp_ekuaibao.py, fp_fxiaoke.py)
# then accepts the credentials below, and sigfetch gets the endpoint and
# the token through SIGFETCH_* variables (never on the command line).

TCB_TOKEN=tcbACCESS-5e1d7c0f9a
TCB_APPID=wxTESTAPPID0001
TCB_SECRET=tcbSECRET-a7c3e9d1
EKB_TOKEN=ekbACCESS-0b8e2f6c1d
EKB_APP_KEY=ekbAPPKEY001
EKB_APP_SECURITY=ekbSECURITY-4f2a9c
FXK_TOKEN=fxkCORP-9d3b7a1e55
FXK_CORP_ID=FSCID_TEST
FXK_USER=FSUID_TEST
FXK_APP_ID=FSAID_TEST01
FXK_APP_SECRET=fxkSECRET-2c8e4b6a
FXK_PERMANENT=fxkPERM-7a9c1e3f
export TCB_TOKEN TCB_APPID TCB_SECRET EKB_TOKEN EKB_APP_KEY \
  EKB_APP_SECURITY FXK_TOKEN FXK_CORP_ID FXK_USER FXK_APP_ID \
  FXK_APP_SECRET FXK_PERMANENT

# prov_ctl PROVIDER [JSON]: change the fake provider (see its fp_*.py
# "Control"); prints its settings and stats as JSON.
prov_ctl()
{
  "$PYTHON" - "$BASE" "$1" "${2:-}" <<'EOF' || fail "fakeprov refused $1 settings ${2:-}"
import sys, urllib.request, urllib.error
base, prov, body = sys.argv[1], sys.argv[2], sys.argv[3]
req = urllib.request.Request(base + "/_ctl/" + prov,
                             data=body.encode() if body else None,
                             method="POST" if body else "GET",
                             headers={"Content-Type": "application/json"})
try:
    with urllib.request.urlopen(req, timeout=5) as r:
        sys.stdout.write(r.read().decode() + "\n")
except urllib.error.HTTPError as e:
    sys.stderr.write("%s: %s\n" % (e.code, e.read().decode()))
    sys.exit(1)
EOF
}

# prov_stat PROVIDER EXPR: evaluate a Python expression over the fake
# provider's state s (settings in s["settings"], stats at the top).
prov_stat()
{
  prov_ctl "$1" | "$PYTHON" -c 'import json, os, sys
s = json.load(sys.stdin)
E = os.environ
v = eval(sys.argv[1])
print(json.dumps(v) if isinstance(v, (list, dict)) else v)' "$2"
}

# expect_stat PROVIDER EXPR [DESCRIPTION]
expect_stat()
{
  local v
  v=$(prov_stat "$1" "$2" 2>&1)
  [ "$v" = True ] || fail "$1 state: expected ${3:-$2} (got: $v; stats: $(prov_stat "$1" '{k: v for k, v in s.items() if k not in ("settings", "sigs", "issued")}'))"
}

# prov_setup PROVIDER...: credentials on both sides (tokens configured),
# endpoints for sigfetch.  tcb / ekuaibao / fxiaoke.
prov_setup()
{
  local p
  for p in "$@"; do
    case $p in
      tcb)
        prov_ctl tcb "{\"reset\":true,\"tokens\":[\"$TCB_TOKEN\"],\"appid\":\"$TCB_APPID\",\"secret\":\"$TCB_SECRET\"}" >/dev/null
        export SIGFETCH_TCB_ENDPOINT=$BASE SIGFETCH_TCB_ACCESS_TOKEN=$TCB_TOKEN ;;
      ekuaibao)
        prov_ctl ekuaibao "{\"reset\":true,\"token\":\"$EKB_TOKEN\",\"app_key\":\"$EKB_APP_KEY\",\"app_security\":\"$EKB_APP_SECURITY\"}" >/dev/null
        export SIGFETCH_EKUAIBAO_ENDPOINT=$BASE SIGFETCH_EKUAIBAO_ACCESS_TOKEN=$EKB_TOKEN ;;
      fxiaoke)
        prov_ctl fxiaoke "{\"reset\":true,\"token\":\"$FXK_TOKEN\",\"corp_id\":\"$FXK_CORP_ID\",\"user\":\"$FXK_USER\",\"app_id\":\"$FXK_APP_ID\",\"app_secret\":\"$FXK_APP_SECRET\",\"permanent_code\":\"$FXK_PERMANENT\"}" >/dev/null
        export SIGFETCH_FXIAOKE_ENDPOINT=$BASE \
          SIGFETCH_FXIAOKE_CORP_ACCESS_TOKEN=$FXK_TOKEN \
          SIGFETCH_FXIAOKE_CORP_ID=$FXK_CORP_ID \
          SIGFETCH_FXIAOKE_CURRENT_OPEN_USER_ID=$FXK_USER ;;
      *) echo "ERROR: prov_setup: unknown provider $p" >&2; exit 99 ;;
    esac
  done
}

# use_app_credentials PROVIDER: no configured token, app credentials
# instead (sigfetch fetches and caches the token).
use_app_credentials()
{
  case $1 in
    tcb)
      unset SIGFETCH_TCB_ACCESS_TOKEN
      export SIGFETCH_TCB_APPID=$TCB_APPID SIGFETCH_TCB_SECRET=$TCB_SECRET ;;
    ekuaibao)
      unset SIGFETCH_EKUAIBAO_ACCESS_TOKEN
      export SIGFETCH_EKUAIBAO_APP_KEY=$EKB_APP_KEY \
        SIGFETCH_EKUAIBAO_APP_SECURITY=$EKB_APP_SECURITY ;;
    fxiaoke)
      unset SIGFETCH_FXIAOKE_CORP_ACCESS_TOKEN SIGFETCH_FXIAOKE_CORP_ID
      export SIGFETCH_FXIAOKE_APP_ID=$FXK_APP_ID \
        SIGFETCH_FXIAOKE_APP_SECRET=$FXK_APP_SECRET \
        SIGFETCH_FXIAOKE_PERMANENT_CODE=$FXK_PERMANENT ;;
  esac
}

# no_app_credentials PROVIDER: forget them again.
no_app_credentials()
{
  case $1 in
    tcb) unset SIGFETCH_TCB_APPID SIGFETCH_TCB_SECRET ;;
    ekuaibao) unset SIGFETCH_EKUAIBAO_APP_KEY SIGFETCH_EKUAIBAO_APP_SECURITY ;;
    fxiaoke) unset SIGFETCH_FXIAOKE_APP_ID SIGFETCH_FXIAOKE_APP_SECRET \
               SIGFETCH_FXIAOKE_PERMANENT_CODE ;;
  esac
}

# prov_secrets PROVIDER...: every secret of those fake providers: the
# configured credentials, each token they issued and each storage
# signature (one per line).
prov_secrets()
{
  local p
  for p in "$@"; do
    case $p in
      tcb) printf '%s\n' "$TCB_TOKEN" "$TCB_SECRET" ;;
      ekuaibao) printf '%s\n' "$EKB_TOKEN" "$EKB_APP_SECURITY" ;;
      fxiaoke) printf '%s\n' "$FXK_TOKEN" "$FXK_APP_SECRET" "$FXK_PERMANENT" ;;
    esac
    prov_stat "$p" '"\n".join(s["issued"] + s["sigs"])'
  done | grep -v '^$'
}

# expect_no_prov_secret PROVIDER...: none of prov_secrets is in sigfetch's
# output or files (the token cache under xdg/cache excepted: it is the one
# place a token may be written).
expect_no_prov_secret()
{
  local s hits
  for s in $(prov_secrets "$@"); do
    hits=$(find "$T_DIR" \( -path "$T_DIR/root" -o -path "$T_DIR/srv" -o \
             -path "$T_DIR/xdg/cache" \) -prune -o -type f -print0 |
           xargs -0 grep -F -l -a -e "$s" 2>/dev/null)
    [ -n "$hits" ] && fail "secret '$s' found in: $(echo $hits)"
  done
  return 0
}

# tcb_loc PATH [ENV]: the cloud:// locator of root/PATH.
tcb_loc()
{
  local env=${2:-test2-4a89da}
  echo "cloud://$env.7465-$env-1258717764/$1"
}

# dp_key NAME SIZE [TYPE]: a DingTalk-drive key.
dp_key()
{
  printf 'DP:{"fileId":"136634437985","fileName":"%s","fileSize":%s,"fileType":"%s","spaceId":"7215288789"}' \
    "$1" "$2" "${3:-jpg}"
}
