#!/usr/bin/env bash
# Back up the database in pg_dump's custom format (compressed; restore with scripts/restore.sh).
#   scripts/backup.sh [OUTPUT_FILE]        uses $DATABASE_URL (PostgreSQL)
# Schedule it daily (cron or a systemd timer) and copy the file off the machine: it holds special
# category data (union membership), so store it encrypted and keep it no longer than your retention policy.
set -euo pipefail
: "${DATABASE_URL:?DATABASE_URL must point at the PostgreSQL database to back up}"
out=${1:-backups/insourcing-$(date -u +%Y%m%dT%H%M%SZ).dump}
mkdir -p "$(dirname "$out")"
umask 077
pg_dump --format=custom --no-owner --no-privileges --file="$out" "$DATABASE_URL"
echo "$out"
