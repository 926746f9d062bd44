#!/usr/bin/env bash
# Browser test of the staff dashboard, as a person would use it: a fresh HOME, `ocop demo`, a token for the
# district officer and one for the producer, `ocop serve` on a free port, then dashboard_test.py drives headless
# Chromium (Debian's chromium + chromium-driver, Python selenium) through sign-in, the pipeline and a product page
# at phone and desktop sizes; then offline_test.py works offline (service worker, IndexedDB queue, sync, conflicts,
# a browser killed mid-sync).
#
#   Tests/Browser/run.sh [path/to/ocop]          (default .build/debug/ocop)
#
# Screenshots go to $OCOP_BROWSER_SCREENSHOTS if set, else to a new /tmp/ocop-browser-shots.* folder (kept, and
# named at the end). The server, the embedded PostgreSQL, the temp HOME and its cluster storage are always removed.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
ocop="${1:-.build/debug/ocop}"
[ -x "$ocop" ] || { echo "browser: no ocop binary at $ocop (swift build --product ocop)" >&2; exit 2; }
ocop="$(cd "$(dirname "$ocop")" && pwd)/$(basename "$ocop")"

work="$(mktemp -d /tmp/ocop-browser.XXXXXX)"
home="$work/home"
mkdir -p "$home"
shots="${OCOP_BROWSER_SCREENSHOTS:-$(mktemp -d /tmp/ocop-browser-shots.XXXXXX)}"
mkdir -p "$shots"
server_pid=""
storage=""

# Only ocop gets the temporary HOME: Python and Chromium keep the caller's environment.
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
    # As root the cluster lives outside HOME, in /var/lib/ocop/clusters/<hash>: remove exactly that folder.
    case "$storage" in
        /var/lib/ocop/clusters/?*) rm -rf -- "$storage" ;;
    esac
    rm -rf -- "$work"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "browser: loading the Vũ Quang demo into a fresh embedded database"
run_ocop demo >"$work/demo.log" 2>&1 || { cat "$work/demo.log" >&2; exit 1; }
storage="$(run_ocop db status --json | python3 -c 'import json,sys; print(json.load(sys.stdin).get("storage",""))')"
run_ocop user token create cb-huyen --label browser-test >"$work/token-cb-huyen" 2>/dev/null
run_ocop user token create thanhmai --label browser-test >"$work/token-thanhmai" 2>/dev/null
# People sign in with passwords: the officer sets the producer's, the administrator the officer's (read from stdin).
python3 -c 'import secrets; print("tm-" + secrets.token_urlsafe(12))' >"$work/password-thanhmai"
python3 -c 'import secrets; print("cb-" + secrets.token_urlsafe(12))' >"$work/password-cb-huyen"
run_ocop user password set thanhmai --as cb-huyen <"$work/password-thanhmai" >/dev/null
run_ocop user password set cb-huyen --as admin <"$work/password-cb-huyen" >/dev/null

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
# A plain command, not the run_ocop function: backgrounding a function forks a subshell, and $! would be the subshell's
# pid, which the cleanup would stop while the server kept running.
HOME="$home" "$ocop" serve --port "$port" --no-timers >"$work/serve.log" 2>&1 &
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
    echo "browser: ocop serve did not become ready on $base" >&2
    cat "$work/serve.log" >&2
    exit 1
fi

status=0
python3 "$here/dashboard_test.py" --base-url "$base" \
    --token-file "$work/token-cb-huyen" --producer-token-file "$work/token-thanhmai" \
    --producer-password-file "$work/password-thanhmai" --officer-password-file "$work/password-cb-huyen" \
    --screenshots "$shots" || status=$?
# Offline field entry (issue 14): the same server, behind the test's own proxy; the CLI changes records meanwhile.
python3 "$here/offline_test.py" --base-url "$base" --ocop "$ocop" --home "$home" \
    --officer-password-file "$work/password-cb-huyen" --screenshots "$shots" || status=$?
echo "browser: screenshots in $shots"
if [ "$status" -ne 0 ]; then
    echo "browser: server log (last 40 lines):" >&2
    tail -n 40 "$work/serve.log" >&2
fi
exit "$status"
