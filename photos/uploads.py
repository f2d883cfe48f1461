"""Where an uploaded image becomes a Photo, for every way in: the library's add form, the
photo slot's upload field and the body editor's upload (photos/editor.py).

The file has passed photos/validation.py (``upload.photo_info``). The same file
uploaded again (same sha256 of its bytes, ``Photo.content_hash``) reuses the
photo already in the library instead of making a copy, but only a photo the
uploader may see (photos/permissions.py): a copy that only another reporter's
draft uses stays hidden, and the uploader gets a new Photo of their own, as if
the other did not exist.
"""

from django.db import transaction

from . import permissions
from .models import Photo, sha256_of
from .renditions import ensure_renditions


def reusable_photo(upload, *, user) -> Photo | None:
    """The library photo with the same content as `upload` that `user` may see (the oldest), or None.

    With no user (code outside the admin) any photo with that content.
    """
    queryset = Photo.objects.filter(content_hash=sha256_of(upload))
    if user is not None:
        queryset = permissions.visible_photos(user, queryset)
    return queryset.order_by("pk").first()


def photo_from_upload(upload, *, user, alt_text: str = "", caption: str = "", credit: str = "") -> tuple[Photo, bool]:
    """(the photo for this upload, whether it was reused).

    A new photo gets the typed texts, blank caption and credit filled from the
    file's IPTC/EXIF, and its renditions (one transaction: a storage failure
    leaves no photo). A reused photo is returned as it is.
    """
    existing = reusable_photo(upload, user=user)
    if existing is not None:
        return existing, True
    metadata = upload.photo_info.metadata
    uploader = user if user is not None and user.is_authenticated else None
    with transaction.atomic():
        photo = Photo.objects.create(image=upload, alt_text=alt_text, uploaded_by=uploader,
                                     caption=caption or metadata.caption, credit=credit or metadata.credit)
        ensure_renditions(photo)
    return photo, False
