#!/usr/bin/env bash
# Contract test of the admin API: schemathesis (PyPI, pinned in .ci/run) generates requests from the running server's
# own /openapi.yaml — every check, a fixed seed, a bounded number of examples per operation — authenticated as the
# demo's district officer, and must report no failure. A fresh HOME, `ocop demo`, `ocop serve` on a free port; the
# server (by its own pid), the embedded PostgreSQL, the temp HOME and its cluster storage are always removed.
#
#   Tests/Contract/run.sh [path/to/ocop]          (default .build/debug/ocop)
#
# OCOP_CONTRACT_EXAMPLES (default 25) and OCOP_CONTRACT_SEED (default 16) tune the run.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
ocop="${1:-.build/debug/ocop}"
[ -x "$ocop" ] || { echo "contract: no ocop binary at $ocop (swift build --product ocop)" >&2; exit 2; }
ocop="$(cd "$(dirname "$ocop")" && pwd)/$(basename "$ocop")"
command -v schemathesis >/dev/null 2>&1 || { echo "contract: schemathesis is not installed (pip install schemathesis)" >&2; exit 2; }

work="$(mktemp -d /tmp/ocop-contract.XXXXXX)"
home="$work/home"
mkdir -p "$home"
server_pid=""
storage=""

run_ocop() { HOME="$home" "$ocop" "$@"; }

cleanup() {
    local status=$?
    set +e
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid"
        for _ in $(seq 1 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.2; done
        kill -0 "$server_pid" 2>/dev/null && kill -KILL "$server_pid"
        wait "$server_pid" 2>/dev/null
    fi
    [ -z "$storage" ] && storage="$(run_ocop db status --json 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin).get("storage",""))' 2>/dev/null)"
    run_ocop db stop >/dev/null 2>&1
    case "$storage" in
        /var/lib/ocop/clusters/?*) rm -rf -- "$storage" ;;
    esac
    rm -rf -- "$work"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "contract: loading the Vũ Quang demo into a fresh embedded database"
run_ocop demo --no-report >"$work/demo.log" 2>&1 || { cat "$work/demo.log" >&2; exit 1; }
storage="$(run_ocop db status --json | python3 -c 'import json,sys; print(json.load(sys.stdin).get("storage",""))')"
token="$(run_ocop user token create cb-huyen --label contract-test 2>/dev/null)"

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
# A plain command, not the run_ocop function, so that $! is the server's own pid.
# The run sends bad tokens on purpose (the ignored_auth check) from one address: the throttle is raised for it and tested
# on its own (AuthThrottleTests); its 429 is in the spec all the same.
HOME="$home" "$ocop" serve --port "$port" --no-timers --no-outbox --request-log errors --auth-throttle 100000/100000/60 >"$work/serve.log" 2>&1 &
server_pid=$!
base="http://127.0.0.1:$port"
ready=""
for _ in $(seq 1 150); do
    if python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' "$base/readyz" 2>/dev/null; then
        ready=yes; break
    fi
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.2
done
if [ -z "$ready" ]; then
    echo "contract: ocop serve did not become ready on $base" >&2
    cat "$work/serve.log" >&2
    exit 1
fi

status=0
# One worker, so that a fixed seed gives the same run; the stateful phase (chains of requests inferred from responses,
# no links are declared) is left out to keep the run short and repeatable.
schemathesis --config-file "$here/schemathesis.toml" run "$base/openapi.yaml" --url "$base" \
    --checks all --mode all --seed "${OCOP_CONTRACT_SEED:-16}" --max-examples "${OCOP_CONTRACT_EXAMPLES:-25}" \
    --phases examples,coverage,fuzzing --generation-database none --workers 1 --no-color --request-timeout 10 \
    --header "Authorization: Bearer $token" || status=$?
if [ "$status" -ne 0 ]; then
    echo "contract: server log (last 40 lines):" >&2
    tail -n 40 "$work/serve.log" >&2
fi
exit "$status"
