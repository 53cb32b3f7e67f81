from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The base layer. Its label stays "advocacy", the name its tables, migrations and permissions carry."""

    name = "core"
    label = "advocacy"
    verbose_name = _("Knowledge base")

    def ready(self):
        from .search import signals

        signals.connect()
