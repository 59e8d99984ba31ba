#!/usr/bin/env bash
# make bench: throwaway PostgreSQL + Redis, demo and benchmark data, gunicorn with production settings on a free
# loopback port, then `python -m bench` (wrk against gunicorn, in-process PDF timings). Prints a table and
# writes bench/out/latest.json. Everything started here is stopped by its pid on exit.
# Tunables: BENCH_DURATION (10 s per page), BENCH_WARMUP (2 s), BENCH_THREADS (2), BENCH_CONNECTIONS (8),
# BENCH_REPEAT (50 in-process runs); extra arguments go to `python -m bench` (e.g. --only dashboard).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh bench
. .venv/bin/activate
source scripts/services.sh

dir=$(mktemp -d /tmp/insourcing-bench-XXXXXX)
gunicorn_pid=""
cleanup() {
  local status=$?
  if [ -n "$gunicorn_pid" ]; then
    kill -TERM "$gunicorn_pid" 2>/dev/null || true
    wait "$gunicorn_pid" 2>/dev/null || true
  fi
  if [ "$status" -ne 0 ] && [ -f "$dir/gunicorn.log" ]; then
    echo "== gunicorn log, without the access lines" >&2
    grep -v '^"' "$dir/gunicorn.log" | tail -n 40 >&2 || true
  fi
  services_stop "$dir"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
services_start "$dir"

# Production settings, as README's "Running on PostgreSQL and Redis in production", except plain http on
# loopback (no TLS proxy in front) and mail printed rather than sent.
export DJANGO_SETTINGS_MODULE=insourcing.settings
export DEBUG=false SECURE_SSL_REDIRECT=false ALLOWED_HOSTS=127.0.0.1 EMAIL_URL=consolemail://
export MEDIA_ROOT="$dir/media"
SECRET_KEY=$(python -c 'import secrets; print(secrets.token_urlsafe(50))')
export SECRET_KEY

echo "== migrate, demo and benchmark data (${SECONDS}s)"
python manage.py migrate --noinput -v 0
DEBUG=true python manage.py seed_demo >/dev/null
python -m bench.seed
DEBUG=true python manage.py generate_scale_data
# collectstatic --noinput, skipped when no static source changed since the last run (see bench/staticfiles.py).
echo "== collectstatic (${SECONDS}s)"
python -m bench.staticfiles

port=$(free_port)
echo "== gunicorn, 2 workers, on 127.0.0.1:$port (${SECONDS}s)"
# wrk sends every survey submission from one loopback address, which the per-client limit (30 in 10 minutes)
# would refuse after the 30th: lift it for this server only. (make soak keeps the limit on and gives each
# simulated phone its own address instead.)
SURVEY_SUBMIT_LIMIT=1000000000 \
  gunicorn insourcing.wsgi -c gunicorn.conf.py --workers 2 --bind "127.0.0.1:$port" >"$dir/gunicorn.log" 2>&1 &
gunicorn_pid=$!
base_url="http://127.0.0.1:$port"
ready=""
for _ in $(seq 100); do
  kill -0 "$gunicorn_pid" 2>/dev/null || { echo "gunicorn exited during start-up" >&2; exit 1; }
  if python -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' \
    "$base_url/robots.txt" 2>/dev/null; then
    ready=yes
    break
  fi
  sleep 0.2
done
[ -n "$ready" ] || { echo "gunicorn did not answer on $base_url within 20 s" >&2; exit 1; }

echo "== measuring (${SECONDS}s)"
postmaster_pid=$(head -n 1 "$dir/pg/data/postmaster.pid")
python -m bench --base-url "$base_url" --server-pid "$gunicorn_pid" --server-pid "$postmaster_pid" "$@"
echo "== done (${SECONDS}s)"
