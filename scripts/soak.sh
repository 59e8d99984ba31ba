#!/usr/bin/env bash
# make soak: the reliability checks that take minutes, against gunicorn with production settings, a Celery worker
# with its beat, PostgreSQL and Redis, all throwaway and on loopback:
#   1. load: 200 members answer a survey at once for 60 s (bench/soak_load.py); officers' pages sampled meanwhile;
#   2. faults: PostgreSQL stopped and restarted, then Redis stopped and restarted (bench/soak_faults.py).
# Fails on a 5xx, an accepted answer missing from the database, or a fault check. Everything started here is
# stopped by its pid on exit. Tunables: SOAK_MEMBERS (200), SOAK_SECONDS (60), SOAK_WORKERS (gunicorn, 2).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh bench
. .venv/bin/activate
source scripts/services.sh

dir=$(mktemp -d /tmp/insourcing-soak-XXXXXX)
gunicorn_pid=""
worker_pid=""
stop_pid() {
  if [ -n "$1" ]; then
    kill -TERM "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
  fi
}
cleanup() {
  local status=$?
  stop_pid "$gunicorn_pid"
  stop_pid "$worker_pid"
  if [ "$status" -ne 0 ]; then
    echo "== gunicorn log, without the access lines" >&2
    grep -v '^"' "$dir/gunicorn.log" 2>/dev/null | tail -n 40 >&2 || true
    echo "== worker log" >&2
    tail -n 40 "$dir/worker.log" >&2 2>/dev/null || true
  fi
  services_stop "$dir"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
services_start "$dir"

# Production settings, as in scripts/bench.sh: plain http on loopback, mail printed rather than sent.
export DJANGO_SETTINGS_MODULE=insourcing.settings
export DEBUG=false SECURE_SSL_REDIRECT=false ALLOWED_HOSTS=127.0.0.1 EMAIL_URL=consolemail://
export MEDIA_ROOT="$dir/media"
SECRET_KEY=$(python -c 'import secrets; print(secrets.token_urlsafe(50))')
export SECRET_KEY

echo "== migrate, demo data and an open survey (${SECONDS}s)"
python manage.py migrate --noinput -v 0
DEBUG=true python manage.py seed_demo >/dev/null
token=$(python -m bench.soak_seed)
python -m bench.staticfiles

echo "== Celery worker with beat (${SECONDS}s)"
celery -A insourcing worker -B --concurrency=1 --schedule "$dir/celerybeat-schedule" \
  --logfile "$dir/worker.log" --loglevel INFO >/dev/null 2>&1 &
worker_pid=$!

port=$(free_port)
workers=${SOAK_WORKERS:-2}
echo "== gunicorn, $workers workers, on 127.0.0.1:$port (${SECONDS}s)"
gunicorn insourcing.wsgi -c gunicorn.conf.py --workers "$workers" --bind "127.0.0.1:$port" >"$dir/gunicorn.log" 2>&1 &
gunicorn_pid=$!
base_url="http://127.0.0.1:$port"
ready=""
for _ in $(seq 150); do
  kill -0 "$gunicorn_pid" 2>/dev/null || { echo "gunicorn exited during start-up" >&2; exit 1; }
  if python -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' "$base_url/healthz" \
    2>/dev/null; then
    ready=yes
    break
  fi
  sleep 0.2
done
[ -n "$ready" ] || { echo "gunicorn, the worker or the servers were not healthy within 30 s" >&2; exit 1; }

echo "== load (${SECONDS}s)"
python -m bench.soak_load --base-url "$base_url" --token "$token"

echo "== faults (${SECONDS}s)"
SOAK_DIR="$dir" python -m bench.soak_faults --base-url "$base_url" --token "$token" --gunicorn-pid "$gunicorn_pid"

echo "== server errors in gunicorn's access log"
errors=$(grep -cE '^"[^"]*" 5[0-9][0-9] ' "$dir/gunicorn.log" || true)
expected=$(grep -cE '^"[^"]*" 503 ' "$dir/gunicorn.log" || true)
echo "$errors responses with a 5xx status, of which $expected were the expected 503s of the fault checks"
grep -E '^"[^"]*" 5[0-9][0-9] ' "$dir/gunicorn.log" | grep -vE '^"[^"]*" 503 ' && exit 1
echo "== done (${SECONDS}s)"
