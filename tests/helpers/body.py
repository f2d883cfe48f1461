"""Reading an article's body (articles/body.py) the way the old tests read paragraphs and slot places."""

import uuid

from django.core.files.base import ContentFile

from articles.body import inline_text
from articles.models import Attachment

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def block(kind, value):
    return {"id": str(uuid.uuid4()), "type": kind, "value": value}


def attach(article, name="Quyết định 12-QĐ.pdf", title="") -> Attachment:
    return Attachment.objects.create(article=article, file=ContentFile(PDF, name="x.pdf"), file_name=name,
                                     content_type="application/pdf", size=len(PDF), title=title)


def paragraphs_of(article) -> list[str]:
    """The text of the body's paragraph blocks, in order."""
    return [inline_text(block["value"]) for block in article.body if block["type"] == "paragraph"]


def slot_places(article) -> dict[int, int]:
    """slot id -> how many paragraph blocks come before its photos block (the legacy "after_paragraph")."""
    places, seen = {}, 0
    for block in article.body:
        if block["type"] == "paragraph":
            seen += 1
        elif block["type"] == "photos":
            for slot in block["value"]["slots"]:
                places[slot] = seen
    return places
