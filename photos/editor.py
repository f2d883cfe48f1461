"""The body editor's photos (issue #15): its upload and library endpoints, the photos blocks'
`items` it posts, and the photo data it starts from.

- Upload (`/admin/photos/photo/editor/upload/`, POST `file`): the checks of
  photos/validation.py, then photos/uploads.py (the same content reuses the
  photo the uploader may see). `{"photo": {...}, "reused": bool}`.
- Library (`/admin/photos/photo/editor/library/?q=&page=`): the photos the user
  may see (photos/permissions.py), searched as the library list searches
  (newsroom/admin_search.py, accents ignored), newest first, 24 a page.
- `PhotoItemsResolver` (registered by photos/admin.py with
  ArticleAdmin.add_body_resolver): a posted photos block
  `{"items": [{"slot", "photo", "caption", "credit", "alt"}, ...]}` becomes this
  article's slots and the stored `{"slots": [...]}` (articles/admin/editor.py
  says when each step runs).

Every address of a photo here is signed (photos/renditions.py): the admin never
hands out a plain one.
"""

import logging
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext

from articles.admin.editor import BodyResolver, json_error, posted_values
from articles.body import MAX_SLOTS_PER_BLOCK, referenced_ids
from articles.models import MAX_PHOTOS_PER_ARTICLE
from newsroom.text import fold, normalize

from . import permissions
from .history import record_in_live_articles
from .models import ArticlePhoto, Photo
from .renditions import editor_addresses, storage_errors
from .uploads import photo_from_upload
from .validation import validate_image

logger = logging.getLogger(__name__)

LIBRARY_PAGE_SIZE = 24
LIBRARY_MAX_PAGE = 1000
ITEM_KEYS = {"slot", "photo", "caption", "credit", "alt"}
CAPTION_MAX_LENGTH = 1000
CREDIT_MAX_LENGTH = ArticlePhoto._meta.get_field("credit").max_length
ALT_MAX_LENGTH = Photo._meta.get_field("alt_text").max_length


def photo_json(photo: Photo) -> dict:
    """A photo as the editor shows it: signed thumbnail (smallest rendition) and ~960 px addresses."""
    try:
        thumb, src = editor_addresses(photo) if photo.image else ("", "")
    except storage_errors():
        logger.exception("Renditions of photo %s unavailable", photo.pk)
        thumb, src = "", ""
    return {"id": photo.pk, "thumb": thumb, "src": src, "width": photo.width, "height": photo.height,
            "alt": photo.alt_text, "caption": photo.caption, "credit": photo.credit}


def slot_json(slot: ArticlePhoto) -> dict:
    """A slot of the article: its photo's addresses and alt text, the slot's own caption and credit
    (blank credit = the photo's, given as photo_credit)."""
    photo = photo_json(slot.photo) if slot.photo_id else {}
    return {"photo": slot.photo_id, "thumb": photo.get("thumb", ""), "src": photo.get("src", ""),
            "width": photo.get("width"), "height": photo.get("height"), "caption": slot.caption,
            "credit": slot.credit, "alt": photo.get("alt", ""), "photo_credit": photo.get("credit", "")}


# --- Endpoints (PhotoAdmin.get_urls wraps them in staff_json_view) --------------------------


def upload_view(model_admin, request):
    if not model_admin.has_add_permission(request):
        raise PermissionDenied(gettext("Bạn không có quyền tải ảnh lên thư viện."))
    upload = request.FILES.get("file")
    if upload is None:
        raise ValidationError(gettext("Chưa chọn tệp ảnh để tải lên."))
    name = (upload.name or "")[:100]
    try:
        upload.photo_info = validate_image(upload)
    except ValidationError as error:
        raise ValidationError(gettext("Ảnh “%(name)s”: %(reason)s") % {
            "name": name, "reason": " ".join(error.messages)}) from None
    try:
        photo, reused = photo_from_upload(upload, user=request.user)
    except storage_errors():
        logger.exception("Upload of %r could not be stored", name)
        return json_error(gettext("Ảnh “%(name)s”: không lưu được tệp (kho lưu trữ ảnh đang lỗi); hãy thử lại "
                                  "sau ít phút.") % {"name": name}, 503)
    return JsonResponse({"photo": photo_json(photo), "reused": reused})


def library_view(model_admin, request):
    if not model_admin.has_view_permission(request):
        raise PermissionDenied(gettext("Bạn không có quyền xem thư viện ảnh."))
    page = (request.GET.get("page") or "1").strip()
    if not (page.isdigit() and 1 <= int(page) <= LIBRARY_MAX_PAGE):
        raise ValidationError(gettext("Số trang phải là một số từ 1 đến %(limit)s.") % {"limit": LIBRARY_MAX_PAGE})
    page = int(page)
    query = (request.GET.get("q") or "")[:200]
    photos = permissions.visible_photos(request.user)
    if fold(normalize(query)).strip():
        # The library list's own search (the same fields, accents ignored): one rule.
        photos, duplicates = model_admin.get_search_results(request, photos, query)
        if duplicates:
            photos = photos.distinct()
    start = (page - 1) * LIBRARY_PAGE_SIZE
    found = list(photos.order_by("-created_at", "-pk")[start:start + LIBRARY_PAGE_SIZE + 1])
    return JsonResponse({"results": [photo_json(photo) for photo in found[:LIBRARY_PAGE_SIZE]],
                         "more": len(found) > LIBRARY_PAGE_SIZE})


# --- Photos blocks as the editor posts them -------------------------------------------------


class _Refusal(Exception):
    pass


@dataclass(frozen=True)
class _Item:
    slot: int | None
    photo: int | None
    caption: str
    credit: str
    alt: str | None  # None: not posted, the photo's alt text stays


@dataclass
class _Prepared:
    blocks: list  # (PostedBlock, [_Item, ...]) in reading order
    slots: dict  # id -> ArticlePhoto (this article's, as stored)
    photos: dict  # id -> Photo
    alt_changes: dict  # photo id -> new alt text


def _id(value, label: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        if isinstance(value, str) and value.isdigit() and len(value) <= 18:
            return int(value)
        raise _Refusal(gettext("%(label)s phải là một số mã.") % {"label": label})
    return value


def _text(value, label: str, limit: int) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _Refusal(gettext("%(label)s phải là văn bản.") % {"label": label})
    value = normalize(value).strip()
    if len(value) > limit:
        raise _Refusal(gettext("%(label)s dài %(length)s ký tự, tối đa %(limit)s.")
                       % {"label": label, "length": len(value), "limit": limit})
    return value


def _item(value, number: int) -> _Item:
    where = gettext("ảnh thứ %(n)s") % {"n": number}
    if not isinstance(value, dict):
        raise _Refusal(gettext("%(where)s phải là một đối tượng JSON {slot, photo, caption, credit, alt}.")
                       % {"where": where})
    unknown = sorted(map(str, value.keys() - ITEM_KEYS))
    if unknown:
        raise _Refusal(gettext("%(where)s: trường lạ %(fields)s.") % {"where": where,
                                                                     "fields": ", ".join(unknown)[:100]})
    if value.get("photo") in (None, "") and value.get("slot") in (None, ""):
        raise _Refusal(gettext("%(where)s chưa có ảnh: hãy tải ảnh lên hoặc chọn từ thư viện.") % {"where": where})
    try:
        return _Item(
            slot=None if value.get("slot") in (None, "") else _id(value["slot"], gettext("Mã ô ảnh")),
            # An existing slot may still have no photo (a draft; the publishing checks want one).
            photo=None if value.get("photo") in (None, "") else _id(value["photo"], gettext("Mã ảnh")),
            caption=_text(value.get("caption"), gettext("Chú thích"), CAPTION_MAX_LENGTH),
            credit=_text(value.get("credit"), gettext("Nguồn ảnh"), CREDIT_MAX_LENGTH),
            alt=None if "alt" not in value else _text(value["alt"], gettext("Mô tả ảnh (alt)"), ALT_MAX_LENGTH))
    except _Refusal as refusal:
        raise _Refusal(f"{where}: {refusal}") from None


class PhotoItemsResolver(BodyResolver):
    """Photos blocks posted as items become slots of the article (articles/admin/editor.py)."""

    inline_model = ArticlePhoto

    def wants(self, value) -> bool:
        return "items" in value

    def prepare(self, posted, *, article, user):
        errors, blocks = [], []

        def refuse(block, message):
            errors.append(block.refusal(message, "photos"))

        for block in posted:
            unknown = sorted(map(str, block.value.keys() - {"items"}))
            items = block.value.get("items")
            if unknown:
                refuse(block, gettext("trường lạ %(fields)s.") % {"fields": ", ".join(unknown)[:100]})
            elif not isinstance(items, list) or not items:
                refuse(block, gettext("khối ảnh phải có ít nhất một ảnh."))
            elif len(items) > MAX_SLOTS_PER_BLOCK:
                refuse(block, gettext("khối ảnh có %(count)s ảnh, tối đa %(limit)s.")
                       % {"count": len(items), "limit": MAX_SLOTS_PER_BLOCK})
            else:
                cleaned = []
                for number, item in enumerate(items, start=1):
                    try:
                        cleaned.append(_item(item, number))
                    except _Refusal as refusal:
                        refuse(block, str(refusal))
                blocks.append((block, cleaned))
        if errors:
            raise ValidationError(errors)
        total = sum(len(items) for _block, items in blocks)
        if total > MAX_PHOTOS_PER_ARTICLE:
            raise ValidationError(gettext("Mỗi bài tối đa %(num)d ảnh; nội dung này có %(count)s ảnh.")
                                  % {"num": MAX_PHOTOS_PER_ARTICLE, "count": total})

        slot_ids = [item.slot for _block, items in blocks for item in items if item.slot]
        stored = {slot.pk: slot for slot in ArticlePhoto.objects.filter(pk__in=slot_ids).select_related("photo")}
        own = {pk: slot for pk, slot in stored.items() if article.pk is not None and slot.article_id == article.pk}
        photo_ids = {item.photo for _block, items in blocks for item in items if item.photo}
        photos = {photo.pk: photo for photo in Photo.objects.filter(pk__in=photo_ids)}
        visible = set(photos) if user is None else set(
            permissions.visible_photos(user, Photo.objects.filter(pk__in=photo_ids)).values_list("pk", flat=True))
        visible |= {slot.photo_id for slot in own.values() if slot.photo_id}  # a slot keeps its own photo
        seen_slots, alts, alt_block = set(), {}, {}
        for block, items in blocks:
            for item in items:
                if item.slot:
                    if item.slot not in own:
                        refuse(block, gettext("ảnh số %(id)s không thuộc bài này.") % {"id": item.slot})
                    elif item.slot in seen_slots:
                        refuse(block, gettext("ô ảnh số %(id)s có ở hai chỗ trong bài; mỗi ô ảnh chỉ ở một chỗ.")
                               % {"id": item.slot})
                    seen_slots.add(item.slot)
                if item.photo is None:
                    continue
                if item.photo not in photos or item.photo not in visible:
                    # The same words for a photo that does not exist and one the user may not see.
                    refuse(block, gettext("không có ảnh số %(id)s trong thư viện ảnh bạn được dùng: hãy chọn ảnh "
                                          "khác hoặc tải ảnh mới.") % {"id": item.photo})
                    continue
                if item.alt is not None:
                    if item.photo in alts and alts[item.photo] != item.alt:
                        refuse(block, gettext("ảnh “%(photo)s” có hai mô tả (alt) khác nhau trong bài; một ảnh "
                                              "chỉ có một mô tả.") % {"photo": str(photos[item.photo])})
                    alts[item.photo] = item.alt
                    alt_block.setdefault(item.photo, block)
        alt_changes = {pk: alt for pk, alt in alts.items() if alt != photos[pk].alt_text}
        for pk in alt_changes:
            if user is not None and not permissions.can_change_photo(user, photos[pk]):
                refuse(alt_block[pk], gettext(
                    "bạn không thể sửa mô tả ảnh (alt) của ảnh “%(photo)s” (số %(id)s): ảnh đang dùng trong bài của "
                    "người khác hoặc bài đã đăng, chỉ biên tập viên sửa được. Chú thích và nguồn ảnh vẫn sửa được.")
                    % {"photo": str(photos[pk]), "id": pk})
        if errors:
            raise ValidationError(errors)
        return _Prepared(blocks=blocks, slots=own, photos=photos, alt_changes=alt_changes)

    def apply(self, prepared, *, article, user, exclusive, kept):
        values, used = {}, set()
        if prepared is not None:
            for pk, alt in prepared.alt_changes.items():
                photo = prepared.photos[pk]
                photo.alt_text = alt
                photo.save(update_fields=["alt_text"])
                # This article's own save records it; the other live articles showing the photo here.
                record_in_live_articles(photo, user=user, fields=["alt_text"], exclude_article_ids=[article.pk])
            order = 0
            for block, items in prepared.blocks:
                ids = []
                for item in items:
                    slot = prepared.slots[item.slot] if item.slot else ArticlePhoto(article=article)
                    wanted = (item.photo, item.caption, item.credit, order)
                    if slot.pk is None or (slot.photo_id, slot.caption, slot.credit, slot.order) != wanted:
                        slot.photo = prepared.photos[item.photo] if item.photo else None
                        slot.caption, slot.credit, slot.order = item.caption, item.credit, order
                        slot.save()
                    ids.append(slot.pk)
                    order += 1
                values[block.id] = {"slots": ids}
                used.update(ids)
        if exclusive:
            keep = used | set(referenced_ids(kept, "photos"))
            for slot in ArticlePhoto.objects.filter(article=article).exclude(pk__in=keep):
                slot.delete()  # signals: search captions, the page cache
        return values

    def editor_data(self, *, article, user, posted) -> dict:
        data = {"urls": {}, "slots": {}}
        for key, name in (("upload", "admin:photos_photo_editor_upload"),
                          ("library", "admin:photos_photo_editor_library")):
            try:
                data["urls"][key] = reverse(name)
            except NoReverseMatch:
                data["urls"][key] = ""
        if article is not None and article.pk:
            data["slots"] = {str(slot.pk): slot_json(slot)
                             for slot in article.photo_slots.select_related("photo").order_by("order", "pk")}
        # A refused save shows the posted body again: the photos its items name (those the user may see).
        wanted = set()
        for value in posted_values(posted, "photos"):
            items = value.get("items")
            for item in items if isinstance(items, list) else []:
                if isinstance(item, dict) and isinstance(item.get("photo"), int) and not isinstance(item["photo"], bool):
                    wanted.add(item["photo"])
        if wanted:
            queryset = Photo.objects.filter(pk__in=wanted)
            data["photos"] = {str(photo.pk): photo_json(photo)
                              for photo in permissions.visible_photos(user, queryset)}
        return data
