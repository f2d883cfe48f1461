"""Reading legacy plain-text exports into articles.

The layout (see README, "Legacy import"): line 1 is the title; an optional line
with a bare integer (view count) or a date; then blocks separated by blank lines.
The first paragraph is the lead; a block of short lines is a group of photo
captions at that place; a last short line is the byline.

`parse_export` turns bytes into a ParsedArticle and writes nothing;
`save_parsed` writes one ParsedArticle in one transaction.
"""

import datetime
import re
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.db import transaction

from newsroom.text import normalize

from . import body
from .models import Article, ArticleAuthor, Section, author_model, photo_slot_model

# A line this long is prose, never a caption or a byline.
MAX_CAPTION_LENGTH = 250
MAX_BYLINE_LENGTH = 60
MAX_BYLINE_WORDS = 7
MAX_TITLE_LENGTH = 300
SENTENCE_END = (".", "!", "?", "…", ":", ";")

_VIEW_COUNT = re.compile(r"^\d{1,3}(?:[.,]\d{3})+$|^\d+$")
_DMY = re.compile(r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?!\d)")
_YMD = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_WORDY_DATE = re.compile(r"(?<!\d)(\d{1,2})\s+tháng\s+(\d{1,2})[,\s]+năm\s+(\d{4})", re.IGNORECASE)
# "... Ảnh: Ngọc Minh", "... (Ảnh: Ngọc Minh)", "... - Ảnh: TTXVN"
_CAPTION_CREDIT = re.compile(
    r"^(?P<caption>.*?)[\s\-–—(]*\b(?:Ảnh|Nguồn ảnh|Nguồn|Photo)\s*:\s*(?P<credit>[^()]+?)\)?\s*$", re.IGNORECASE)
# "Tin, ảnh: Lê Minh", "Bài và ảnh: Lê Minh", "Bài: Lê Minh", "Theo: Lê Minh"
_BYLINE_PREFIX = re.compile(r"^(?:(?:tin|bài|ảnh|bài viết|video|theo)[\s,/&và]*)+:\s*", re.IGNORECASE)
_DASHES = "-–—‒ "
# "– CABT –", "- Công an thành phố -"
_BYLINE_UNIT = re.compile(r"^[-–—‒]\s*[^-–—‒\s].*[-–—‒]$")
# "N.L", "N.L.", "P.V.Tâm" is a name, not initials
_BYLINE_INITIALS = re.compile(r"^(?:[^\W\d_]\.){1,5}[^\W\d_]?\.?$")
# Between the names of a byline with several authors: "Thu Hà - Thanh Tâm", "Lê Minh, Hoàng Anh", "A và B"
_BYLINE_NAME_SEPARATORS = re.compile(r"\s*(?:[-–—‒,&/]|\svà\s)\s*|\s+")


class BadExport(Exception):
    """A file that cannot be imported; the message names the reason in Vietnamese."""


@dataclass
class ParsedPhoto:
    caption: str
    credit: str | None
    after_paragraph: int


@dataclass
class ParsedArticle:
    source: str
    title: str
    view_count: int | None
    lead: str
    paragraphs: list[str] = field(default_factory=list)
    photos: list[ParsedPhoto] = field(default_factory=list)
    byline: str | None = None
    published_on: datetime.date | None = None

    def as_json(self) -> dict:
        """The contract shape of `import_articles --dry-run --json` (see README)."""
        data = asdict(self)
        data.pop("published_on")
        return data


def source_id_for(path: Path) -> str:
    """The id that ties an export to its article: the file name without extension."""
    return path.stem


def decode(raw: bytes) -> str:
    if b"\x00" in raw:
        raise BadExport("tệp nhị phân, không phải văn bản")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadExport(f"không phải văn bản UTF-8 (byte lỗi ở vị trí {exc.start})") from None
    return normalize(text)


def _blocks(text: str) -> list[list[str]]:
    blocks, current = [], []
    for line in text.split("\n"):
        line = " ".join(line.split())
        if line:
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def parse_date(line: str) -> datetime.date | None:
    """The date a short line holds ("08/03/2019", "2019-03-08", "8 tháng 3 năm 2019"), or None."""
    for pattern, order in ((_YMD, "ymd"), (_DMY, "dmy"), (_WORDY_DATE, "dmy")):
        match = pattern.search(line)
        if match:
            a, b, c = (int(g) for g in match.groups())
            year, month, day = (a, b, c) if order == "ymd" else (c, b, a)
            try:
                return datetime.date(year, month, day)
            except ValueError:
                return None
    return None


def _looks_like_date_line(line: str) -> bool:
    return len(line) <= 60 and bool(_YMD.search(line) or _DMY.search(line) or _WORDY_DATE.search(line))


def _is_caption_block(block: list[str]) -> bool:
    if any(len(line) > MAX_CAPTION_LENGTH for line in block):
        return False
    if len(block) > 1:
        return True
    line = block[0]
    return not line.endswith(SENTENCE_END) or bool(_CAPTION_CREDIT.match(line))


def _is_byline(block: list[str]) -> bool:
    """A last line that names who wrote the article, never a sentence.

    A byline is a name ("Ngô Quang Văn", "NGÔ QUANG VĂN": every word capitalised),
    initials ("N.L", "N.L."), a unit between dashes ("– CABT –") or a credit
    ("Tin, ảnh: Lê Minh"). A short line ending with a full stop ("Đoạn một.") is
    the last paragraph.
    """
    if len(block) != 1:
        return False
    line = block[0]
    prefix = _BYLINE_PREFIX.match(line)
    if len(line) > MAX_BYLINE_LENGTH or _CAPTION_CREDIT.match(line) and not prefix:
        return False
    if prefix:
        return _is_names(line[prefix.end():])
    if _BYLINE_UNIT.match(line):
        return True
    return _is_names(line)


def _is_names(text: str) -> bool:
    """One or a few names or initials: "Lê Minh", "Thu Hà - Thanh Tâm", "N.L."; no sentence."""
    text = text.strip()
    if _BYLINE_INITIALS.match(text) and text.upper() == text:
        return True
    if not text or text.endswith(SENTENCE_END):
        return False
    words = [word for word in _BYLINE_NAME_SEPARATORS.split(text) if word]
    return (0 < len(words) <= MAX_BYLINE_WORDS
            and all(word[0].isupper() and not any(ch.isdigit() for ch in word) for word in words))


def clean_byline(line: str) -> str | None:
    """The name in a byline: "Tin, ảnh: Lê Minh" -> "Lê Minh", "– CABT –" -> "CABT"."""
    name = _BYLINE_PREFIX.sub("", line).strip(_DASHES).strip()
    if not name:
        return None
    words = name.split()
    # "NGÔ QUANG VĂN" -> "Ngô Quang Văn"; a one-word unit ("CABT") keeps its capitals.
    if len(words) > 1 and name.isupper() and all(len(w) > 1 and "." not in w for w in words):
        name = " ".join(w[:1] + w[1:].lower() for w in words)
    return name


def split_caption(line: str) -> tuple[str, str | None]:
    match = _CAPTION_CREDIT.match(line)
    if not match or not match.group("caption").strip():
        return line, None
    caption = match.group("caption").strip().rstrip(_DASHES + "(").strip()
    return caption, match.group("credit").strip().rstrip(".").strip()


def parse_export(raw: bytes, source: str) -> ParsedArticle:
    """Parse one export. Raises BadExport with a one-line reason."""
    text = decode(raw)
    blocks = _blocks(text)
    if not blocks:
        raise BadExport("tệp rỗng")
    title, *rest_of_first = blocks[0]
    if _VIEW_COUNT.match(title) or _looks_like_date_line(title):
        raise BadExport("không có tiêu đề ở dòng đầu")
    if len(title) > MAX_TITLE_LENGTH:
        raise BadExport(f"dòng đầu dài {len(title)} ký tự, không phải tiêu đề (tối đa {MAX_TITLE_LENGTH})")
    blocks = ([rest_of_first] if rest_of_first else []) + blocks[1:]

    view_count, published_on = None, None
    if blocks and len(blocks[0]) == 1:
        line = blocks[0][0]
        if _VIEW_COUNT.match(line):
            view_count = int(re.sub(r"[.,]", "", line))
            blocks = blocks[1:]
        elif _looks_like_date_line(line):
            published_on = parse_date(line)
            blocks = blocks[1:]

    byline = None
    if len(blocks) > 1 and _is_byline(blocks[-1]):
        byline = clean_byline(blocks[-1][0])
        blocks = blocks[:-1]

    lead, paragraphs, photos = "", [], []
    for block in blocks:
        if _is_caption_block(block):
            for line in block:
                caption, credit = split_caption(line)
                photos.append(ParsedPhoto(caption=caption, credit=credit, after_paragraph=len(paragraphs)))
        elif not lead and not paragraphs:
            lead, *more = block
            paragraphs.extend(more)
        else:
            paragraphs.extend(block)
    return ParsedArticle(source=source, title=title, view_count=view_count, lead=lead, paragraphs=paragraphs,
                         photos=photos, byline=byline, published_on=published_on)


def read_export(path: Path) -> ParsedArticle:
    """Read and parse the file at path. Raises BadExport for a missing or unreadable file."""
    if not path.exists():
        raise BadExport("không tìm thấy tệp")
    if path.is_dir():
        raise BadExport("là một thư mục, không phải tệp")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise BadExport(f"không đọc được tệp ({exc.strerror})") from None
    return parse_export(raw, source_id_for(path))


def legacy_blocks(paragraphs: list[str], slots: list[tuple[int, int]]) -> list[dict]:
    """Legacy paragraphs and (slot id, after_paragraph) pairs as body blocks, photos where they were.

    Slots after the same paragraph make one photos block; a place past the last paragraph is the end.
    """
    groups: dict[int, list[int]] = {}
    for slot_id, after in slots:
        groups.setdefault(min(after, len(paragraphs)), []).append(slot_id)
    blocks = []
    for number in range(len(paragraphs) + 1):
        if number:
            blocks += body.paragraph_blocks([paragraphs[number - 1]])
        if number in groups:
            blocks.append({"id": str(uuid.uuid4()), "type": "photos", "value": {"slots": groups[number]}})
    return blocks


@transaction.atomic
def save_parsed(parsed: ParsedArticle, *, section: Section | None = None, owner=None) -> tuple[Article, bool]:
    """Create or update the article for parsed.source. Returns (article, created).

    A re-import updates the text in place and keeps the status, the section, the
    tags and every image an editor has attached to a photo slot. `owner` (a user)
    becomes `created_by` of a new article, or of an imported one that has no owner
    yet: the drafts then show on that user's desk (articles.models.owned_q).
    """
    Author, ArticlePhoto = author_model(), photo_slot_model()

    article = Article.objects.select_for_update().filter(source_id=parsed.source).first()
    created = article is None
    if created:
        article = Article(source_id=parsed.source)
    article.title = parsed.title
    article.lead = parsed.lead
    if parsed.view_count is not None:
        article.view_count = parsed.view_count
    article.source_published_on = parsed.published_on
    if section is not None:
        article.section = section
    if owner is not None and article.created_by_id is None:
        article.created_by = owner
    if created:
        article.body = []
        article.save()  # an id for the photo slots, which the body then places

    slots = list(article.photo_slots.order_by("order", "pk"))
    placed = []
    for order, photo in enumerate(parsed.photos):
        slot = slots[order] if order < len(slots) else ArticlePhoto(article=article)
        slot.caption = photo.caption
        slot.credit = photo.credit or ""
        slot.order = order
        slot.save()
        placed.append((slot.pk, photo.after_paragraph))
    kept = [slot for slot in slots[len(parsed.photos):] if slot.photo_id is not None]
    # The legacy layout turned into blocks: paragraphs (bare URLs made links) with each group
    # of captions in place; slots an editor gave an image to and the file no longer names, at the end.
    article.body = legacy_blocks(parsed.paragraphs, placed) + (
        [{"id": str(uuid.uuid4()), "type": "photos", "value": {"slots": [slot.pk for slot in kept]}}] if kept else [])
    article.save()
    for surplus in slots[len(parsed.photos):]:
        if surplus.photo_id is None:
            surplus.delete()

    if parsed.byline:
        author = Author.find_by_name(parsed.byline) or Author.objects.create(name=parsed.byline)
        if article.byline() != [author]:
            article.author_links.all().delete()
            ArticleAuthor.objects.create(article=article, author=author, order=0)
    return article, created
