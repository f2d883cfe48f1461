"""Reading what a camera or phone wrote into a photo: orientation, caption, author.

Also opening an image for processing: orientation applied, and large JPEGs
decoded at reduced size (``Image.draft``) when only a smaller picture is needed.
"""

import math
from dataclasses import dataclass

from PIL import Image, ImageOps, IptcImagePlugin

from newsroom.text import normalize

# The formats a photo may have, judged by content (Pillow's names).
ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")

ORIENTATION = 0x0112
# EXIF tags (IFD0) and IPTC datasets (record 2) that say what the photo shows and who made it.
EXIF_DESCRIPTION, EXIF_ARTIST, EXIF_COPYRIGHT = 0x010E, 0x013B, 0x8298
EXIF_XP_TITLE, EXIF_XP_COMMENT, EXIF_XP_AUTHOR = 0x9C9B, 0x9C9C, 0x9C9D
IPTC_CAPTION, IPTC_BYLINE, IPTC_CREDIT, IPTC_COPYRIGHT, IPTC_HEADLINE = (2, 120), (2, 80), (2, 110), (2, 116), (2, 105)


@dataclass(frozen=True)
class PhotoMetadata:
    caption: str = ""
    credit: str = ""


def open_image(fileobj) -> Image.Image:
    """Open (header only) an image of an allowed format; raises PIL errors otherwise."""
    if hasattr(fileobj, "seek"):
        fileobj.seek(0)
    return Image.open(fileobj, formats=ALLOWED_FORMATS)


def orientation(image: Image.Image) -> int:
    try:
        return int(image.getexif().get(ORIENTATION, 1))
    except (TypeError, ValueError):
        return 1


def oriented_size(image: Image.Image) -> tuple[int, int]:
    """Width and height as the photo is seen upright (EXIF orientation 5-8 swap them)."""
    width, height = image.size
    return (height, width) if orientation(image) in (5, 6, 7, 8) else (width, height)


def load_upright(image: Image.Image, *, max_width: int | None = None) -> Image.Image:
    """Decode an opened image, upright, without its metadata.

    With ``max_width``, a JPEG is decoded at the smallest of 1/1, 1/2, 1/4, 1/8
    scale that is still at least that wide (upright), which is what keeps a
    24-megapixel photo from needing ~70 MB per decoded copy.
    """
    if max_width and image.format == "JPEG":
        width, height = oriented_size(image)
        if max_width < width:
            scale = max_width / width
            raw_w, raw_h = image.size
            image.draft("RGB", (math.ceil(raw_w * scale), math.ceil(raw_h * scale)))
    if getattr(image, "is_animated", False):
        image.seek(0)  # an animated GIF is shown by its first frame
    icc_profile = image.info.get("icc_profile")
    image.load()
    # In place: no second full-size copy when the photo is already upright.
    ImageOps.exif_transpose(image, in_place=True)
    upright = image
    if upright.mode in ("RGBA", "LA") or (upright.mode == "P" and "transparency" in upright.info):
        upright = upright.convert("RGBA")
    elif upright.mode != "RGB":
        upright = upright.convert("RGB")
    # Drop EXIF, XMP, IPTC, comments: nothing of the original travels on. The
    # colour profile is kept (it is not personal and changes how colours look).
    upright.info = {"icc_profile": icc_profile} if icc_profile else {}
    return upright


def _text(value) -> str:
    """A metadata value as clean text: bytes as UTF-8 (else Windows-1252), lists joined."""
    if isinstance(value, (list, tuple)):
        return ", ".join(filter(None, (_text(item) for item in value)))
    if isinstance(value, bytes):
        for encoding in ("utf-8", "cp1252", "latin-1"):
            try:
                value = value.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
    elif isinstance(value, str):
        # Pillow reads EXIF ASCII as Latin-1; phones often write UTF-8 there.
        try:
            value = value.encode("latin-1").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    else:
        return ""
    return " ".join(normalize(value.replace("\x00", " ")).split())


def _xp(value) -> str:
    """Windows XP* tags: UTF-16LE bytes (Pillow may give a tuple of byte values)."""
    if isinstance(value, tuple):
        value = bytes(value)
    if isinstance(value, bytes):
        return " ".join(value.decode("utf-16-le", "ignore").replace("\x00", " ").split())
    return _text(value)


def read_metadata(image: Image.Image) -> PhotoMetadata:
    """Caption and credit from IPTC (preferred, set by photo desks) or EXIF fields."""
    iptc = {}
    try:
        iptc = IptcImagePlugin.getiptcinfo(image) or {}
    except (SyntaxError, ValueError, IndexError, TypeError):  # a broken IPTC block is ignored
        iptc = {}
    try:
        exif = image.getexif()  # a PNG decodes here: OSError (broken file) goes to the caller
    except (SyntaxError, ValueError, TypeError):
        exif = {}

    caption = (_text(iptc.get(IPTC_CAPTION)) or _text(exif.get(EXIF_DESCRIPTION))
               or _xp(exif.get(EXIF_XP_COMMENT)) or _xp(exif.get(EXIF_XP_TITLE)) or _text(iptc.get(IPTC_HEADLINE)))
    author = _text(iptc.get(IPTC_BYLINE)) or _text(exif.get(EXIF_ARTIST)) or _xp(exif.get(EXIF_XP_AUTHOR))
    copyright_ = _text(iptc.get(IPTC_COPYRIGHT)) or _text(exif.get(EXIF_COPYRIGHT)) or _text(iptc.get(IPTC_CREDIT))
    if author and copyright_ and copyright_.casefold() not in author.casefold():
        credit = f"{author} – {copyright_}"
    else:
        credit = author or copyright_
    return PhotoMetadata(caption=caption[:2000], credit=credit[:200])
