#!/usr/bin/env bash
# make bench: throwaway PostgreSQL + Redis, demo and benchmark data, gunicorn with production settings on a free
# loopback port, then `python -m bench` (wrk against gunicorn, in-process timings). Prints a table and
# writes bench/out/latest.json. Everything started here is stopped by its pid on exit.
# Beside the app's gunicorn, two more servers give issue 21's anchors, measured in the same run:
#   - the Django admin anchors (bench/anchor_admin.py: changelists for the list pages' models), a second gunicorn
#     of the app's code with bench.anchor_settings;
#   - the peer, django-survey-and-report, from its own venv (var/bench-peer/, made by scripts/setup.sh bench) on
#     its own database in the same PostgreSQL; skipped, with the reason printed, if it could not be installed.
# Each server runs 2 sync workers. Tunables: BENCH_DURATION (10 s per page, or per side of a pair), BENCH_WARMUP
# (2 s), BENCH_THREADS (2), BENCH_CONNECTIONS (8), BENCH_REPEAT (50 in-process runs), BENCH_PDF_REPEAT (20),
# BENCH_ROUNDS (3 interleaved rounds per pair), BENCH_SURVEY_ANSWERS (100,000 answers for the results comparison),
# BENCH_PEER_EXPORT_RUNS (1); extra arguments go to `python -m bench` (e.g. --only dashboard).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh bench
. .venv/bin/activate
source scripts/services.sh

dir=$(mktemp -d /tmp/insourcing-bench-XXXXXX)
server_pids=()
cleanup() {
  local status=$? pid log
  for pid in "${server_pids[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  if [ "$status" -ne 0 ]; then
    for log in "$dir"/gunicorn-*.log; do
      [ -f "$log" ] || continue
      echo "== $(basename "$log"), without the access lines" >&2
      grep -v '^"' "$log" | tail -n 40 >&2 || true
    done
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
python -m bench.seed --scale

peer_args=()
if [ -f var/bench-peer.unavailable ]; then
  peer_args=(--peer-unavailable "$(cat var/bench-peer.unavailable)")
else
  echo "== the peer's database (${SECONDS}s)"
  psql -q -h "$dir/pg" -p "$(cat "$dir/pgport")" -U postgres -c "CREATE DATABASE peer OWNER app" >/dev/null
  export PEER_DATABASE_URL="postgres://app:app@127.0.0.1:$(cat "$dir/pgport")/peer" PEER_CSV_DIRECTORY="$dir"
  DJANGO_SETTINGS_MODULE=bench.peer.settings var/bench-peer/bin/python -m django migrate --noinput -v 0
fi
# collectstatic --noinput, skipped when no static source changed since the last run (see bench/staticfiles.py).
echo "== collectstatic (${SECONDS}s)"
python -m bench.staticfiles

# start_server NAME PYTHON SETTINGS [ENV=VALUE...]: gunicorn with 2 workers on a free loopback port; sets
# $server_url once it answers /robots.txt (the app) or anything at all (the others).
start_server() {
  local name=$1 python=$2 settings=$3 port pid ready=""
  shift 3
  port=$(free_port)
  echo "== $name: gunicorn, 2 workers, on 127.0.0.1:$port (${SECONDS}s)"
  env "$@" DJANGO_SETTINGS_MODULE="$settings" "$python" -m gunicorn "$([ "$name" = peer ] && echo bench.peer.wsgi || echo insourcing.wsgi)" \
    -c gunicorn.conf.py --workers 2 --bind "127.0.0.1:$port" >"$dir/gunicorn-$name.log" 2>&1 &
  pid=$!
  server_pids+=("$pid")
  server_url="http://127.0.0.1:$port"
  for _ in $(seq 150); do
    kill -0 "$pid" 2>/dev/null || { echo "$name: gunicorn exited during start-up" >&2; exit 1; }
    if python -c 'import sys, urllib.request, urllib.error
try:
    urllib.request.urlopen(sys.argv[1], timeout=2)
except urllib.error.HTTPError:
    pass' "$server_url/robots.txt" 2>/dev/null; then
      ready=yes
      break
    fi
    sleep 0.2
  done
  [ -n "$ready" ] || { echo "$name: gunicorn did not answer on $server_url within 30 s" >&2; exit 1; }
}

# wrk sends every survey submission from one loopback address, which the per-client limit (30 in 10 minutes)
# would refuse after the 30th: lift it for this server only. (make soak keeps the limit on and gives each
# simulated phone its own address instead.)
start_server app python insourcing.settings SURVEY_SUBMIT_LIMIT=1000000000
base_url=$server_url
start_server anchors python bench.anchor_settings
anchor_url=$server_url
if [ ${#peer_args[@]} -eq 0 ]; then
  start_server peer var/bench-peer/bin/python bench.peer.settings
  peer_args=(--peer-url "$server_url" --peer-python var/bench-peer/bin/python)
fi

echo "== measuring (${SECONDS}s)"
postmaster_pid=$(head -n 1 "$dir/pg/data/postmaster.pid")
pid_args=()
for pid in "${server_pids[@]}" "$postmaster_pid"; do pid_args+=(--server-pid "$pid"); done
python -m bench --base-url "$base_url" --anchor-url "$anchor_url" "${peer_args[@]}" "${pid_args[@]}" "$@"
echo "== done (${SECONDS}s)"
