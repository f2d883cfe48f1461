from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"
    verbose_name = _("Bài viết")

    def ready(self):
        # Connects the post_save signal that records revisions of saves made
        # outside the admin (importer, shell).
        from .workflow import revisions  # noqa: F401
