#!/usr/bin/env bash
# Makes the upgrade tests' databases with a release of the hub from before organizations were managed (commit $1,
# 4bad28e by default): a SQLite file and a PostgreSQL dump, each with one organization, an admin, a viewer, an API
# key, a websub-free jwt webhook with a trigger, and an event whose delivery waits for its retry.
# Run from the repository root; writes release.db and release.sql next to this script.
set -euo pipefail
commit="${1:-4bad28e}"
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d /tmp/whc-release-XXXXXX)"; chmod 755 "$work" # the postgres user runs the cluster inside it
git archive "$commit" | tar -x -C "$work"
dotnet build "$work/WebhookConsole" >/dev/null
org=3f1c2a9e-7b5d-4e8a-9c01-5a6b7c8d9e0f
key=whc_release_key_0123456789abcdefghijkl
settings=(--Bootstrap:AdminEmail=admin@release.example --Bootstrap:AdminPassword=Release-Admin-42
  --Bootstrap:ViewerEmail=viewer@release.example --Bootstrap:ViewerPassword=Release-Viewer-42
  --Bootstrap:OrganizationId=$org --Bootstrap:OrganizationHandle=release --Bootstrap:ApiKey=$key
  --Delivery:AllowInsecureTargets=true --DataProtection:MasterKey=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=
  --urls=http://127.0.0.1:5199)

exercise() { # starts the release app with "$@", creates a webhook and an event through its API, stops it
  (cd "$work" && dotnet WebhookConsole/bin/Debug/net10.0/WebhookConsole.dll "${settings[@]}" "$@" >"$work/app.log" 2>&1) &
  local pid=$!
  until curl -sf http://127.0.0.1:5199/readyz >/dev/null; do sleep 1; done
  local h=(-H "SlashID-OrgID: $org" -H "SlashID-API-Key: $key" -H "Content-Type: application/json")
  local id
  id=$(curl -sf "${h[@]}" -d '{"target_url": "http://127.0.0.1:9/release", "name": "release webhook"}' \
    http://127.0.0.1:5199/organizations/webhooks | python3 -c 'import json,sys; print(json.load(sys.stdin)["result"]["id"])')
  curl -sf "${h[@]}" -d '{"trigger_type": "event", "trigger_name": "PersonCreated_v1"}' "http://127.0.0.1:5199/organizations/webhooks/$id/triggers" >/dev/null
  curl -sf "${h[@]}" -X POST "http://127.0.0.1:5199/organizations/webhooks/$id/activate" >/dev/null
  curl -sf "${h[@]}" -d '{"event_name": "PersonCreated_v1", "payload": {"person_id": "p-release"}}' http://127.0.0.1:5199/events >/dev/null
  until curl -sf "${h[@]}" "http://127.0.0.1:5199/organizations/webhooks/$id/deliveries" | grep -q '"retrying"'; do sleep 1; done
  kill "$(pgrep -P $pid)" 2>/dev/null || kill $pid
  wait $pid || true
}

exercise --ConnectionStrings:WebhookConsole="Data Source=$work/release.db"
sqlite3 "$work/release.db" "VACUUM INTO '$here/release.db'"

pg="$work/pg"; mkdir -p "$pg"; chown postgres:postgres "$pg"
bin=$(ls -d /usr/lib/postgresql/*/bin | sort | tail -1)
runuser -u postgres -- "$bin/initdb" -D "$pg/data" -U postgres -A trust -E UTF8 --no-sync >/dev/null
runuser -u postgres -- "$bin/pg_ctl" -D "$pg/data" -o "-p 5198 -k $pg -c listen_addresses=127.0.0.1" -w start >/dev/null
createdb -h 127.0.0.1 -p 5198 -U postgres release
exercise --Database:Provider=Postgres --ConnectionStrings:WebhookConsole="Host=127.0.0.1;Port=5198;Username=postgres;Database=release"
pg_dump -h 127.0.0.1 -p 5198 -U postgres --no-owner --no-privileges release > "$here/release.sql"
runuser -u postgres -- "$bin/pg_ctl" -D "$pg/data" -m fast stop >/dev/null
rm -rf "$work"
