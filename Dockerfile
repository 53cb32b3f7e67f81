FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=advocacy.settings.production
RUN apt-get update && apt-get install -y --no-install-recommends gettext && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
# compilemessages imports the settings; a throwaway key lets it run at build time only.
RUN SECRET_KEY=build-only-not-secret python manage.py compilemessages --locale ar -v 0 \
    && useradd --create-home app && mkdir -p var && chown -R app var
USER app
EXPOSE 8000
CMD ["docker/start.sh"]
