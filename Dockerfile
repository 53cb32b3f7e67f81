FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=website.settings.production
RUN apt-get update && apt-get install -y --no-install-recommends gettext && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.lock .
RUN pip install --no-cache-dir --require-hashes -r requirements.lock
COPY . .
# compilemessages imports the settings; the development ones need no secret at build time.
RUN DJANGO_SETTINGS_MODULE=website.settings.base python manage.py compilemessages --locale ar -v 0 \
    && useradd --create-home app && mkdir -p var && chown -R app var
USER app
EXPOSE 8000
CMD ["docker/start.sh"]
