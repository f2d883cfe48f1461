from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoyaltiesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "royalties"
    verbose_name = _("Nhuận bút")

    def ready(self):
        from django.db.models.signals import post_save

        from articles.models import Article

        from . import receivers

        post_save.connect(receivers.flag_when_article_leaves_site, sender=Article,
                          dispatch_uid="royalties_flag_when_article_leaves_site")
