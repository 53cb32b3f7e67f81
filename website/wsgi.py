"""WSGI entry point; production settings unless DJANGO_SETTINGS_MODULE says otherwise."""

import os

from django.core.wsgi import get_wsgi_application
from django.urls import reverse

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "website.settings.production")
application = get_wsgi_application()
# Each server process imports the URLconf, and with it every view, and builds its table of addresses
# now, as it starts: its first request waited about 200 ms for them (a download's first byte).
reverse("home")
