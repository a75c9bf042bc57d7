#!/usr/bin/env bash
# Adds an EF Core migration. EF Core's design-time package does not restore here, so the engine
# references it directly while EfDesign=true (docs/dependencies.md).
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 1 ] || { echo "usage: scripts/add-migration.sh <Name>" >&2; exit 2; }
dotnet tool restore >/dev/null
dotnet build WebhookConsole -p:EfDesign=true >/dev/null
dotnet ef migrations add "$1" --project WebhookConsole.Engine --startup-project WebhookConsole \
  --output-dir Persistence/Migrations --no-build -- -p:EfDesign=true
