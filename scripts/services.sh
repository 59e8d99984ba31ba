#!/usr/bin/env bash
# Throwaway PostgreSQL and Redis on loopback for tests and benchmarks.
#   source scripts/services.sh; services_start DIR; ...; services_stop DIR
# Exports DATABASE_URL and REDIS_URL. Stops by pid file, never by name.

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

services_start() {
  local dir=$1
  mkdir -p "$dir"
  chmod 755 "$dir"
  local pgbin; pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  local pgport; pgport=$(free_port)
  local redisport; redisport=$(free_port)
  install -d -o postgres -g postgres -m 700 "$dir/pg"
  runuser -u postgres -- "$pgbin/initdb" -D "$dir/pg/data" -U postgres -E UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 >"$dir/initdb.log"
  runuser -u postgres -- "$pgbin/pg_ctl" -D "$dir/pg/data" -l "$dir/pg/server.log" -w -o \
    "-c listen_addresses=127.0.0.1 -c port=$pgport -c unix_socket_directories=$dir/pg -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
    start >/dev/null
  psql -q -h "$dir/pg" -p "$pgport" -U postgres \
    -c "CREATE ROLE app LOGIN CREATEDB PASSWORD 'app'" -c "CREATE DATABASE app OWNER app" >/dev/null
  redis-server --daemonize yes --bind 127.0.0.1 --port "$redisport" --pidfile "$dir/redis.pid" \
    --dir "$dir" --save '' --appendonly no --logfile "$dir/redis.log"
  for _ in $(seq 50); do [ -f "$dir/redis.pid" ] && break; sleep 0.1; done
  echo "$pgbin" >"$dir/pgbin"
  export DATABASE_URL="postgres://app:app@127.0.0.1:$pgport/app"
  export REDIS_URL="redis://127.0.0.1:$redisport/0"
  echo "PostgreSQL on 127.0.0.1:$pgport, Redis on 127.0.0.1:$redisport ($dir)"
}

services_stop() {
  local dir=$1
  if [ -f "$dir/pgbin" ] && [ -f "$dir/pg/data/postmaster.pid" ]; then
    runuser -u postgres -- "$(cat "$dir/pgbin")/pg_ctl" -D "$dir/pg/data" -m immediate stop >/dev/null 2>&1 || true
  fi
  if [ -f "$dir/redis.pid" ]; then kill "$(cat "$dir/redis.pid")" 2>/dev/null || true; fi
  rm -rf "$dir"
}
