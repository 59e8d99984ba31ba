#!/usr/bin/env bash
# make test: lint, migration and deploy checks, then pytest on PostgreSQL + Redis + a real Celery worker +
# headless Chromium. Starts throwaway servers on loopback and stops them, by pid, on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
. .venv/bin/activate
source scripts/services.sh

echo "== ruff"
ruff check .
ruff format --check .

echo "== layers (import-linter, .importlinter)"
lint-imports --no-cache

dir=$(mktemp -d /tmp/insourcing-test-XXXXXX)
trap 'services_stop "$dir"' EXIT
services_start "$dir"
export DJANGO_SETTINGS_MODULE=insourcing.settings_test

echo "== migrations are complete"
python manage.py makemigrations --check --dry-run >/dev/null || { python manage.py makemigrations --check --dry-run; exit 1; }

echo "== migration linter (backward-compatible migrations)"
python manage.py lintmigrations --quiet ok ignore

echo "== check --deploy with production settings"
DJANGO_SETTINGS_MODULE=insourcing.settings DEBUG=false ALLOWED_HOSTS=insourcing.example.org SITE_URL=https://insourcing.example.org \
  SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" EMAIL_URL="smtp+tls://u:p@smtp.example.org:587" \
  DEFAULT_FROM_EMAIL="Insourcing <insourcing@unison-branch.org.uk>" python manage.py check --deploy --fail-level WARNING

echo "== pytest"
python -m pytest "$@"
