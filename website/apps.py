from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class WebsiteConfig(AppConfig):
    """The site layer: public pages, the admin's own pages, seed loading."""

    name = "website"

    def ready(self):
        from .summary import summary_forget

        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(summary_forget, dispatch_uid=f"summary-forget-{signal}")
