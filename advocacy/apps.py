from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdvocacyConfig(AppConfig):
    name = "advocacy"
    verbose_name = _("Knowledge base")

    def ready(self):
        from .search import signals

        signals.connect()
