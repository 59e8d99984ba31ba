#!/usr/bin/env bash
# Install what the project needs, only where missing: Debian packages, the Python venv, npm packages.
# Usage: scripts/setup.sh [run|dev|test|bench]
#   run: what the app runs on (requirements.txt); dev: adds the test, lint and bench tools (requirements-dev.txt);
#   test: dev plus PostgreSQL, Redis, Chromium, poppler, SpamAssassin (each kind of email is scored) and a Java
#   runtime (the Nu HTML Checker, vnu-jar from npm);
#   bench: test plus wrk, and the peer's own virtual environment (var/bench-peer/, bench/peer/requirements.txt:
#   django-survey-and-report, issue 21's comparison); if that cannot be installed, var/bench-peer.unavailable says
#   why and `make bench` reports the peer's rows as SKIPPED instead of failing.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-run}

debs=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-liberation2)
if [ "$mode" = test ] || [ "$mode" = bench ]; then
  debs+=(postgresql redis-server chromium poppler-utils spamassassin default-jre-headless)
fi
if [ "$mode" = bench ]; then debs+=(wrk); fi
missing=()
for p in "${debs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "Missing Debian packages: ${missing[*]} (run: sudo apt-get install ${missing[*]})" >&2; exit 1
  fi
  echo "Installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Stamps hold a hash of what was installed, so a fresh checkout (new mtimes) does not reinstall. The dev stamp
# hashes both files, since requirements-dev.txt includes requirements.txt; installing it satisfies run mode too.
if [ ! -x .venv/bin/python ]; then python3 -m venv .venv; fi
want_run=$(sha256sum requirements.txt | cut -d' ' -f1)
if [ "$mode" = run ]; then
  if [ "$(cat .venv/.installed 2>/dev/null)" != "$want_run" ]; then
    .venv/bin/pip install -q --disable-pip-version-check -r requirements.txt
    echo "$want_run" >.venv/.installed
  fi
else
  want_dev=$(cat requirements.txt requirements-dev.txt | sha256sum | cut -d' ' -f1)
  if [ "$(cat .venv/.installed-dev 2>/dev/null)" != "$want_dev" ]; then
    .venv/bin/pip install -q --disable-pip-version-check -r requirements-dev.txt
    echo "$want_run" >.venv/.installed
    echo "$want_dev" >.venv/.installed-dev
  fi
fi
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat node_modules/.installed 2>/dev/null)" != "$want" ]; then
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" >node_modules/.installed
fi
mkdir -p var

if [ "$mode" = bench ]; then
  # The peer lives apart from the app's venv: its Django and packages must never reach the app.
  want=$(sha256sum bench/peer/requirements.txt | cut -d' ' -f1)
  if [ "$(cat var/bench-peer/.installed 2>/dev/null)" != "$want" ]; then
    rm -rf var/bench-peer var/bench-peer.unavailable
    if python3 -m venv var/bench-peer &&
      var/bench-peer/bin/pip install -q --disable-pip-version-check -r bench/peer/requirements.txt \
        >var/bench-peer.log 2>&1; then
      echo "$want" >var/bench-peer/.installed
    else
      echo "pip could not install bench/peer/requirements.txt: $(tail -n 3 var/bench-peer.log 2>/dev/null)" \
        >var/bench-peer.unavailable
      echo "The peer (django-survey-and-report) could not be installed; its rows will be SKIPPED" >&2
    fi
  fi
fi
