#!/usr/bin/env bash
# Adds an EF Core migration for both providers: SQLite (WebhookDbContext, Persistence/Migrations) and
# PostgreSQL (PostgresWebhookDbContext, Persistence/Migrations/Postgres). EF Core's design-time package does not
# restore here, so the web project references it directly while EfDesign=true (docs/dependencies.md).
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 1 ] || { echo "usage: scripts/add-migration.sh <Name>" >&2; exit 2; }
dotnet tool restore >/dev/null
dotnet build WebhookConsole -p:EfDesign=true >/dev/null
for pair in "WebhookDbContext:Persistence/Migrations" "PostgresWebhookDbContext:Persistence/Migrations/Postgres"; do
  dotnet ef migrations add "$1" --project WebhookConsole.Engine --startup-project WebhookConsole \
    --context "${pair%%:*}" --output-dir "${pair#*:}" --no-build -- -p:EfDesign=true
done
