from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PhotosConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "photos"
    verbose_name = _("Ảnh")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from . import renditions
        from .models import ArticlePhoto, Photo

        post_save.connect(renditions._after_photo_save, sender=Photo, dispatch_uid="photos.renditions.stale")
        # A slot's caption is searchable with its article's body (articles.models.refresh_search_captions).
        post_save.connect(_slot_changed, sender=ArticlePhoto, dispatch_uid="photos.slot.search")
        post_delete.connect(_slot_changed, sender=ArticlePhoto, dispatch_uid="photos.slot.search.delete")


def _slot_changed(sender, instance, raw=False, **kwargs):
    from articles.models import refresh_search_captions  # apps.py loads before models can be imported

    if not raw and instance.article_id:
        refresh_search_captions(instance.article_id)
