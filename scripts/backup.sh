#!/usr/bin/env bash
# Backs up what Aether cannot rebuild: the database (projects, deployments' history, accounts,
# sealed variables) and the sealing key that opens its secrets. A tar on standard output:
#
#   scripts/backup.sh > aether-backup.tar
#
# Keep it as you would the key itself: it holds it. Runs against the compose project of this
# checkout (or COMPOSE_PROJECT_NAME / COMPOSE_FILE), with Postgres and control up. Images,
# routes, certificates and the build key are rebuilt; apps redeploy from their repositories.
set -euo pipefail
cd "$(dirname "$0")/.."
umask 077
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

[ -t 1 ] && { echo "backup.sh: redirect the backup to a file: scripts/backup.sh > aether-backup.tar" >&2; exit 2; }

# The key control uses, by control's own rule: AETHER_SECRET_KEY when .env sets it, else the
# generated file. Read inside the container, it travels on a pipe, never on a command line.
# shellcheck disable=SC2016
docker compose exec -T control sh -c 'if [ -n "$AETHER_SECRET_KEY" ]; then printf %s "$AETHER_SECRET_KEY"; else cat "$AETHER_SECRET_KEY_FILE"; fi' \
  >"$work/secret-key"
docker compose exec -T postgres pg_dump --username aether --dbname aether --no-password >"$work/database.sql"
echo "aether backup 1" >"$work/format"
tar -c -C "$work" format secret-key database.sql
echo "backup.sh: database $(wc -c <"$work/database.sql") bytes, and the sealing key" >&2
