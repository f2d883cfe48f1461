from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """`manage.py demo`: the demo newsroom (accounts, the seed article, photos, awards, the other registers).

    It sits above every other app, since it fills them all.
    """

    name = "demo"
    verbose_name = _("Dữ liệu mẫu")
