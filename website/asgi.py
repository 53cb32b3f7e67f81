"""ASGI entry point; production settings unless DJANGO_SETTINGS_MODULE says otherwise."""

import os

from django.core.asgi import get_asgi_application
from django.urls import reverse

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "website.settings.production")
application = get_asgi_application()
# As in website/wsgi.py: the URLconf, every view and the table of addresses are loaded as the process starts.
reverse("home")
