"""The article admin's side of a stale save: read the POST as a snapshot, merge, write it back.

The rule is articles/workflow/merge.py. Here, before the admin's form sees the
POST (MergeAdminMixin.changeform_view, under a row lock held until the save):

- the POST is read as `mine` (the snapshot shape of revisions.snapshot), the
  revision at the submitted `edit_version` is `base`, the stored article `theirs`;
- the merged result is written back into the POST with the current version, so
  the form saves it at once; a message says what was kept of the other person's;
- parts both changed differently (`merge.Conflict`) come back in the form, side
  by side with a choice (`merge_choice_<part>`: `theirs` / `mine`, the parts in
  the hidden `merge_parts`); the form refuses to save until each has a choice.

Byline, photo slots and attachments are inline formsets: each is one part. When
only the other person changed one, the POST's rows are replaced by the stored
rows (so a stale form can neither delete a slot the other added nor overwrite
their caption); when only this person changed it, their rows are saved; when
both did, the person chooses. Rows the other person added never appear in a
stale POST, so they are never deleted by it.
"""

import json
from dataclasses import dataclass, field

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from taggit.utils import edit_string_for_tags, parse_tags

from newsroom.text import normalize

from ..body import MAX_BLOCKS, replace_paragraphs, validate_body
from ..models import Article, Section, author_model
from ..workflow import merge, revisions
from .article_form import TAGS_INPUT_MAX_LENGTH, BodyField, TypedParagraphs

PARTS_FIELD = "merge_parts"
CHOICE_PREFIX = "merge_choice_"
# Snapshot part -> inline formset prefix.
FORMSETS = {"authors": "author_links", "photo_slots": "photo_slots", "attachments": "attachments"}


@dataclass
class Outcome:
    conflicts: list = field(default_factory=list)
    kept: list = field(default_factory=list)
    who: str = ""
    unchosen: bool = False


class _Tag:
    def __init__(self, name):
        self.name = name


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _rows(post, prefix: str) -> list[dict]:
    total = _int(post.get(f"{prefix}-TOTAL_FORMS")) or 0
    rows = []
    for index in range(min(total, 1000)):
        start = f"{prefix}-{index}-"
        row = {key[len(start):]: post.get(key) for key in post if key.startswith(start)}
        row["_index"] = index
        rows.append(row)
    return rows


def _posted_formsets(post, files) -> dict:
    """The byline, photo slots and attachments as the POST holds them, in snapshot shape."""
    state = {}
    authors = []
    for row in _rows(post, FORMSETS["authors"]):
        if row.get("DELETE") or not row.get("author"):
            continue
        authors.append((_int(row.get("order")) or 0, row["_index"], _int(row["author"])))
    state["authors"] = [author for _order, _index, author in sorted(authors)]
    slots = []
    for row in _rows(post, FORMSETS["photo_slots"]):
        if row.get("DELETE"):
            continue
        upload = files.get(f"photo_slots-{row['_index']}-upload")
        values = [_int(row.get("id")), _int(row.get("photo")), (row.get("alt_text") or "").strip(),
                  (row.get("caption") or "").strip(), (row.get("credit") or "").strip(), _int(row.get("order")) or 0]
        if values[0] is None and not (upload or any(values[1:5])):
            continue  # an empty extra row: Django saves nothing for it
        slots.append(values + ([getattr(upload, "name", "")] if upload else []))
    state["photo_slots"] = sorted(slots, key=lambda s: (s[5], s[0] or 0))
    files_state = []
    for row in _rows(post, FORMSETS["attachments"]):
        if row.get("DELETE"):
            continue
        upload = files.get(f"attachments-{row['_index']}-file")
        if _int(row.get("id")) is None and not upload:
            continue
        files_state.append([_int(row.get("id")), (row.get("title") or "").strip()]
                           + ([getattr(upload, "name", "")] if upload else []))
    state["attachments"] = sorted(files_state, key=lambda f: f[0] or 0)
    return state


def comparable(data: dict) -> dict:
    """A revision snapshot in the shape the merge compares (see `posted`)."""
    if not data:
        return {}
    result = {}
    for key in ("title", "lead", "slug", "source_published_on"):
        if key in data:
            result[key] = data[key] or ("" if key != "source_published_on" else None)
    if "body" in data:
        result["body"] = list(data["body"])
    if "section" in data:
        result["section"] = data["section"]["id"] if data["section"] else None
    if "tags" in data:
        result["tags"] = sorted(data["tags"])
    if "authors" in data:
        result["authors"] = [item["id"] for item in data["authors"]]
    if "photo_slots" in data:
        result["photo_slots"] = sorted(
            ([s["id"], s["photo"], (s["alt_text"] or "").strip(), (s["caption"] or "").strip(),
              (s["credit"] or "").strip(), s["order"]] for s in data["photo_slots"]),
            key=lambda s: (s[5], s[0] or 0))
    if "attachments" in data:
        result["attachments"] = [[item["id"], (item["title"] or "").strip()] for item in data["attachments"]]
    return result


EDITOR_FIELD = "body_editor"  # posted by the running body editor (articles/admin/editor.py)


def _editor_running(post) -> bool:
    return post.get(EDITOR_FIELD) == "1"


def _editor_slots(body: list, article: Article) -> tuple[list, list]:
    """With the body editor, the photo slots are its photos blocks' items (no slot inline is posted):
    the slots in snapshot rows [id, photo, alt, caption, credit, order] (order: reading order, as
    photos/editor.py saves it), and the body with each photos block whose items all name a slot in
    its stored shape {"slots": [...]}, so that an untouched photo compares equal to the stored one."""
    stored_alts = {slot.photo_id: slot.photo.alt_text for slot in article.photo_slots.select_related("photo")
                   if slot.photo_id}
    rows, blocks, order = [], [], 0
    for block in body:
        value = block.get("value") if isinstance(block, dict) else None
        if block.get("type") == "photos" and isinstance(value, dict) and isinstance(value.get("items"), list):
            ids = []
            for item in value["items"]:
                item = item if isinstance(item, dict) else {}
                photo = _int(item.get("photo"))
                alt = item.get("alt") if isinstance(item.get("alt"), str) else stored_alts.get(photo, "")
                rows.append([_int(item.get("slot")), photo, alt.strip(), str(item.get("caption") or "").strip(),
                             str(item.get("credit") or "").strip(), order])
                ids.append(_int(item.get("slot")))
                order += 1
            if ids and all(ids):
                block = {**block, "value": {"slots": ids}}
        blocks.append(block)
    return sorted(rows, key=lambda s: (s[5], s[0] or 0)), blocks


def _editor_items(body: list, slot_rows: list) -> list:
    """The merged body as the editor posts it: each stored-shape photos block back to items, from the
    merged photo slots (a slot the merge no longer has is left out: the other person deleted it)."""
    by_id = {row[0]: row for row in slot_rows or [] if row[0] is not None}
    blocks = []
    for block in body:
        value = block.get("value") if isinstance(block, dict) else None
        if block.get("type") == "photos" and isinstance(value, dict) and isinstance(value.get("slots"), list):
            block = {**block, "value": {"items": [
                {"slot": pk, "photo": by_id[pk][1], "caption": by_id[pk][3], "credit": by_id[pk][4], "alt": by_id[pk][2]}
                for pk in value["slots"] if pk in by_id]}}
        blocks.append(block)
    return blocks


def posted(post, files, *, article: Article, base_body) -> dict:
    """What this person submits, in the shape of `comparable()`."""
    state = {
        "title": normalize(post.get("title", "")).strip(),
        "lead": normalize(post.get("lead", "")).strip(),
        "slug": (post.get("slug") or "").strip(),
        "section": _int(post.get("section")),
        "source_published_on": _date(post.get("source_published_on")),
    }
    raw_tags = post.get("tags", "")
    # As taggit's TagField reads them; a list too long for the form is left as typed, for it to refuse.
    state["tags"] = sorted(parse_tags(raw_tags)) if len(raw_tags) <= TAGS_INPUT_MAX_LENGTH else raw_tags
    try:
        value = BodyField(required=False).clean(post.get("body", ""))
        if isinstance(value, TypedParagraphs):
            value = replace_paragraphs(base_body if base_body is not None else article.body, list(value))
        try:
            value = validate_body(value, article=article)
        except ValidationError:
            pass  # the form reports it; the merge compares what was typed
        state["body"] = value
    except ValidationError:
        pass  # an unreadable body: the form refuses it, nothing to merge
    state.update(_posted_formsets(post, files))
    if _editor_running(post) and isinstance(state.get("body"), list):
        state["photo_slots"], state["body"] = _editor_slots(state["body"], article)
    return state


def _date(raw) -> str | None:
    """A posted date as the snapshot keeps it (ISO), read as the form's field reads it."""
    try:
        value = forms.DateField(required=False).clean(raw)
    except ValidationError:
        return (raw or "").strip() or None
    return value.isoformat() if value else None


def _stored_rows(article: Article, prefix: str) -> list[dict]:
    if prefix == "author_links":
        return [{"id": link.pk, "article": article.pk, "author": link.author_id, "order": link.order}
                for link in article.author_links.all()]
    if prefix == "photo_slots":
        return [{"id": slot.pk, "article": article.pk, "photo": slot.photo_id or "",
                 "alt_text": slot.photo.alt_text if slot.photo else "", "caption": slot.caption,
                 "credit": slot.credit, "order": slot.order}
                for slot in article.photo_slots.select_related("photo")]
    return [{"id": item.pk, "article": article.pk, "title": item.title} for item in article.attachments.all()]


def _replace_rows(post, prefix: str, rows: list[dict]) -> None:
    for key in [key for key in post if key.startswith(prefix + "-") and not key.endswith("_FORMS")]:
        del post[key]
    post[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
    post[f"{prefix}-INITIAL_FORMS"] = str(len(rows))
    for index, row in enumerate(rows):
        for name, value in row.items():
            post[f"{prefix}-{index}-{name}"] = "" if value is None else str(value)


def _keep_posted_rows(request, post, article: Article, prefix: str) -> None:
    """This person's rows are saved (they chose their version of the part, or only they changed
    it): a row the other person deleted since is saved again as a new row, since it is part of
    what this person chose."""
    existing = set(getattr(article, prefix).values_list("pk", flat=True))  # prefix = the relation's name
    rows = _rows(post, prefix)
    vanished = [row for row in rows if _int(row.get("id")) is not None and _int(row.get("id")) not in existing]
    if not vanished:
        return
    files = request.FILES.copy()
    kept, new = [], []
    for row in rows:
        row_id = _int(row.get("id"))
        if row_id is None or row_id in existing:
            (kept if row_id is not None else new).append(row)
        elif not row.get("DELETE"):
            new.append({**row, "id": ""})
    ordered = kept + new
    old_files = {index: {name[len(f"{prefix}-{index}-"):]: files.pop(name)
                         for name in list(files) if name.startswith(f"{prefix}-{index}-")}
                 for index in {row["_index"] for row in rows}}
    for key in [key for key in post if key.startswith(prefix + "-") and not key.endswith("_FORMS")]:
        del post[key]
    post[f"{prefix}-TOTAL_FORMS"] = str(len(ordered))
    post[f"{prefix}-INITIAL_FORMS"] = str(len(kept))
    for index, row in enumerate(ordered):
        for name, value in row.items():
            if name != "_index":
                post[f"{prefix}-{index}-{name}"] = value if value is not None else ""
        for name, upload in old_files.get(row["_index"], {}).items():
            files[f"{prefix}-{index}-{name}"] = upload
    request._files = files



def _write_back(post, article: Article, data: dict, keep_mine: set) -> None:
    """The merged parts into the POST the form will read."""
    for key in ("title", "lead", "slug"):
        if key in data:
            post[key] = data[key]
    if "section" in data:
        post["section"] = "" if data["section"] is None else str(data["section"])
    if "source_published_on" in data:
        post["source_published_on"] = data["source_published_on"] or ""
    if "tags" in data:
        tags = data["tags"]
        post["tags"] = edit_string_for_tags([_Tag(name) for name in tags]) if isinstance(tags, list) else tags
    if "body" in data:
        body = data["body"]
        if _editor_running(post) and isinstance(body, list):
            body = _editor_items(body, data.get("photo_slots"))
        post["body"] = json.dumps(body, ensure_ascii=False, indent=1)
    for part, prefix in FORMSETS.items():
        if part not in keep_mine:
            _replace_rows(post, prefix, _stored_rows(article, prefix))


def _names(users) -> str:
    names = []
    for user in users:
        name = user.get_full_name() or user.get_username()
        if name not in names:
            names.append(name)
    return ", ".join(names)


def prepare(request, article: Article) -> Outcome | None:
    """Merge a stale POST (or apply the choices of one that showed conflicts) in place.

    `article` is the stored article, locked by the caller. Returns None when there
    is nothing to do (no version posted: the form refuses it).
    """
    post = request.POST
    submitted = _int(post.get("edit_version"))
    if submitted is None:
        return None
    # At most one part per block and field (a crafted list longer than that is cut).
    pending = [key for key in (post.get(PARTS_FIELD) or "").split(",") if key][:MAX_BLOCKS + len(merge.PARTS) + 1]
    if submitted == article.version and not pending:
        return None
    base_revision = article.revisions.filter(article_version__lte=submitted).order_by("-number").first()
    base = comparable(base_revision.data) if base_revision else None
    mine = posted(post, request.FILES, article=article, base_body=(base or {}).get("body"))
    post = post.copy()
    for key in [key for key in post if key.startswith(CHOICE_PREFIX)]:
        del post[key]
    later = article.revisions.select_related("user").filter(user__isnull=False)
    if base_revision:
        later = later.filter(number__gt=base_revision.number)
    outcome = Outcome(who=_names(r.user for r in later if r.user_id != request.user.pk) or gettext("người khác"))
    choices = {key: request.POST.get(CHOICE_PREFIX + key) for key in pending}
    unchosen = [key for key, choice in choices.items() if choice not in (merge.THEIRS, merge.MINE)]
    if unchosen:
        # Shown again, nothing saved: every pending part needs a choice.
        outcome.unchosen = True
        outcome.conflicts = [_pending_conflict(key, base or {}, mine) for key in pending]
        request.POST = post
        return outcome
    mine = merge.apply_choices(mine, base or {}, choices)
    theirs = comparable(revisions.snapshot(article))
    if submitted == article.version:
        result = merge.merge(theirs, theirs, mine)
    else:
        result = merge.merge(base, theirs, mine)
    outcome.conflicts, outcome.kept = result.conflicts, result.kept_theirs
    keep_mine = {part for part in FORMSETS if part in mine and result.data.get(part) == mine[part]
                 and mine[part] != theirs.get(part)}
    # Only the parts read from the POST go back: an unreadable body stays as typed, for the form to refuse.
    _write_back(post, article, {key: value for key, value in result.data.items() if key in mine}, keep_mine)
    for part in keep_mine:
        _keep_posted_rows(request, post, article, FORMSETS[part])
    post["edit_version"] = str(article.version)
    post[PARTS_FIELD] = ",".join(conflict.key for conflict in result.conflicts)
    request.POST = post
    return outcome


def _pending_conflict(key: str, base: dict, mine: dict) -> merge.Conflict:
    if key == merge.BODY_ORDER:
        return merge.Conflict(key=key, label=gettext("Thứ tự các khối của nội dung"),
                              theirs=[b["id"] for b in base.get("body") or []],
                              mine=[b.get("id") for b in mine.get("body") or []])
    if key.startswith(merge.BLOCK_PREFIX):
        block_id = key[len(merge.BLOCK_PREFIX):]
        find = lambda blocks: next((b for b in blocks or [] if b.get("id") == block_id), None)  # noqa: E731
        return merge.Conflict(key=key, label=str(merge.LABELS[merge.BODY]),
                              theirs=find(base.get("body")), mine=find(mine.get("body")))
    return merge.Conflict(key=key, label=str(merge.LABELS.get(key, key)), theirs=base.get(key), mine=mine.get(key))


# --- Showing a conflict ------------------------------------------------------------------

def _value_html(conflict: merge.Conflict, value, blocks_by_id: dict):
    key = conflict.key
    if key.startswith(merge.BLOCK_PREFIX):
        if value is None:
            return format_html("<em>{}</em>", gettext("(đã xóa khối này)"))
        return format_html("{}", revisions.block_text(value))
    if key == merge.BODY_ORDER:
        return format_html("<ol>{}</ol>", format_html_join(
            "", "<li>{}</li>", ((revisions.block_text(blocks_by_id[i]) if i in blocks_by_id else i,)
                               for i in value or [])))
    if key == "section":
        section = Section.objects.filter(pk=value).first() if value else None
        return section.name if section else "—"
    if key == "authors":
        names = dict(author_model().objects.filter(pk__in=value or []).values_list("pk", "name"))
        return ", ".join(names.get(pk, f"#{pk}") for pk in value or []) or "—"
    if key == "photo_slots":
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", (
            (gettext("ảnh #%(photo)s: %(caption)s (alt: %(alt)s, %(credit)s)")
             % {"photo": row[1] or "—", "caption": row[3] or "—", "alt": row[2] or "—", "credit": row[4] or "—"},)
            for row in value or [])))
    if key == "attachments":
        return ", ".join(row[1] or f"#{row[0]}" for row in value or []) or "—"
    if key == "tags":
        return ", ".join(value or []) or "—"
    return value if value not in (None, "") else "—"


def conflict_rows(outcome: Outcome, article: Article, post) -> list[dict]:
    """What the template shows for each conflict: label, theirs, mine, the radio's name."""
    blocks = {}
    for source in (article.body, _posted_body(post)):
        blocks.update({b.get("id"): b for b in source or [] if isinstance(b, dict)})
    rows = []
    for conflict in outcome.conflicts:
        rows.append({
            "key": conflict.key, "label": conflict.label, "name": CHOICE_PREFIX + conflict.key,
            "theirs": _value_html(conflict, conflict.theirs, blocks),
            "mine": _value_html(conflict, conflict.mine, blocks),
        })
    return rows


def _posted_body(post):
    try:
        value = json.loads(post.get("body") or "[]")
    except ValueError:
        return []
    return value if isinstance(value, list) else []


class MergeAdminMixin:
    """Mixed into ArticleAdmin: a stale save is merged (see the module docstring)."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method != "POST" or object_id is None:
            return super().changeform_view(request, object_id, form_url, extra_context)
        with transaction.atomic():
            # Locked until the save: nobody saves between the merge and the form's save.
            article = (Article.objects.select_for_update(of=("self",)).filter(pk=_int(unquote(object_id)))
                       .first())
            outcome = None
            if (article is not None and article.deleted_at is None
                    and self.has_change_permission(request, article)):
                outcome = prepare(request, article)
            request.article_merge = outcome
            if outcome and outcome.conflicts:
                extra_context = {**(extra_context or {}), "merge_conflicts": conflict_rows(outcome, article,
                                                                                          request.POST),
                                 "merge_who": outcome.who, "merge_unchosen": outcome.unchosen,
                                 "merge_parts": ",".join(conflict.key for conflict in outcome.conflicts)}
            response = super().changeform_view(request, object_id, form_url, extra_context)
            if outcome and outcome.kept and isinstance(response, HttpResponseRedirect):
                self.message_user(request, gettext("Đã giữ thay đổi của %(who)s: %(parts)s.")
                                  % {"who": outcome.who, "parts": ", ".join(outcome.kept)}, messages.INFO)
            return response
