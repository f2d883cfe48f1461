from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsroomConfig(AppConfig):
    """The project package as an app: its system checks (newsroom/checks.py), and the parts of
    Django's admin that need more than a translation to read in Vietnamese (newsroom/admin.py)."""

    name = "newsroom"
    verbose_name = _("Cổng thông tin")

    def ready(self):
        from . import checks  # noqa: F401  (registers the checks)
        from .admin import install_vietnamese_admin

        install_vietnamese_admin()
