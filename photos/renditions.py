"""Renditions: the resized, metadata-free copies of a photo that the public site serves.

Each photo gets, per configured width (``PHOTO_RENDITION_WIDTHS``, never wider
than the photo), a WebP and a JPEG; each article gets an OpenGraph crop
(1200×630) of its first photo around the focal point. All are made once,
stored in Django's default storage (filesystem or S3) and recorded as
``Rendition`` rows. Making them takes a row lock on the Photo
(``select_for_update``; on SQLite the write transaction itself), so two first
requests at the same moment make them once; the unique constraint is the last
guard. ``Photo.save`` deletes renditions of a replaced image or focal point.

Addresses: a rendition's file name holds 128 random bits
(``renditions/<photo id>/<random>-<width>w.webp``), so none can be guessed from
another or from the upload. The plain address is put only in pages of live
articles (``public=True``); everything else (the admin, previews of drafts and
of scheduled articles) gets a signed address that expires
(``PHOTO_SIGNED_URL_SECONDS``), served by photos/views.py. So a photo no live
article shows cannot be fetched by anyone who has not just been shown it.
"""

import functools
import io
import logging
import math
import secrets
import struct
import time
from types import MappingProxyType

from django.conf import settings
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.signals import setting_changed
from django.db import transaction
from django.db.models import Q
from django.dispatch import receiver
from django.urls import reverse
from PIL import Image

from articles.body import referenced_ids
from newsroom.links import absolute_url

from .metadata import load_upright, open_image
from .models import Photo, Rendition

logger = logging.getLogger(__name__)

OG_SIZE = (1200, 630)
FORMATS = (Rendition.Format.WEBP, Rendition.Format.JPEG)
ENCODER = {
    Rendition.Format.JPEG: ("JPEG", "jpg", {"quality": 82, "optimize": True, "progressive": True}),
    Rendition.Format.WEBP: ("WEBP", "webp", {"quality": 80, "method": 4}),
}


def storage_errors() -> tuple[type[Exception], ...]:
    """What a missing file or an unreachable storage raises (filesystem, Pillow, S3)."""
    # struct.error and EOFError: a malformed file that reached the library before
    # uploads were checked as strictly (photos/validation.py) still renders as nothing.
    errors: list[type[Exception]] = [OSError, Image.DecompressionBombError, SyntaxError, ValueError, EOFError,
                                     struct.error]
    try:
        from botocore.exceptions import BotoCoreError, ClientError
    except ImportError:
        pass
    else:
        errors += [BotoCoreError, ClientError]
    return tuple(errors)


def rendition_widths(photo: Photo) -> list[int]:
    """The widths to make for this photo: the configured ones, none wider than the photo."""
    configured = sorted({int(width) for width in settings.PHOTO_RENDITION_WIDTHS if int(width) > 0})
    full = photo.width or configured[-1]
    return sorted({min(width, full) for width in configured})


def og_source(photo: Photo) -> str:
    return f"{photo.image.name}#focal={photo.focal_x:.4f},{photo.focal_y:.4f}"


def focal_crop_box(width: int, height: int, focal_x: float, focal_y: float,
                   ratio: float = OG_SIZE[0] / OG_SIZE[1]) -> tuple[int, int, int, int]:
    """The largest box of the given width/height ratio that keeps the focal point as
    central as the picture's edges allow: (left, top, right, bottom)."""
    if width / height > ratio:
        crop_w, crop_h = round(height * ratio), height
    else:
        crop_w, crop_h = width, round(width / ratio)
    left = min(max(round(focal_x * width - crop_w / 2), 0), width - crop_w)
    top = min(max(round(focal_y * height - crop_h / 2), 0), height - crop_h)
    return left, top, left + crop_w, top + crop_h


def ensure_renditions(photo: Photo) -> list[Rendition]:
    """The photo's width renditions (WebP and JPEG per width), made now if missing."""
    wanted = {(fmt, width) for fmt in FORMATS for width in rendition_widths(photo)}
    have = {(r.format, r.width): r for r in photo.renditions.all()
            if r.kind == Rendition.Kind.WIDTH and r.source == photo.image.name}
    if not wanted <= have.keys():
        with transaction.atomic():
            _lock(photo)
            have = {(r.format, r.width): r for r in Rendition.objects.filter(
                photo=photo, kind=Rendition.Kind.WIDTH, source=photo.image.name)}
            missing = wanted - have.keys()
            if missing:
                have.update(_make_width_renditions(photo, missing))
        _forget_prefetched(photo)
    made = sorted((have[key] for key in wanted), key=lambda r: (r.format, r.width))
    _remember(photo, picture={
        "source": photo.image.name,
        "webp": [[r.file.name, r.width, r.pk] for r in made if r.format == Rendition.Format.WEBP],
        "jpeg": [[r.file.name, r.width, r.height, r.pk] for r in made if r.format == Rendition.Format.JPEG],
    })
    return made


def ensure_og(photo: Photo) -> Rendition:
    """The photo's 1200×630 OpenGraph crop around its focal point, made now if missing."""
    source = og_source(photo)
    for rendition in photo.renditions.all():
        if rendition.kind == Rendition.Kind.OPENGRAPH and rendition.source == source:
            _remember(photo, og={"source": source, "name": rendition.file.name, "pk": rendition.pk})
            return rendition
    with transaction.atomic():
        _lock(photo)
        rendition = Rendition.objects.filter(photo=photo, kind=Rendition.Kind.OPENGRAPH, source=source).first()
        if rendition is None:
            rendition = _make_og(photo, source)
    _forget_prefetched(photo)
    _remember(photo, og={"source": source, "name": rendition.file.name, "pk": rendition.pk})
    return rendition


def _after_photo_save(sender, instance, raw=False, **kwargs):
    """Connected by PhotosConfig.ready(): a photo saved with a new image or focal point loses its old renditions."""
    if not raw and getattr(instance, "_renditions_stale", False):
        instance._renditions_stale = False
        delete_stale_renditions(instance)


def delete_stale_renditions(photo: Photo) -> int:
    """Delete renditions made from a previous image or focal point (rows and files)."""
    current = (Q(kind=Rendition.Kind.WIDTH, source=photo.image.name)
               | Q(kind=Rendition.Kind.OPENGRAPH, source=og_source(photo)))
    stale = list(Rendition.objects.filter(photo=photo).exclude(current))
    for rendition in stale:
        rendition.delete()  # post_delete removes the file
    _forget_prefetched(photo)
    _remember(photo, **{part: None for part in ("picture", "og") if part in photo.rendition_summary})
    return len(stale)


def _remember(photo: Photo, **parts) -> None:
    """Keep (or, with None, drop) parts of photo.rendition_summary, without a save (no signals)."""
    summary = {key: value for key, value in {**photo.rendition_summary, **parts}.items() if value is not None}
    if summary != photo.rendition_summary:
        photo.rendition_summary = summary
        Photo.objects.filter(pk=photo.pk).update(rendition_summary=summary)


def picture_sources(photo: Photo, *, public: bool = True) -> dict:
    """What a <picture> needs: WebP and JPEG srcsets, a fallback src, the largest size.

    ``public``: plain addresses, for a page of a live article; otherwise signed
    addresses that expire (see the module docstring). From
    photo.rendition_summary when it describes the current image (no query);
    otherwise from the renditions, made now if missing, and remembered.
    """
    picture = photo.rendition_summary.get("picture")
    # Summaries written before signed addresses lack the renditions' ids (only they need them).
    if not picture or picture.get("source") != photo.image.name or (not public and len(picture["jpeg"][0]) < 4):
        ensure_renditions(photo)  # makes what is missing and remembers the summary
        picture = photo.rendition_summary["picture"]
    webp = tuple(tuple(item) for item in picture["webp"])
    jpeg = tuple(tuple(item) for item in picture["jpeg"])
    if not public:
        return _sources(webp, jpeg, lambda item: signed_url(item[-1]))
    if getattr(default_storage, "querystring_auth", False):  # signed addresses change: never remember them
        return _picture_urls.__wrapped__(webp, jpeg)
    return _picture_urls(webp, jpeg)


def _sources(webp: tuple, jpeg: tuple, url) -> MappingProxyType:
    largest = jpeg[-1]
    fallback = min(jpeg, key=lambda item: abs(item[1] - 960))
    return MappingProxyType({
        "webp_srcset": ", ".join(f"{url(item)} {item[1]}w" for item in webp),
        "jpeg_srcset": ", ".join(f"{url(item)} {item[1]}w" for item in jpeg),
        "src": url(fallback),
        "width": largest[1],
        "height": largest[2],
    })


@functools.lru_cache(maxsize=4096)
def _picture_urls(webp: tuple, jpeg: tuple) -> MappingProxyType:
    """The srcsets for these renditions, remembered: a list page shows 20 pictures of
    16 addresses each, and the storage's url() is the costly part. Keyed by the
    rendition names, which change whenever the renditions do."""
    url = default_storage.url
    return _sources(webp, jpeg, lambda item: url(item[0]))


# --- Signed addresses -------------------------------------------------------------

SIGNING_SALT = "photos.rendition"


def _expiry(now: float | None = None) -> int:
    """When an address made now expires: at least PHOTO_SIGNED_URL_SECONDS from now, rounded
    up to a step of half that, so that a page shown twice in a row has the same
    addresses (and the browser's cache works)."""
    lifetime = max(60, int(settings.PHOTO_SIGNED_URL_SECONDS))
    step = lifetime // 2
    now = time.time() if now is None else now
    return (int(now + lifetime) // step + 1) * step


def signed_url(rendition_pk: int, *, now: float | None = None) -> str:
    """A signed, expiring address of one rendition (photos/views.py serves it)."""
    token = signing.dumps({"r": int(rendition_pk), "e": _expiry(now)}, salt=SIGNING_SALT)
    return reverse("photos:signed_rendition", kwargs={"token": token})


def read_signed_token(token: str, *, now: float | None = None) -> tuple[int, int]:
    """(rendition id, expiry time) of a valid, unexpired token; signing.BadSignature otherwise."""
    payload = signing.loads(token, salt=SIGNING_SALT)
    try:
        rendition_pk, expires = int(payload["r"]), int(payload["e"])
    except (KeyError, TypeError, ValueError):
        raise signing.BadSignature("Malformed photo address.") from None
    if (time.time() if now is None else now) >= expires:
        raise signing.BadSignature("Expired photo address.")
    return rendition_pk, expires


def is_shown_live(photo: Photo) -> bool:
    """Does a live article show this photo (so its plain addresses may be given out)?"""
    from articles.models import live_q

    return photo.slots.filter(live_q(prefix="article__")).exists()


def rendition_url(rendition: Rendition, *, public: bool) -> str:
    return rendition.file.url if public else signed_url(rendition.pk)


@receiver(setting_changed)
def _forget_picture_urls(**kwargs):
    # A changed MEDIA_URL or storage (tests do that) changes every address.
    _picture_urls.cache_clear()


def thumbnail_url(photo: Photo, *, public: bool = False) -> str:
    """The smallest JPEG rendition's address (for the admin; signed unless ``public``)."""
    jpeg = [r for r in ensure_renditions(photo) if r.format == Rendition.Format.JPEG]
    return rendition_url(jpeg[0], public=public)


def og_image_url(article) -> str:
    """Absolute URL of the article's 1200×630 share image (first photo, cropped around
    its focal point), or "" when it has no photo or the media storage is unavailable.
    A signed address unless the article is live (its preview)."""
    slots = {slot.pk: slot for slot in article.photo_slots.all() if slot.photo_id}
    # The first photo the body shows (articles/body.py), else the first slot.
    placed = [slots[pk] for pk in referenced_ids(article.body, "photos") if pk in slots]
    slot = placed[0] if placed else next(iter(slots.values()), None)
    if slot is None:
        return ""
    photo = slot.photo
    try:
        og = photo.rendition_summary.get("og")
        current = bool(og) and og.get("source") == og_source(photo)
        if not article.is_live:
            return absolute_url(signed_url(og["pk"] if current and "pk" in og else ensure_og(photo).pk))
        if not current:
            ensure_og(photo)  # makes it if missing and remembers it
            og = photo.rendition_summary["og"]
        return absolute_url(default_storage.url(og["name"]))
    except storage_errors():
        logger.exception("OpenGraph image for article %s unavailable", article.pk)
        return ""


def _lock(photo: Photo) -> None:
    Photo.objects.select_for_update().only("pk").get(pk=photo.pk)


def _forget_prefetched(photo: Photo) -> None:
    getattr(photo, "_prefetched_objects_cache", {}).pop("renditions", None)


def _decode(photo: Photo, *, max_width: int) -> Image.Image:
    photo.image.open("rb")
    try:
        with open_image(photo.image) as image:
            return load_upright(image, max_width=max_width)
    finally:
        photo.image.close()


def _name(photo: Photo, label: str, extension: str) -> str:
    """A new rendition's file name: 128 random bits, so that no address can be guessed."""
    return f"renditions/{photo.pk}/{secrets.token_hex(16)}-{label}.{extension}"


def _encode(image: Image.Image, fmt: str) -> bytes:
    pillow_format, _, options = ENCODER[fmt]
    icc_profile = image.info.get("icc_profile")
    if fmt == Rendition.Format.JPEG and image.mode == "RGBA":
        flat = Image.new("RGB", image.size, (255, 255, 255))
        flat.paste(image, mask=image.getchannel("A"))
        image = flat
    buffer = io.BytesIO()
    # No exif=, xmp= or comment: the file gets pixels and the colour profile only.
    image.save(buffer, pillow_format, **options, **({"icc_profile": icc_profile} if icc_profile else {}))
    return buffer.getvalue()


def _store(photo, *, source, kind, fmt, image, label) -> Rendition:
    data = _encode(image, fmt)
    name = default_storage.save(_name(photo, label, ENCODER[fmt][1]), ContentFile(data))
    return Rendition.objects.create(photo=photo, source=source, kind=kind, format=fmt, width=image.width,
                                    height=image.height, file=name, size=len(data))


def _make_width_renditions(photo: Photo, missing: set[tuple[str, int]]) -> dict:
    upright = _decode(photo, max_width=max(width for _, width in missing))
    made = {}
    for width in sorted({width for _, width in missing}, reverse=True):
        height = max(1, round(upright.height * width / upright.width))
        resized = upright if (width, height) == upright.size else upright.resize(
            (width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        resized.info = dict(upright.info)
        for fmt in FORMATS:
            if (fmt, width) in missing:
                made[(fmt, width)] = _store(photo, source=photo.image.name, kind=Rendition.Kind.WIDTH, fmt=fmt,
                                            image=resized, label=f"{width}w")
    return made


def _make_og(photo: Photo, source: str) -> Rendition:
    full_w, full_h = photo.width, photo.height
    left, top, right, bottom = focal_crop_box(full_w, full_h, photo.focal_x, photo.focal_y)
    # Decode only as large as the crop needs to come out 1200 wide.
    upright = _decode(photo, max_width=min(full_w, math.ceil(full_w * OG_SIZE[0] / (right - left))))
    scale = upright.width / full_w
    box = (round(left * scale), round(top * scale), round(right * scale), round(bottom * scale))
    cropped = upright.resize(OG_SIZE, Image.Resampling.LANCZOS, box=box)
    cropped.info = dict(upright.info)
    return _store(photo, source=source, kind=Rendition.Kind.OPENGRAPH, fmt=Rendition.Format.JPEG, image=cropped,
                  label="og")


def editor_addresses(photo: Photo) -> tuple[str, str]:
    """Signed addresses (the admin's kind) of the smallest JPEG, a thumbnail, and of the JPEG
    nearest 960 px, what the body editor shows; from the summary when it is current."""
    picture = photo.rendition_summary.get("picture")
    if not picture or picture.get("source") != photo.image.name or len(picture["jpeg"][0]) < 4:
        ensure_renditions(photo)
        picture = photo.rendition_summary["picture"]
    jpeg = picture["jpeg"]
    return signed_url(jpeg[0][-1]), signed_url(min(jpeg, key=lambda item: abs(item[1] - 960))[-1])
