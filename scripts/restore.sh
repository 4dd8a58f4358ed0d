#!/usr/bin/env bash
# Restores a backup made by scripts/backup.sh onto this install, fresh or not, replacing its
# database and its sealing key:
#
#   scripts/restore.sh aether-backup.tar
#
# Then sign in with the accounts of the backup. Projects whose apps are not running on this
# host (a new one) come back with their next deployment, from their repositories.
set -euo pipefail
backup=$(realpath "${1:?usage: scripts/restore.sh aether-backup.tar}")
cd "$(dirname "$0")/.."
umask 077
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

tar -x -C "$work" -f "$backup" format secret-key database.sql
[ "$(cat "$work/format")" = "aether backup 1" ] || { echo "restore.sh: $1 is not an Aether backup" >&2; exit 1; }

# Postgres up (and the secrets generated, on a fresh host), control and the builder stopped:
# nothing writes while the database is replaced, and control reads the key again on start.
docker compose up -d --wait postgres
docker compose stop control builder

# shellcheck disable=SC2016
docker compose run --rm -T --no-deps secrets \
  sh -c 'cat >"$AETHER_SECRET_KEY_FILE.restored" && chmod 400 "$AETHER_SECRET_KEY_FILE.restored" && mv -f "$AETHER_SECRET_KEY_FILE.restored" "$AETHER_SECRET_KEY_FILE"' \
  <"$work/secret-key"

psql() { docker compose exec -T postgres psql --username aether --no-password --quiet -v ON_ERROR_STOP=1 "$@"; }
psql --dbname postgres -c 'DROP DATABASE IF EXISTS aether WITH (FORCE)' -c 'CREATE DATABASE aether OWNER aether' >/dev/null
psql --dbname aether --single-transaction <"$work/database.sql" >/dev/null

# Control first: it derives the builder's key from the restored one as it starts, and the
# builder must not read the key it finds there from before.
docker compose up -d --wait control
for _ in $(seq 60); do
  docker compose exec -T control node -e \
    "fetch('http://127.0.0.1:3000/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))" && break
  sleep 1
done
docker compose up -d --wait
# shellcheck disable=SC2016
if [ "$(docker compose exec -T control sh -c '[ -z "$AETHER_SECRET_KEY" ] || echo set')" = set ]; then
  echo "restore.sh: .env sets AETHER_SECRET_KEY, which wins over the restored key: remove it, or set it to the backup's" >&2
fi
echo "restore.sh: restored; control starts with the backup's database and key" >&2
