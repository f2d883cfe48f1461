from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagecacheConfig(AppConfig):
    name = "pagecache"
    verbose_name = _("Bộ nhớ đệm trang công khai")

    def ready(self):
        from . import checks, receivers  # noqa: F401  (checks registers itself)

        receivers.connect()
