#!/usr/bin/env bash
# make run: web server, Celery worker and beat in the foreground; Ctrl-C stops all three.
set -euo pipefail
cd "$(dirname "$0")/.."
. .venv/bin/activate
export DEBUG=${DEBUG:-true}
python manage.py migrate --noinput
python manage.py seed_demo
# One process runs the worker and the beat scheduler (-B): exactly one beat, and it stops with the worker.
celery -A insourcing worker -B --concurrency=2 --loglevel=INFO &
worker=$!
trap 'kill -TERM $worker 2>/dev/null; wait $worker 2>/dev/null' EXIT INT TERM
python manage.py runserver 127.0.0.1:8000
