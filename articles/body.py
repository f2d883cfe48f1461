"""The article body: typed blocks in reading order (a contract, docs/developers.md "Content model").

`Article.body` is a JSON list of `{"id": "<uuid4>", "type": ..., "value": ...}`
(the shape of Wagtail's StreamField JSON). This module owns everything about it:
the block types and their values, validation with Vietnamese messages naming
the block, sanitising inline HTML with nh3, the plain text (search, JSON-LD,
reading time) and the data the block templates (templates/articles/blocks/) render.

Nothing here queries the database except `validate_body(..., article=...)`,
which checks that photo slots and attachments belong to the article and that
a related article exists.
"""

import html
import math
import re
import uuid
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import nh3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, gettext_lazy as _

from newsroom.links import absolute_url
from newsroom.text import normalize

TYPES = {
    "paragraph": _("đoạn văn"),
    "heading": _("tiêu đề"),
    "list": _("danh sách"),
    "quote": _("trích dẫn"),
    "table": _("bảng"),
    "photos": _("ảnh"),
    "video": _("video"),
    "attachment": _("tệp đính kèm"),
    "box": _("hộp thông tin"),
    "related": _("bài liên quan"),
}
# The types whose text is read as the body's text, in body_text().
TEXT_TYPES = {"paragraph", "heading", "list", "quote", "table", "box", "attachment", "video"}

# Limits: a body past them is refused before any expensive work.
MAX_BLOCKS = 500
MAX_INLINE_LENGTH = 50_000  # one paragraph, list item, quote, cell or box text (its HTML)
MAX_SHORT_LENGTH = 300  # a heading, caption, cite, title
MAX_LIST_ITEMS = 200
MAX_TABLE_ROWS = 200
MAX_TABLE_COLUMNS = 20
MAX_SLOTS_PER_BLOCK = 50
MAX_URL_LENGTH = 500

# Inline HTML: these tags, and href on links (http, https, mailto, tel, or a path on this site).
INLINE_TAGS = {"strong", "em", "u", "s", "sub", "sup", "br", "a"}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

# Reading time: 300 syllables a minute (a Vietnamese word between spaces is a syllable).
# Source: IReST, Trauzettel-Klosinski & Dietz 2012, 370 ± 80 syllables/min read aloud
# across 17 languages; the lower part of that range, for news full of names and figures.
READING_SPEED = 300

_WHITESPACE_AND_CONTROLS = re.compile(r"[\x00-\x20\x7f]+")


class _Refusal(Exception):
    """One problem in one block, as a Vietnamese sentence (without the block's name)."""


def _allowed_href(value: str) -> bool:
    # Browsers drop tabs, newlines and controls inside a URL ("java\tscript:"), so look without them.
    value = _WHITESPACE_AND_CONTROLS.sub("", html.unescape(value or ""))
    if not value:
        return False
    if value.startswith("/"):
        return not value.startswith("//") and not value.startswith("/\\")
    scheme, colon, _rest = value.partition(":")
    return bool(colon) and scheme.lower() in URL_SCHEMES and "/" not in scheme


class _MarkupCheck(HTMLParser):
    """Collects what in a piece of inline HTML is outside the allowed set."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in INLINE_TAGS:
            self.problems.append(gettext("thẻ <%(tag)s> không được dùng") % {"tag": tag})
            return
        for name, value in attrs:
            if tag == "a" and name == "href":
                if not _allowed_href(value or ""):
                    self.problems.append(gettext("liên kết “%(href)s” không được dùng (chỉ http, https, mailto, "
                                                 "tel hoặc một trang của cổng)") % {"href": (value or "")[:60]})
            else:
                self.problems.append(gettext("thuộc tính %(attr)s của <%(tag)s> không được dùng")
                                     % {"attr": name, "tag": tag})

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if tag not in INLINE_TAGS:
            self.problems.append(gettext("thẻ </%(tag)s> không được dùng") % {"tag": tag})

    def handle_comment(self, data):
        self.problems.append(gettext("chú thích HTML không được dùng"))

    def handle_decl(self, decl):
        self.problems.append(gettext("khai báo HTML không được dùng"))

    handle_pi = handle_decl
    unknown_decl = handle_decl


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if tag == "a" and attribute == "href":
        return value if _allowed_href(value) else None
    return None


def sanitize_inline(value: str) -> str:
    """The allowed inline subset of `value` (nh3); plain text comes back escaped."""
    return nh3.clean(value, tags=INLINE_TAGS, attributes={"a": {"href"}}, url_schemes=URL_SCHEMES,
                     attribute_filter=_attribute_filter, link_rel=None, strip_comments=True).strip()


def _inline(value, *, field: str, required: bool = False) -> str:
    if not isinstance(value, str):
        raise _Refusal(gettext("%(field)s phải là văn bản.") % {"field": field})
    value = normalize(value).strip()
    # The limit is on the text a reader reads; its markup may add up to as much again (and escapes).
    length = len(inline_text(value)) if len(value) <= 4 * MAX_INLINE_LENGTH else len(value)
    if length > MAX_INLINE_LENGTH:
        raise _Refusal(gettext("%(field)s dài %(length)s ký tự, tối đa %(limit)s.")
                       % {"field": field, "length": length, "limit": MAX_INLINE_LENGTH})
    check = _MarkupCheck()
    check.feed(value)
    check.close()
    if check.problems:
        raise _Refusal(gettext("%(field)s: %(problems)s.") % {"field": field, "problems": "; ".join(
            dict.fromkeys(check.problems))})
    value = sanitize_inline(value)
    if required and not inline_text(value).strip():
        raise _Refusal(gettext("%(field)s đang trống.") % {"field": field})
    return value


def _short(value, *, field: str, required: bool = False, limit: int = MAX_SHORT_LENGTH) -> str:
    """A plain-text field (escaped wherever it shows)."""
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise _Refusal(gettext("%(field)s phải là văn bản.") % {"field": field})
    value = " ".join(normalize(value).split())
    if len(value) > limit:
        raise _Refusal(gettext("%(field)s dài %(length)s ký tự, tối đa %(limit)s.")
                       % {"field": field, "length": len(value), "limit": limit})
    if required and not value:
        raise _Refusal(gettext("%(field)s đang trống.") % {"field": field})
    return value


def _fields(value, *, required: set[str], optional: set[str] = frozenset()) -> dict:
    if not isinstance(value, dict):
        raise _Refusal(gettext("giá trị của khối phải là một đối tượng JSON."))
    missing = sorted(required - value.keys())
    if missing:
        raise _Refusal(gettext("thiếu trường %(fields)s.") % {"fields": ", ".join(missing)})
    unknown = sorted(value.keys() - required - optional)
    if unknown:
        raise _Refusal(gettext("trường lạ %(fields)s.") % {"fields": ", ".join(map(str, unknown))[:100]})
    return value


def _id(value, *, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        if isinstance(value, str) and value.isdigit():
            return int(value)
        raise _Refusal(gettext("%(field)s phải là một số mã.") % {"field": field})
    return value


# --- Video providers ----------------------------------------------------------------------
# YouTube and Vimeo: the two that Vietnamese portals embed and that offer a privacy-enhanced
# player (Facebook video has none, so it is refused rather than embedded with its tracking).

_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "youtube-nocookie.com",
                  "www.youtube-nocookie.com", "music.youtube.com"}
_VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}
EMBED_ORIGINS = ["https://www.youtube-nocookie.com", "https://player.vimeo.com"]


def video_source(url: str) -> dict | None:
    """{"provider", "id", "url", "embed"} for a YouTube or Vimeo address, else None."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme not in ("http", "https"):
        return None
    host = (parts.hostname or "").lower()
    path = [segment for segment in parts.path.split("/") if segment]
    video_id = None
    if host in _YOUTUBE_HOSTS:
        if path[:1] == ["watch"]:
            video_id = (parse_qs(parts.query).get("v") or [None])[0]
        elif len(path) >= 2 and path[0] in ("embed", "shorts", "live", "v"):
            video_id = path[1]
    elif host == "youtu.be" and path:
        video_id = path[0]
    if video_id and _YOUTUBE_ID.match(video_id):
        return {"provider": "youtube", "id": video_id, "url": f"https://www.youtube.com/watch?v={video_id}",
                "embed": f"https://www.youtube-nocookie.com/embed/{video_id}?autoplay=1&rel=0"}
    if host in _VIMEO_HOSTS:
        digits = [segment for segment in path if segment.isdigit()]
        if digits and len(digits[0]) <= 12:
            return {"provider": "vimeo", "id": digits[0], "url": f"https://vimeo.com/{digits[0]}",
                    "embed": f"https://player.vimeo.com/video/{digits[0]}?dnt=1&autoplay=1"}
    return None


# --- Validation -----------------------------------------------------------------------------


def _clean_value(kind: str, value):
    """The cleaned value of one block (without database checks). Raises _Refusal."""
    if kind == "paragraph":
        return _inline(value, field=gettext("Đoạn văn"), required=True)
    if kind == "heading":
        value = _fields(value, required={"level", "text"})
        if value["level"] not in (2, 3) or isinstance(value["level"], bool):
            raise _Refusal(gettext("cấp tiêu đề phải là 2 hoặc 3."))
        return {"level": value["level"], "text": _short(value["text"], field=gettext("Tiêu đề"), required=True)}
    if kind == "list":
        value = _fields(value, required={"style", "items"})
        if value["style"] not in ("bullet", "number"):
            raise _Refusal(gettext("kiểu danh sách phải là bullet hoặc number."))
        items = value["items"]
        if not isinstance(items, list) or not items:
            raise _Refusal(gettext("danh sách phải có ít nhất một mục."))
        if len(items) > MAX_LIST_ITEMS:
            raise _Refusal(gettext("danh sách có %(count)s mục, tối đa %(limit)s.")
                           % {"count": len(items), "limit": MAX_LIST_ITEMS})
        return {"style": value["style"], "items": [
            _inline(item, field=gettext("Mục %(n)s") % {"n": number}, required=True)
            for number, item in enumerate(items, start=1)]}
    if kind == "quote":
        value = _fields(value, required={"text"}, optional={"cite"})
        return {"text": _inline(value["text"], field=gettext("Lời trích"), required=True),
                "cite": _short(value.get("cite", ""), field=gettext("Người nói"))}
    if kind == "table":
        value = _fields(value, required={"rows"}, optional={"caption", "header"})
        rows, header = value["rows"], value.get("header", False)
        if not isinstance(header, bool):
            raise _Refusal(gettext("header phải là true hoặc false."))
        if not isinstance(rows, list) or not rows or not all(isinstance(row, list) for row in rows):
            raise _Refusal(gettext("bảng phải có ít nhất một hàng, mỗi hàng là một danh sách ô."))
        if len(rows) > MAX_TABLE_ROWS:
            raise _Refusal(gettext("bảng có %(count)s hàng, tối đa %(limit)s.")
                           % {"count": len(rows), "limit": MAX_TABLE_ROWS})
        width = len(rows[0])
        if not 1 <= width <= MAX_TABLE_COLUMNS:
            raise _Refusal(gettext("mỗi hàng có từ 1 đến %(limit)s ô.") % {"limit": MAX_TABLE_COLUMNS})
        for number, row in enumerate(rows, start=1):
            if len(row) != width:
                raise _Refusal(gettext("hàng %(n)s có %(count)s ô, hàng đầu có %(width)s: mọi hàng phải có cùng "
                                       "số ô.") % {"n": number, "count": len(row), "width": width})
        return {"caption": _short(value.get("caption", ""), field=gettext("Chú thích bảng")), "header": header,
                "rows": [[_inline(cell, field=gettext("Ô %(row)s.%(column)s") % {"row": r, "column": c})
                          for c, cell in enumerate(row, start=1)] for r, row in enumerate(rows, start=1)]}
    if kind == "photos":
        value = _fields(value, required={"slots"})
        slots = value["slots"]
        if not isinstance(slots, list) or not slots:
            raise _Refusal(gettext("khối ảnh phải có ít nhất một ảnh."))
        if len(slots) > MAX_SLOTS_PER_BLOCK:
            raise _Refusal(gettext("khối ảnh có %(count)s ảnh, tối đa %(limit)s.")
                           % {"count": len(slots), "limit": MAX_SLOTS_PER_BLOCK})
        return {"slots": list(dict.fromkeys(_id(slot, field=gettext("Mã ảnh")) for slot in slots))}
    if kind == "video":
        value = _fields(value, required={"url"}, optional={"caption"})
        url = _short(value["url"], field=gettext("Địa chỉ video"), required=True, limit=MAX_URL_LENGTH)
        source = video_source(url)
        if source is None:
            raise _Refusal(gettext("địa chỉ video phải là một video YouTube hoặc Vimeo "
                                   "(ví dụ https://www.youtube.com/watch?v=…)."))
        return {"url": source["url"], "caption": _short(value.get("caption", ""), field=gettext("Chú thích video"))}
    if kind == "attachment":
        value = _fields(value, required={"file"}, optional={"title"})
        return {"file": _id(value["file"], field=gettext("Mã tệp")),
                "title": _short(value.get("title", ""), field=gettext("Tên tệp"))}
    if kind == "box":
        value = _fields(value, required={"text"}, optional={"title"})
        return {"title": _short(value.get("title", ""), field=gettext("Tiêu đề hộp")),
                "text": _inline(value["text"], field=gettext("Nội dung hộp"), required=True)}
    if kind == "related":
        value = _fields(value, required={"article"})
        return {"article": _id(value["article"], field=gettext("Mã bài"))}
    raise _Refusal(gettext("loại khối “%(type)s” không có (các loại: %(types)s).")
                   % {"type": str(kind)[:40], "types": ", ".join(TYPES)})


def block_name(number: int, kind) -> str:
    label = TYPES.get(kind) if isinstance(kind, str) else None
    return (gettext("Khối %(n)s (%(type)s)") % {"n": number, "type": label} if label
            else gettext("Khối %(n)s") % {"n": number})


def validate_body(blocks, *, article=None) -> list[dict]:
    """The body, cleaned (normalised, inline HTML sanitised, missing ids filled in).

    Raises ValidationError with one Vietnamese message per bad block, naming it
    ("Khối 3 (tiêu đề): cấp tiêu đề phải là 2 hoặc 3."). With `article`, photo
    slots and attachments must be that article's own and a related article must
    exist and be another one; without it those ids are not looked up.
    """
    if blocks is None:
        return []
    if not isinstance(blocks, list):
        raise ValidationError(_("Nội dung bài phải là một danh sách khối (JSON)."), code="body_not_list")
    if len(blocks) > MAX_BLOCKS:
        raise ValidationError(_("Mỗi bài tối đa %(limit)s khối; nội dung này có %(count)s khối."),
                              code="too_many_blocks", params={"limit": MAX_BLOCKS, "count": len(blocks)})
    errors, cleaned, seen_ids = [], [], set()
    for number, block in enumerate(blocks, start=1):
        kind = block.get("type") if isinstance(block, dict) else None
        try:
            if not isinstance(block, dict):
                raise _Refusal(gettext("mỗi khối phải là một đối tượng JSON {id, type, value}."))
            unknown = sorted(map(str, block.keys() - {"id", "type", "value"}))
            if unknown:
                raise _Refusal(gettext("trường lạ %(fields)s.") % {"fields": ", ".join(unknown)[:100]})
            if "value" not in block:
                raise _Refusal(gettext("thiếu trường value."))
            block_id = block.get("id") or str(uuid.uuid4())
            try:
                block_id = str(uuid.UUID(str(block_id)))
            except ValueError:
                raise _Refusal(gettext("mã khối phải là một UUID.")) from None
            if block_id in seen_ids:
                raise _Refusal(gettext("mã khối %(id)s trùng với một khối trước.") % {"id": block_id})
            seen_ids.add(block_id)
            cleaned.append({"id": block_id, "type": kind, "value": _clean_value(kind, block["value"])})
        except _Refusal as refusal:
            errors.append(ValidationError(f"{block_name(number, kind)}: {refusal}", code="bad_block"))
    if not errors and article is not None:
        errors = _check_references(cleaned, article)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _check_references(blocks: list[dict], article) -> list[ValidationError]:
    """Photo slots and attachments of this article; related articles that exist (one query each)."""
    # Through the article's own relations: articles.models imports this module, not the reverse.
    Article = type(article)
    slot_model = Article._meta.get_field("photo_slots").related_model
    file_model = Article._meta.get_field("attachments").related_model

    def ids_of(kind, key):
        found = {}
        for number, block in enumerate(blocks, start=1):
            if block["type"] == kind:
                values = block["value"][key] if isinstance(block["value"][key], list) else [block["value"][key]]
                for value in values:
                    found.setdefault(value, number)
        return found

    errors = []
    for kind, key, model, message in (
            ("photos", "slots", slot_model, _("ảnh số %(id)s không thuộc bài này.")),
            ("attachment", "file", file_model, _("tệp số %(id)s không thuộc bài này."))):
        wanted = ids_of(kind, key)
        if not wanted:
            continue
        own = set(model.objects.filter(article_id=article.pk, pk__in=wanted).values_list("pk", flat=True)) \
            if article.pk else set()
        for value, number in wanted.items():
            if value not in own:
                errors.append(ValidationError(f"{block_name(number, kind)}: {message % {'id': value}}",
                                              code="foreign_reference"))
    wanted = ids_of("related", "article")
    if wanted:
        existing = set(Article.objects.filter(pk__in=wanted).values_list("pk", flat=True))
        for value, number in wanted.items():
            if value == article.pk:
                errors.append(ValidationError(
                    f"{block_name(number, 'related')}: " + gettext("không liên kết một bài với chính nó."),
                    code="self_reference"))
            elif value not in existing:
                errors.append(ValidationError(
                    f"{block_name(number, 'related')}: " + gettext("không có bài số %(id)s.") % {"id": value},
                    code="missing_reference"))
    return errors


# --- Plain text ------------------------------------------------------------------------------

_TAG = re.compile(r"<[^>]*>")
_BR = re.compile(r"<br\s*/?>", re.I)


def inline_text(value: str) -> str:
    """The text of sanitised inline HTML ("<strong>Đồng</strong> Hới" -> "Đồng Hới")."""
    return html.unescape(_TAG.sub("", _BR.sub(" ", value or "")))


def block_texts(blocks) -> list[str]:
    """Every text of the body, block by block, in reading order (no photos, no related cards)."""
    texts = []
    for block in blocks or []:
        kind, value = block.get("type"), block.get("value")
        if kind == "paragraph":
            texts.append(inline_text(value))
        elif kind == "heading":
            texts.append(value["text"])
        elif kind == "list":
            texts.extend(inline_text(item) for item in value["items"])
        elif kind == "quote":
            texts.extend([inline_text(value["text"]), value.get("cite", "")])
        elif kind == "table":
            texts.append(value.get("caption", ""))
            texts.extend(inline_text(cell) for row in value["rows"] for cell in row)
        elif kind == "box":
            texts.extend([value.get("title", ""), inline_text(value["text"])])
        elif kind in ("attachment", "video"):
            texts.append(value.get("title") or value.get("caption") or "")
    return [" ".join(text.split()) for text in texts if text and text.strip()]


def heading_text(blocks) -> str:
    """The body's headings, which search weighs above its paragraphs (with the lead)."""
    return "\n".join(" ".join(block["value"]["text"].split()) for block in blocks or []
                     if block.get("type") == "heading" and block["value"].get("text", "").strip())


def body_text(blocks) -> str:
    """The body as plain text: search, JSON-LD articleBody, word count, reading time."""
    return "\n".join(block_texts(blocks))


def word_count(text: str) -> int:
    return len(text.split())


def reading_minutes(text: str) -> int:
    """Minutes to read `text` at READING_SPEED (at least 1 when there is any text)."""
    words = word_count(text)
    return max(1, math.ceil(words / READING_SPEED)) if words else 0


def paragraph_blocks(texts) -> list[dict]:
    """Plain-text paragraphs as paragraph blocks: escaped, bare URLs made links."""
    return [{"id": str(uuid.uuid4()), "type": "paragraph", "value": linkify(text)}
            for text in texts if text and text.strip()]


def replace_paragraphs(blocks, texts: list[str]) -> list[dict]:
    """The body with its paragraphs replaced by plain-text `texts` (typed in the admin's text box).

    The other blocks keep their place among the paragraphs (after as many as before;
    at the end when there are fewer now); the n-th paragraph keeps the n-th one's id,
    and its markup when its text is unchanged, so that revisions show what changed.
    """
    anchored: dict[int, list[dict]] = {}
    old_paragraphs, seen = [], 0
    for block in blocks or []:
        if block.get("type") == "paragraph":
            old_paragraphs.append(block)
            seen += 1
        else:
            anchored.setdefault(seen, []).append(block)
    texts = [text for text in texts if text and text.strip()]
    result = []
    for number in range(len(texts) + 1):
        if number:
            text, old = texts[number - 1], old_paragraphs[number - 1] if number <= len(old_paragraphs) else None
            keep = old is not None and " ".join(inline_text(old["value"]).split()) == " ".join(text.split())
            result.append({"id": old["id"] if old else str(uuid.uuid4()), "type": "paragraph",
                           "value": old["value"] if keep else linkify(text)})
        if number == len(texts):
            for later in sorted(anchored):
                if later >= number:
                    result += anchored[later]
        else:
            result += anchored.get(number, [])
    return result


_BARE_URL = re.compile(r"(?<![\w/\"'=])(https?://[^\s<>\"']+[^\s<>\"'.,;:!?)\]])")


def linkify(text: str) -> str:
    """Plain text as inline HTML: escaped, with bare http(s) URLs as links."""
    pieces, cursor = [], 0
    for match in _BARE_URL.finditer(text):
        pieces.append(escape(text[cursor:match.start()]))
        url = match.group(1)
        pieces.append(f'<a href="{escape(url)}">{escape(url)}</a>')
        cursor = match.end()
    pieces.append(escape(text[cursor:]))
    return "".join(pieces)


# --- Rendering -------------------------------------------------------------------------------

_LINK = re.compile(r'<a href="([^"]*)">')


def _site_host() -> str:
    return (urlsplit(settings.SITE_URL).hostname or "").lower()


def render_inline(value: str, *, absolute: bool = False):
    """Stored (already sanitised) inline HTML for a page: rel="noopener" on links to other sites;
    with `absolute`, site paths become absolute addresses (feeds)."""
    site = _site_host()

    def link(match):
        href = match.group(1)
        if href.startswith("/") and absolute:
            href = escape(settings.SITE_URL) + href
        host = (urlsplit(html.unescape(href)).hostname or "").lower() if href.startswith("http") else ""
        if host and host != site:
            return f'<a href="{href}" rel="noopener">'
        return f'<a href="{href}">'

    return mark_safe(_LINK.sub(link, value or ""))


def _address(path: str, absolute: bool) -> str:
    return absolute_url(path) if absolute else path


def render_data(blocks, *, slots: dict, attachments: dict, related: dict, absolute: bool = False) -> list[dict]:
    """What templates/articles/blocks/<type>.html render, one dict per block.

    `slots`, `attachments`, `related`: id -> object (related: live articles only;
    a block whose target is missing or not live is left out).
    """
    rendered, first_photos = [], True
    for block in blocks or []:
        kind, value = block["type"], block["value"]
        item = {"id": block["id"], "type": kind, "template": f"articles/blocks/{kind}.html", "absolute": absolute}
        if kind == "paragraph":
            item["html"] = render_inline(value, absolute=absolute)
        elif kind == "heading":
            item.update(level=value["level"], text=value["text"])
        elif kind == "list":
            item.update(ordered=value["style"] == "number",
                        items=[render_inline(entry, absolute=absolute) for entry in value["items"]])
        elif kind == "quote":
            item.update(html=render_inline(value["text"], absolute=absolute), cite=value.get("cite", ""))
        elif kind == "table":
            rows = [[render_inline(cell, absolute=absolute) for cell in row] for row in value["rows"]]
            header = value.get("header", False)
            item.update(caption=value.get("caption", ""), head=rows[0] if header else None,
                        rows=rows[1:] if header else rows)
        elif kind == "photos":
            item["slots"] = [slots[pk] for pk in value["slots"] if pk in slots]
            if not item["slots"]:
                continue
            item["eager"], first_photos = first_photos, False
        elif kind == "video":
            source = video_source(value["url"])
            if source is None:
                continue
            item.update(source=source, caption=value.get("caption", ""))
        elif kind == "attachment":
            item["file"] = attachments.get(value["file"])
            if item["file"] is None:
                continue
            item["title"] = value.get("title") or item["file"].title or item["file"].file_name
            item["url"] = _address(item["file"].get_absolute_url(), absolute)
        elif kind == "box":
            item.update(title=value.get("title", ""), html=render_inline(value["text"], absolute=absolute))
        elif kind == "related":
            item["article"] = related.get(value["article"])
            if item["article"] is None:
                continue
            item["url"] = _address(item["article"].get_absolute_url(), absolute)
        rendered.append(item)
    return rendered


def referenced_ids(blocks, kind: str) -> list[int]:
    """The slot, attachment or article ids the body's blocks of `kind` name, in order."""
    key = {"photos": "slots", "attachment": "file", "related": "article"}[kind]
    ids = []
    for block in blocks or []:
        if block.get("type") == kind:
            value = block["value"][key]
            ids.extend(value if isinstance(value, list) else [value])
    return list(dict.fromkeys(ids))
