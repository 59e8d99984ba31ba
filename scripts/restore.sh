#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into the (empty) database at TARGET_URL, then migrate it.
#   scripts/restore.sh BACKUP_FILE TARGET_URL
set -euo pipefail
file=${1:?backup file}
target=${2:?target database URL}
pg_restore --no-owner --no-privileges --exit-on-error --dbname="$target" "$file"
DATABASE_URL="$target" "$(dirname "$0")/../.venv/bin/python" "$(dirname "$0")/../manage.py" migrate --noinput
