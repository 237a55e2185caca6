#!/usr/bin/env bash
# Serves Kizuna with gunicorn and runs the background task worker beside it; Ctrl-C stops both.
set -euo pipefail
port="${1:-8000}"
bin=.venv/bin
"$bin/kizuna" db_worker --interval 1 &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT INT TERM
"$bin/kizuna" demo_logins || true
echo "Kizuna is at http://127.0.0.1:${port}/ (Ctrl-C to stop)"
"$bin/gunicorn" kizuna.wsgi:application --bind "127.0.0.1:${port}" --workers 2 --threads 4 \
  --access-logfile - --graceful-timeout 5
