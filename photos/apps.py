from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PhotosConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "photos"
    verbose_name = _("Ảnh")

    def ready(self):
        from django.db.models.signals import post_save

        from . import renditions
        from .models import Photo

        post_save.connect(renditions._after_photo_save, sender=Photo, dispatch_uid="photos.renditions.stale")
