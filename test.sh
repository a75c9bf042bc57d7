#!/usr/bin/env bash
# Installs what the tests need when it is missing (Chromium from Debian's packages), then runs every test.
set -euo pipefail
cd "$(dirname "$0")"

if [ ! -x /usr/bin/chromium ]; then
  echo "test.sh: installing Chromium from Debian's packages (needed by the end-to-end tests)"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-liberation >/dev/null
fi

dotnet test WebhookConsole.sln --logger "console;verbosity=normal" "$@"
