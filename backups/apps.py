from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackupsConfig(AppConfig):
    """The whole-site backup: export_site and import_site (backups/backup.py)."""

    name = "backups"
    verbose_name = _("Sao lưu")
