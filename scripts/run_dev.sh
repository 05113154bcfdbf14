#!/bin/sh
# Run the web server, a Celery worker and Celery beat together; Ctrl-C stops all three.
set -eu
PY=${PY:-.venv/bin/python}
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
SITE_URL=${SITE_URL:-http://$HOST:$PORT}
export SITE_URL
mkdir -p var/log
"$PY" -m celery -A config worker --loglevel=INFO --concurrency=2 >var/log/worker.log 2>&1 &
worker=$!
"$PY" -m celery -A config beat --loglevel=INFO --schedule var/celerybeat-schedule >var/log/beat.log 2>&1 &
beat=$!
trap 'kill $worker $beat 2>/dev/null; wait 2>/dev/null' EXIT INT TERM
cat <<INFO

  Onderwijsambassadeurs runs on http://$HOST:$PORT/
  Demo logins (password: onderwijs-demo):
    staff@demo.example        foundation staff
    leader@demo.example       school leader
    ambassador@demo.example   ambassador
    researcher@demo.example   researcher
    researcher2@demo.example  researcher (second coder of the demo study)
  E-mails sent land in var/outbox/; worker and beat log to var/log/.

INFO
"$PY" manage.py runserver "$HOST:$PORT"
