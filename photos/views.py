"""The signed addresses of renditions: photos that no live article shows yet.

The admin and previews show such photos through ``/xem-truoc/anh/<token>/``
(photos/renditions.py, ``signed_url``): a rendition id and an expiry time,
signed with SECRET_KEY. A bad, tampered or expired token is a 404, like a
photo that does not exist. Responses are private to the browser and kept by
no shared cache.
"""

import time

from django.core import signing
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.views.decorators.http import require_safe

from .models import Rendition
from .renditions import read_signed_token, storage_errors

CONTENT_TYPES = {Rendition.Format.WEBP: "image/webp", Rendition.Format.JPEG: "image/jpeg"}


@require_safe
def signed_rendition(request, token: str):
    try:
        rendition_pk, expires = read_signed_token(token)
    except signing.BadSignature:
        raise Http404("Địa chỉ ảnh không hợp lệ hoặc đã hết hạn.") from None
    rendition = Rendition.objects.filter(pk=rendition_pk).only("file", "format").first()
    if rendition is None:
        raise Http404("Không có ảnh này.")
    try:
        file = default_storage.open(rendition.file.name, "rb")
    except storage_errors():
        raise Http404("Không đọc được tệp ảnh.") from None
    response = FileResponse(file, content_type=CONTENT_TYPES.get(rendition.format, "application/octet-stream"))
    response["Cache-Control"] = f"private, max-age={max(0, int(expires - time.time()))}"
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response
