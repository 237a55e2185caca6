#!/usr/bin/env bash
# Serves Kizuna with gunicorn, runs the background task worker beside it, and runs the periodic jobs
# (reminders) every hour; Ctrl-C stops all three. In production, run the worker as a service and the
# periodic jobs from cron or a scheduler instead (docs/deploy-at-scale.md).
set -euo pipefail
port="${1:-8000}"
bin=.venv/bin
"$bin/kizuna" db_worker --interval 1 &
worker=$!
(
  while true; do
    for job in request_reminders grant_report_reminders expire_event_offers dispatch_reminders purge_signage_packs safety_reminders reappointment_reminders learning_reminders purge_counselling send_newsletters; do
      if "$bin/kizuna" help "$job" >/dev/null 2>&1; then "$bin/kizuna" "$job" >/dev/null 2>&1 || true; fi
    done
    sleep 3600
  done
) &
periodic=$!
trap 'kill $worker $periodic 2>/dev/null || true' EXIT INT TERM
echo
"$bin/kizuna" demo_logins || true
echo
echo "Kizuna is at http://127.0.0.1:${port}/ (Ctrl-C to stop). Mail is written to var/mail/ (no mail server is set)."
# --limit-request-line: above Kizuna's own limit of an address (4,000 characters), so that Kizuna answers a long
# one itself (414, JSON under /api/) rather than gunicorn with an HTML page.
"$bin/gunicorn" kizuna.wsgi:application --bind "127.0.0.1:${port}" --workers 2 --threads 4 \
  --limit-request-line 8190 --access-logfile - --graceful-timeout 5
