from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReadershipConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "readership"
    verbose_name = _("Thống kê")

    def ready(self):
        # The beacon (articles/public/counter.py) tells of every counted view; it
        # never imports this app. Views never invalidate public pages: "readership"
        # is not in PAGE_CACHE_CONTENT_APPS (docs/statistics.md).
        from articles.models import Article
        from articles.public.counter import article_viewed

        from .counting import record_view

        article_viewed.connect(record_view, sender=Article, dispatch_uid="readership.record_view")
