"""Upload checks for photos, by content and never by file name.

``validate_image`` is the one place that decides whether an uploaded file may
become a Photo: an allowed format (JPEG, PNG, WebP, GIF) that Pillow can fully
decode, within the size and pixel limits of the settings. Every refusal is a
ValidationError with a Vietnamese message for the admin form.

Pixel limits are checked from the header, before a pixel is decoded. A JPEG
is decoded at reduced scale (``Image.draft``), so it may be as large as
``PHOTO_MAX_PIXELS``; PNG, WebP and GIF can only be decoded whole, at 4 to 15
bytes a pixel, so they stop at ``PHOTO_MAX_PIXELS_FULL_DECODE``.
"""

import logging
import re
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from .metadata import PhotoMetadata, load_upright, open_image, oriented_size, read_metadata

logger = logging.getLogger(__name__)

# Formats Pillow can decode at reduced scale (Image.draft): only these may use
# the larger PHOTO_MAX_PIXELS.
SCALED_DECODE_FORMATS = ("JPEG",)

MESSAGES = {
    "too_big": _("Tệp quá lớn: %(size)s. Tệp ảnh tải lên tối đa %(limit)s."),
    "empty": _("Tệp rỗng, không có dữ liệu ảnh."),
    "not_image": _("Tệp này không phải ảnh JPEG, PNG, WebP hoặc GIF (kiểm tra theo nội dung tệp, "
                   "không theo tên tệp). Các loại khác như SVG, PDF, HTML không được nhận."),
    "too_many_pixels": _("Ảnh quá lớn: %(width)s×%(height)s điểm ảnh (%(mp)s megapixel). "
                         "Tối đa %(limit)s megapixel; hãy thu nhỏ ảnh rồi tải lại."),
    "too_many_pixels_full_decode": _(
        "Ảnh %(format)s quá lớn: %(width)s×%(height)s điểm ảnh (%(mp)s megapixel). Ảnh PNG, WebP và GIF "
        "tối đa %(limit)s megapixel; hãy thu nhỏ ảnh hoặc lưu thành JPEG rồi tải lại."),
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
    bomb, corrupt) without decoding more than the limits allow; never anything else
    for a malformed file.
    """
    max_bytes = settings.PHOTO_MAX_UPLOAD_BYTES
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(MESSAGES["too_big"], code="too_big", params={"size": _bytes(size), "limit": _bytes(max_bytes)})
    if size == 0:
        raise ValidationError(MESSAGES["empty"], code="empty")

    with warnings.catch_warnings():
        # Pillow warns past its own pixel limit (our limits below decide) and raises
        # past twice that, before reading any pixel: a header claiming that much is a
        # bomb. It also warns about every broken EXIF entry: refused or not, no noise.
        warnings.simplefilter("ignore")
        try:
            image = open_image(upload)
        except Image.DecompressionBombError as error:
            raise ValidationError(MESSAGES["bomb"], code="bomb", params={"mp": _claimed_megapixels(error)}) from None
        except UnidentifiedImageError:
            raise ValidationError(MESSAGES["not_image"], code="not_image") from None
        except MemoryError:
            raise
        except Exception as error:  # noqa: BLE001 - see _corrupt
            raise _corrupt(error) from None

        _check_pixels(image)
        try:
            metadata = read_metadata(image)
            upright_size = oriented_size(image)
            # Decode every byte of it (a JPEG at reduced scale: the whole stream is
            # still read) so a truncated or corrupt file is refused now, not later.
            load_upright(image, max_width=max(1, upright_size[0] // 8))
        except MemoryError:
            raise
        except Exception as error:  # noqa: BLE001 - see _corrupt
            raise _corrupt(error) from None
    if hasattr(upload, "seek"):
        upload.seek(0)
    return ImageInfo(format=image.format, width=upright_size[0], height=upright_size[1], metadata=metadata)


def _check_pixels(image: Image.Image) -> None:
    """Refuse, from the header alone, an image over the pixel limit of its format."""
    width, height = image.size
    pixels = width * height
    params = {"width": width, "height": height, "mp": _number(pixels / 1e6), "format": image.format}
    max_pixels = settings.PHOTO_MAX_PIXELS
    if image.format not in SCALED_DECODE_FORMATS:
        full_decode = min(max_pixels, settings.PHOTO_MAX_PIXELS_FULL_DECODE)
        if pixels > full_decode:
            raise ValidationError(MESSAGES["too_many_pixels_full_decode"], code="too_many_pixels",
                                  params={**params, "limit": _number(full_decode / 1e6)})
    if pixels > max_pixels:
        raise ValidationError(MESSAGES["too_many_pixels"], code="too_many_pixels",
                              params={**params, "limit": _number(max_pixels / 1e6)})


def _corrupt(error: Exception) -> ValidationError:
    """The refusal of a file Pillow could not read.

    Pillow's parsers meet malformed input with whatever their code trips on:
    OSError, SyntaxError, EOFError, but also struct.error, AttributeError,
    IndexError, KeyError, TypeError from EXIF, IPTC and GIF frame parsing. The
    file is untrusted, so every one of them means the same to the user: the file
    is broken. (MemoryError is not caught: it is not the file's fault.)
    """
    logger.info("Upload refused as corrupt: %s: %s", type(error).__name__, error)
    return ValidationError(MESSAGES["corrupt"], code="corrupt")


def _claimed_megapixels(error) -> str:
    """The pixel count Pillow quotes in its decompression-bomb message, in megapixels."""
    found = re.search(r"\((\d+) pixels\)", str(error))
    return f"{int(found.group(1)) / 1e6:.0f}" if found else "?"
