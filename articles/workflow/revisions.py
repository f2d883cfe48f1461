"""Revisions: a JSON snapshot of an article at every save, a readable diff, restore.

Own code rather than django-reversion or django-simple-history: an article is
spread over four tables (the article, its byline, its photo slots, its tags)
and a revision must hold all of them at the moment the whole admin form was
saved. A snapshot taken after the inlines are saved, as one JSON document,
does that in about a hundred lines, and keeps the history readable and
restorable even after a photo or an author is deleted. No new dependency.

`record()` is called by the admin (after the inlines are saved), by every
workflow transition and by `restore()`. Any other save (the importer, the
shell) is caught by a post_save signal that records a snapshot when the
transaction commits; a snapshot equal to the last one is not stored twice.
"""

import datetime
import difflib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .. import body
from ..models import Article, ArticleAuthor, Revision, Section, Status, author_model, photo_model, photo_slot_model
from .roles import require_move_to_section

# Field labels in the order a diff lists them.
FIELDS = [
    ("title", _("Tiêu đề")),
    ("lead", _("Sapo")),
    ("body", _("Nội dung")),
    ("section", _("Chuyên mục")),
    ("tags", _("Thẻ")),
    ("authors", _("Tác giả")),
    ("photo_slots", _("Ảnh trong bài")),
    ("status", _("Trạng thái")),
    ("publish_at", _("Thời điểm đăng")),
    ("slug", _("Slug")),
]
# Fields compared to decide whether a save changed anything worth a new revision.
CONTENT_KEYS = [key for key, _label in FIELDS]
# Article columns whose change, saved outside the admin, makes a revision.
CONTENT_FIELDS = {"title", "lead", "body", "section", "section_id", "slug"}


def snapshot(article: Article) -> dict:
    """Everything a revision keeps, as plain JSON."""
    slots = []
    for slot in article.photo_slots.select_related("photo").order_by("order", "pk"):
        slots.append({
            "id": slot.pk,
            "photo": slot.photo_id,
            "alt_text": slot.photo.alt_text if slot.photo else "",
            "caption": slot.caption,
            "credit": slot.credit,
            "order": slot.order,
        })
    return {
        "title": article.title,
        "lead": article.lead,
        "body": list(article.body),
        "section": {"id": article.section_id, "name": article.section.name} if article.section_id else None,
        "tags": sorted(article.tags.values_list("name", flat=True)),
        "authors": [{"id": link.author_id, "name": link.author.name}
                    for link in article.author_links.select_related("author")],
        "photo_slots": slots,
        "status": article.status,
        "publish_at": article.publish_at.isoformat() if article.publish_at else None,
        "slug": article.slug,
        # Not shown in a diff (FIELDS), kept for the three-way merge (articles/workflow/merge.py).
        "source_published_on": article.source_published_on.isoformat() if article.source_published_on else None,
        "attachments": [{"id": item.pk, "title": item.title, "file_name": item.file_name}
                        for item in article.attachments.order_by("pk")],
    }


def record(article: Article, user=None, reason: str = "", *, force: bool = False) -> Revision | None:
    """Store a revision of the article as it is in the database now.

    Returns the new revision, or None when nothing changed since the last one
    (unless `force`).
    """
    with transaction.atomic():
        # The row lock keeps two savers from taking the same revision number.
        article = Article.objects.select_for_update(of=("self",)).select_related("section").get(pk=article.pk)
        data = snapshot(article)
        last = article.revisions.order_by("-number").first()
        if last and not force and {k: last.data.get(k) for k in CONTENT_KEYS} == {k: data.get(k) for k in CONTENT_KEYS}:
            return None
        number = (article.revisions.aggregate(n=Max("number"))["n"] or 0) + 1
        return Revision.objects.create(article=article, number=number, article_version=article.version, data=data,
                                       user=user if user is not None and user.is_authenticated else None,
                                       reason=str(reason)[:200])


@receiver(post_save, sender=Article, dispatch_uid="articles.revisions.record_on_commit")
def _record_on_commit(sender, instance, raw=False, update_fields=None, **kwargs):
    # Saves of a few bookkeeping fields (view_count; status, which workflow.py
    # records itself) are not revisions.
    if raw or (update_fields is not None and not set(update_fields) & CONTENT_FIELDS):
        return
    pk = instance.pk

    def _record():
        article = Article.objects.filter(pk=pk).first()
        if article is not None:
            record(article, reason=_("Lưu ngoài trang quản trị"))

    transaction.on_commit(_record)


def _text(value) -> list[str]:
    """A snapshot value as lines of text for the diff."""
    if value is None:
        return []
    if isinstance(value, dict):
        return [value.get("name", "")]
    if isinstance(value, list):
        lines = []
        for item in value:
            if isinstance(item, dict) and "caption" in item:
                lines.append(f"[ảnh #{item['photo'] or '—'}] "
                             f"{item['caption']} | alt: {item['alt_text']} | {item['credit']}")
            elif isinstance(item, dict):
                lines.append(item.get("name", ""))
            else:
                lines.append(str(item))
        return lines
    if isinstance(value, str) and value in Status.values:
        return [str(Status(value).label)]
    return [str(value)]


def _local_time(value: str | None) -> list[str]:
    """A stored ISO time as staff read it: local time, in the site's format (never raw UTC)."""
    if not value:
        return []
    moment = datetime.datetime.fromisoformat(value)
    return [date_format(timezone.localtime(moment) if timezone.is_aware(moment) else moment, "DATETIME_FORMAT")]


def _block_text(block: dict) -> str:
    """One block as a line of text for the diff, its type first."""
    kind, value = block.get("type"), block.get("value")
    label = str(body.TYPES.get(kind, kind))
    if kind == "photos":
        text = " ".join(f"#{slot}" for slot in value.get("slots", []))
    elif kind == "attachment":
        text = f"#{value.get('file')} {value.get('title', '')}"
    elif kind == "related":
        text = f"#{value.get('article')}"
    elif kind == "video":
        text = f"{value.get('url', '')} {value.get('caption', '')}"
    elif kind == "heading":
        text = f"h{value.get('level')} {value.get('text', '')}"
    elif kind == "table":
        text = " / ".join([value.get("caption", "")] + [" | ".join(body.inline_text(cell) for cell in row)
                                                        for row in value.get("rows", [])])
    else:
        text = " ".join(body.block_texts([block]))
    return f"[{label}] {' '.join(text.split())}"


def block_text(block: dict) -> str:
    """One body block as a line of text, its type first (the diff, the merge's choices)."""
    return _block_text(block)


def _word_diff(before: str, after: str) -> list[tuple[str, str]]:
    """(kind, words) pieces: ' ' kept, '-' removed, '+' added, word by word."""
    old, new = before.split(), after.split()
    pieces = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append((" ", " ".join(old[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(("-", " ".join(old[i1:i2])))
        if j2 > j1:
            pieces.append(("+", " ".join(new[j1:j2])))
    return pieces


def _body_lines(old: list, new: list) -> list[tuple[str, object]]:
    """The body's changes, block by block, matched by block id.

    Kinds: '-' a removed block, '+' an added one, '~' a changed one (its text a list
    of word pieces, see _word_diff), '>' a block moved elsewhere (its text unchanged).
    """
    old, new = [b for b in old or [] if isinstance(b, dict)], [b for b in new or [] if isinstance(b, dict)]
    old_by_id = {block.get("id"): block for block in old}
    new_ids = {block.get("id") for block in new}
    common_old = [block.get("id") for block in old if block.get("id") in new_ids]
    common_new = [block.get("id") for block in new if block.get("id") in old_by_id]
    # Blocks that keep their order relative to each other (the longest common run) stayed; others moved.
    stayed = set()
    for op, i1, i2, _j1, _j2 in difflib.SequenceMatcher(None, common_old, common_new, autojunk=False).get_opcodes():
        if op == "equal":
            stayed.update(common_old[i1:i2])
    lines = [("-", _block_text(block)) for block in old if block.get("id") not in new_ids]
    for block in new:
        block_id = block.get("id")
        if block_id not in old_by_id:
            lines.append(("+", _block_text(block)))
            continue
        before, after = _block_text(old_by_id[block_id]), _block_text(block)
        if before != after:
            lines.append(("~", _word_diff(before, after)))
        if block_id not in stayed:
            lines.append((">", after))
    return lines


def diff(old: dict, new: dict) -> list[dict]:
    """The fields that differ: [{"field", "label", "lines": [(kind, text)]}], kind in ' ', '-', '+'
    (and for the body '~' changed words, '>' moved: _body_lines)."""
    changes = []
    for key, label in FIELDS:
        if key == "body":
            lines = _body_lines(old.get("body") or _legacy_body(old), new.get("body") or _legacy_body(new))
            if lines:
                changes.append({"field": key, "label": label, "lines": lines})
            continue
        if key == "publish_at":
            before, after = _local_time(old.get(key)), _local_time(new.get(key))
        else:
            before, after = _text(old.get(key)), _text(new.get(key))
        if before == after:
            continue
        lines = []
        for line in difflib.ndiff(before, after):
            kind, text = line[:1], line[2:]
            if kind in (" ", "-", "+"):
                lines.append((kind, text))
        changes.append({"field": key, "label": label, "lines": lines})
    return changes


def _legacy_body(data: dict) -> list:
    """Revisions taken before the body had blocks kept "paragraphs": read them as paragraph blocks."""
    return [{"id": f"legacy-{number}", "type": "paragraph", "value": text}
            for number, text in enumerate(data.get("paragraphs") or [])]


def _line_html(kind: str, text):
    if kind == "-":
        return "removed", format_html("<del>{}</del>", text)
    if kind == "+":
        return "added", format_html("<ins>{}</ins>", text)
    if kind == "~":
        return "changed", format_html_join(" ", "{}", ((
            format_html("<del>{}</del>", words) if piece == "-" else
            format_html("<ins>{}</ins>", words) if piece == "+" else words,) for piece, words in text))
    if kind == ">":
        return "moved", format_html("{} {}", _("(đã chuyển chỗ)"), text)
    return "same", text


def diff_html(changes: list[dict]):
    """The diff as HTML: removed lines in <del>, added in <ins>; inside a changed block, the words."""
    if not changes:
        return format_html("<p>{}</p>", _("Không có khác biệt."))
    parts = []
    for change in changes:
        rows = format_html_join(
            "", "<li class=\"diff-{}\">{}</li>", (_line_html(kind, text) for kind, text in change["lines"]))
        parts.append(format_html("<h3>{}</h3><ul class=\"diff\">{}</ul>", change["label"], rows))
    return mark_safe("".join(parts))


def changed_labels(old: dict, new: dict) -> list[str]:
    return [str(change["label"]) for change in diff(old, new)]


# What readers see of an article (the restore preview of a live article lists only these).
PUBLIC_KEYS = {"title", "lead", "body", "section", "tags", "authors", "photo_slots", "slug"}
NOTE_KEEP, NOTE_EDIT, NOTE_WITHDRAW = "keep", "edit", "withdraw"


def reader_changes(article: Article, revision: Revision) -> list[dict]:
    """What readers will see change if `revision` is restored: the diff from the text shown now
    to the restored one (removed lines are what readers lose)."""
    return [change for change in diff(snapshot(article), revision.data) if change["field"] in PUBLIC_KEYS]


def notes_after(article: Article, revision: Revision):
    """The article's correction notes made with a later revision than `revision`: restoring it
    brings back the text before them, which they may contradict."""
    return article.correction_notes.filter(revision__number__gt=revision.number).select_related("revision")


def check_note_choices(notes, choices: dict) -> dict:
    """{note id: (choice, text)} for every note, checked; raises ValidationError (Vietnamese)."""
    checked, missing = {}, []
    for note in notes:
        choice, text = choices.get(note.pk, ("", ""))
        text = (text or "").strip()
        if choice not in (NOTE_KEEP, NOTE_EDIT, NOTE_WITHDRAW):
            missing.append(note)
            continue
        if choice == NOTE_EDIT and not text:
            raise ValidationError(_("Viết lại nội dung ghi chú đính chính bạn chọn sửa."))
        if choice == NOTE_EDIT and len(text) > 1000:
            raise ValidationError(_("Ghi chú đính chính tối đa 1000 ký tự."))
        checked[note.pk] = (choice, text)
    if missing:
        raise ValidationError(_("Bài có ghi chú đính chính sau bản này: chọn giữ, sửa hay rút từng ghi chú."))
    return checked


@transaction.atomic
def restore(article: Article, revision: Revision, user, *, note_choices: dict | None = None) -> Revision:
    """Put the revision's text, section, tags, byline and photos back, as a new revision.

    The status is not restored (only articles/workflow.py changes it). Sections,
    authors or photos deleted since are skipped. Nothing is destroyed: the
    current state stays in the history.

    Raises PermissionDenied, writing nothing, when the restore would move a live
    or scheduled article into a two-approval section and the user is not a
    chief editor (roles.can_move_to_section).

    The public correction notes made after the revision (`notes_after`) each need
    a choice in `note_choices` ({note id: ("keep" | "edit" | "withdraw", new text)}):
    kept as they are, their text replaced, or withdrawn (deleted: they leave the
    article page and the corrections page). Raises ValidationError, writing
    nothing, when one is missing (check_note_choices).
    """
    article = Article.objects.select_for_update().get(pk=article.pk)
    notes = list(notes_after(article, revision))
    checked = check_note_choices(notes, note_choices or {})
    data = revision.data
    if data.get("section"):
        section = Section.objects.filter(pk=data["section"]["id"]).first() or article.section
    else:
        section = None
    require_move_to_section(article, user, section)
    record(article, user, reason=_("Trước khi khôi phục"))
    article.photo_slots.all().delete()
    new_slot_ids = {}
    for item in data.get("photo_slots", []):
        photo = photo_model().objects.filter(pk=item["photo"]).first() if item["photo"] else None
        slot = photo_slot_model().objects.create(article=article, photo=photo, caption=item["caption"],
                                                 credit=item["credit"], order=item["order"])
        if item.get("id"):
            new_slot_ids[item["id"]] = slot.pk
    article.title = data["title"]
    article.lead = data["lead"]
    article.body = _restored_body(data, new_slot_ids, article)
    article.section = section
    article.save()  # validated (articles/body.py): a bad body raises and the restore writes nothing
    article.tags.set(data.get("tags", []))
    article.author_links.all().delete()
    for order, item in enumerate(data.get("authors", [])):
        author = author_model().objects.filter(pk=item["id"]).first()
        if author:
            ArticleAuthor.objects.create(article=article, author=author, order=order)
    for note in notes:
        choice, text = checked[note.pk]
        if choice == NOTE_WITHDRAW:
            note.delete()
        elif choice == NOTE_EDIT:
            note.text = text
            note.save()
    return record(article, user, reason=_("Khôi phục từ bản #%(number)s") % {"number": revision.number}, force=True)


def _restored_body(data: dict, new_slot_ids: dict, article: Article) -> list:
    """The revision's body, its photo slots renamed to the slots made again; files deleted since are left out."""
    if "body" not in data:
        return body.paragraph_blocks(data.get("paragraphs") or [])
    files = set(article.attachments.values_list("pk", flat=True))
    blocks = []
    for block in data["body"]:
        if block.get("type") == "photos":
            slots = [new_slot_ids[slot] for slot in block["value"].get("slots", []) if slot in new_slot_ids]
            if not slots:
                continue
            block = {**block, "value": {**block["value"], "slots": slots}}
        elif block.get("type") == "attachment" and block["value"].get("file") not in files:
            continue
        blocks.append(block)
    return blocks
