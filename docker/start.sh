#!/bin/sh
# Start the app as docker compose runs it: migrate, make the cache table, collect static files,
# serve with gunicorn.
set -eu
python manage.py migrate --noinput
python manage.py createcachetable
python manage.py collectstatic --noinput -v 0
# Threaded workers keep reporting to the arbiter while a long CSV export streams, so a large
# download is not killed by the worker timeout as a sync worker's would be.
exec gunicorn website.wsgi:application \
  --bind "0.0.0.0:${PORT:-8000}" \
  --workers "${WEB_CONCURRENCY:-3}" \
  --worker-class gthread \
  --threads "${GUNICORN_THREADS:-4}" \
  --access-logfile - \
  --forwarded-allow-ips "${FORWARDED_ALLOW_IPS:-*}"
