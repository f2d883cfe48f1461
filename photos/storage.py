"""Where photo files live.

Two storages:
- ``default`` (Django's default storage: ``MEDIA_ROOT`` or S3) holds the
  renditions, the only photo files the public site serves. They are re-encoded
  from pixels and carry no EXIF, GPS or camera data.
- ``photo_originals`` holds each uploaded file exactly as it came from the
  camera or phone (with its metadata). It is never served: on the filesystem it
  lives outside ``MEDIA_ROOT`` (``PHOTO_ORIGINALS_ROOT``), on S3 under a private
  prefix with signed URLs only, and its ``url()`` gives nothing.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage, InvalidStorageError, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty

ORIGINALS_ALIAS = "photo_originals"


class NotPublic(Exception):
    """Asked for the public address of an original. Templates render it as nothing."""

    silent_variable_failure = True


class OriginalsFileStorage(FileSystemStorage):
    """A filesystem storage outside MEDIA_ROOT whose files have no public URL."""

    @property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PHOTO_ORIGINALS_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise NotPublic("Photo originals are never served; use a rendition.")


class _OriginalsStorage(LazyObject):
    def _setup(self):
        try:
            self._wrapped = storages[ORIGINALS_ALIAS]
        except InvalidStorageError:
            self._wrapped = OriginalsFileStorage()


originals_storage = _OriginalsStorage()


def get_originals_storage():
    """The storage of Photo.image (a callable, so migrations name it, not its settings)."""
    return originals_storage


@receiver(setting_changed)
def _reset_originals_storage(*, setting, **kwargs):
    if setting in {"STORAGES", "PHOTO_ORIGINALS_ROOT", "MEDIA_ROOT"}:
        originals_storage._wrapped = empty
