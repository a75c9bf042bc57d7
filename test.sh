#!/usr/bin/env bash
# Installs what the tests need when it is missing (Chromium, PostgreSQL, nginx and OpenSSL from Debian's packages), then runs every test.
set -euo pipefail
cd "$(dirname "$0")"

# Chromium for the end-to-end tests; PostgreSQL's server for the PostgreSQL-mode tests (they start and stop
# their own throwaway cluster on a loopback port; no system service is used); Python with PyJWT for a receiver.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium fonts-liberation)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
# PyJWT and cryptography for the receiver written in Python (Tests/Receivers/slashid_receiver.py).
/usr/bin/python3 -c "import jwt, cryptography" 2>/dev/null || missing+=(python3 python3-jwt python3-cryptography)
# nginx in front of two published nodes, with a self-signed certificate from openssl (Tests/Deployment): the test
# starts its own nginx with its own configuration in a temporary folder; no system nginx service is used.
[ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v openssl >/dev/null || missing+=(openssl)
if ((${#missing[@]})); then
  echo "test.sh: installing ${missing[*]} from Debian's packages"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

results="$(mktemp -d)"
status=0
dotnet test WebhookConsole.sln --logger "console;verbosity=normal" --logger "trx;LogFileName=results.trx" \
  --results-directory "$results" "$@" || status=$?

# One plain closing line, read from the test results.
counters=$(grep -ho '<Counters [^>]*>' "$results"/*.trx 2>/dev/null | head -1 || true)
if [ -n "$counters" ]; then
  passed=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  failed=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  echo "tests: ${passed} passed, ${failed} failed"
fi
exit "$status"
