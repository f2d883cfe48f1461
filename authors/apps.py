from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuthorsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "authors"
    verbose_name = _("Tác giả")
