#!/usr/bin/env bash
# Throwaway PostgreSQL and Redis on loopback for tests and benchmarks.
#   source scripts/services.sh; services_start DIR; ...; services_stop DIR
# Exports DATABASE_URL and REDIS_URL. Stops by pid file, never by name.
# The soak test also stops and restarts each server on its own port: services_pg_stop / services_pg_start DIR,
# services_redis_stop / services_redis_start DIR.

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

services_pg_start() {
  local dir=$1
  runuser -u postgres -- "$(cat "$dir/pgbin")/pg_ctl" -D "$dir/pg/data" -l "$dir/pg/server.log" -w -o \
    "-c listen_addresses=127.0.0.1 -c port=$(cat "$dir/pgport") -c unix_socket_directories=$dir/pg -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
    start >/dev/null
}

services_pg_stop() {
  local dir=$1
  runuser -u postgres -- "$(cat "$dir/pgbin")/pg_ctl" -D "$dir/pg/data" -m fast -w stop >/dev/null
}

services_redis_start() {
  local dir=$1
  rm -f "$dir/redis.pid"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$(cat "$dir/redisport")" --pidfile "$dir/redis.pid" \
    --dir "$dir" --save '' --appendonly no --logfile "$dir/redis.log"
  for _ in $(seq 50); do [ -f "$dir/redis.pid" ] && break; sleep 0.1; done
}

services_redis_stop() {
  local dir=$1 pid
  pid=$(cat "$dir/redis.pid")
  kill "$pid"
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  echo "Redis (pid $pid) did not stop" >&2
  return 1
}

services_start() {
  local dir=$1
  mkdir -p "$dir"
  chmod 755 "$dir"
  ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1 >"$dir/pgbin"
  free_port >"$dir/pgport"
  free_port >"$dir/redisport"
  install -d -o postgres -g postgres -m 700 "$dir/pg"
  runuser -u postgres -- "$(cat "$dir/pgbin")/initdb" -D "$dir/pg/data" -U postgres -E UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 >"$dir/initdb.log"
  services_pg_start "$dir"
  psql -q -h "$dir/pg" -p "$(cat "$dir/pgport")" -U postgres \
    -c "CREATE ROLE app LOGIN CREATEDB PASSWORD 'app'" -c "CREATE DATABASE app OWNER app" >/dev/null
  services_redis_start "$dir"
  export DATABASE_URL="postgres://app:app@127.0.0.1:$(cat "$dir/pgport")/app"
  export REDIS_URL="redis://127.0.0.1:$(cat "$dir/redisport")/0"
  echo "PostgreSQL on 127.0.0.1:$(cat "$dir/pgport"), Redis on 127.0.0.1:$(cat "$dir/redisport") ($dir)"
}

services_stop() {
  local dir=$1
  if [ -f "$dir/pgbin" ] && [ -f "$dir/pg/data/postmaster.pid" ]; then
    runuser -u postgres -- "$(cat "$dir/pgbin")/pg_ctl" -D "$dir/pg/data" -m immediate stop >/dev/null 2>&1 || true
  fi
  if [ -f "$dir/redis.pid" ]; then kill "$(cat "$dir/redis.pid")" 2>/dev/null || true; fi
  rm -rf "$dir"
}
