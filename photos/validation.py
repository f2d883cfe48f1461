"""Upload checks for photos, by content and never by file name.

``validate_image`` is the one place that decides whether an uploaded file may
become a Photo: an allowed format (JPEG, PNG, WebP, GIF) that Pillow can fully
decode, within the size and pixel limits of the settings. Every refusal is a
ValidationError with a Vietnamese message for the admin form.
"""

import re
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from .metadata import PhotoMetadata, load_upright, open_image, oriented_size, read_metadata

MESSAGES = {
    "too_big": _("Tệp quá lớn: %(size)s. Tệp ảnh tải lên tối đa %(limit)s."),
    "empty": _("Tệp rỗng, không có dữ liệu ảnh."),
    "not_image": _("Tệp này không phải ảnh JPEG, PNG, WebP hoặc GIF (kiểm tra theo nội dung tệp, "
                   "không theo tên tệp). Các loại khác như SVG, PDF, HTML không được nhận."),
    "too_many_pixels": _("Ảnh quá lớn: %(width)s×%(height)s điểm ảnh (%(mp)s megapixel). "
                         "Tối đa %(limit)s megapixel; hãy thu nhỏ ảnh rồi tải lại."),
    "bomb": _("Ảnh khai báo kích thước bất thường (%(mp)s megapixel), có thể là “bom giải nén”; tệp bị từ chối."),
    "corrupt": _("Tệp ảnh bị hỏng hoặc không đầy đủ (có thể tải lên bị ngắt giữa chừng); hãy tải lại tệp gốc."),
}


@dataclass(frozen=True)
class ImageInfo:
    format: str
    width: int
    height: int
    metadata: PhotoMetadata


def _number(value: float) -> str:
    """At most one decimal, Vietnamese decimal comma: 25, 1,5."""
    return f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",")


def _bytes(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{_number(size / (1024 * 1024))} MB"
    return f"{_number(size / 1024)} KB"


def validate_image(upload) -> ImageInfo:
    """Check an uploaded file; return its format, upright size and caption/credit metadata.

    Raises ValidationError (code: too_big, empty, not_image, too_many_pixels,
    bomb, corrupt) without decoding more than the limits allow.
    """
    max_bytes = settings.PHOTO_MAX_UPLOAD_BYTES
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(MESSAGES["too_big"], code="too_big", params={"size": _bytes(size), "limit": _bytes(max_bytes)})
    if size == 0:
        raise ValidationError(MESSAGES["empty"], code="empty")

    max_pixels = settings.PHOTO_MAX_PIXELS
    with warnings.catch_warnings():
        # Pillow warns past its own pixel limit (our limit below decides) and raises
        # past twice that, before reading any pixel: a header claiming that much is a bomb.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            image = open_image(upload)
        except Image.DecompressionBombError as error:
            raise ValidationError(MESSAGES["bomb"], code="bomb", params={"mp": _claimed_megapixels(error)}) from None
        except UnidentifiedImageError:
            raise ValidationError(MESSAGES["not_image"], code="not_image") from None
        except (OSError, SyntaxError, ValueError, EOFError):
            raise ValidationError(MESSAGES["corrupt"], code="corrupt") from None

        width, height = image.size
        if width * height > max_pixels:
            raise ValidationError(MESSAGES["too_many_pixels"], code="too_many_pixels", params={
                "width": width, "height": height, "mp": _number(width * height / 1e6),
                "limit": _number(max_pixels / 1e6)})
        try:
            metadata = read_metadata(image)
            upright_size = oriented_size(image)
            # Decode every byte of it (a JPEG at reduced scale: the whole stream is
            # still read) so a truncated or corrupt file is refused now, not later.
            load_upright(image, max_width=max(1, upright_size[0] // 8))
        except (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError):
            raise ValidationError(MESSAGES["corrupt"], code="corrupt") from None
    if hasattr(upload, "seek"):
        upload.seek(0)
    return ImageInfo(format=image.format, width=upright_size[0], height=upright_size[1], metadata=metadata)


def _claimed_megapixels(error) -> str:
    """The pixel count Pillow quotes in its decompression-bomb message, in megapixels."""
    found = re.search(r"\((\d+) pixels\)", str(error))
    return f"{int(found.group(1)) / 1e6:.0f}" if found else "?"
