"""Helpers for the public-site tests: put articles in a state, parse pages."""

import datetime
from html.parser import HTMLParser

from django.utils import timezone

from articles.models import Status


def set_state(article, status, publish_at=None):
    """Put an article in a state directly (the fixture is the state, not the workflow).

    Saved with save(), as every real change is, so the page cache hears of it.
    """
    article.status, article.publish_at = status, publish_at
    article.save()
    article.refresh_from_db()
    return article


def make_live(article, ago=datetime.timedelta(hours=1)):
    return set_state(article, Status.PUBLISHED, timezone.now() - ago)


class PageStructure(HTMLParser):
    """Collects what the structural checks need: h1 count, ids, images, the html lang."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.h1 = 0
        self.ids = []
        self.images = []
        self.lang = None
        self.stack = []
        self.errors = []
        self.landmarks = set()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "html":
            self.lang = attributes.get("lang")
        if tag == "h1":
            self.h1 += 1
        if "id" in attributes:
            self.ids.append(attributes["id"])
        if tag == "img":
            self.images.append(attributes)
        if tag in {"main", "header", "footer", "nav"}:
            self.landmarks.add(tag)
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        # <p> and <li> may be closed implicitly in HTML; everything we write closes explicitly.
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
            if tag in self.stack:
                while self.stack and self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()


def check_structure(html: str) -> PageStructure:
    """Parse a page and assert the structural basics (the Nu checker is not available offline)."""
    parser = PageStructure()
    parser.feed(html)
    parser.close()
    assert html.lstrip().lower().startswith("<!doctype html>")
    assert parser.lang in ("vi", "en")
    assert parser.h1 == 1, f"{parser.h1} h1 elements"
    duplicates = {i for i in parser.ids if parser.ids.count(i) > 1}
    assert not duplicates, duplicates
    assert all("alt" in img for img in parser.images), [img for img in parser.images if "alt" not in img]
    assert not parser.errors, parser.errors
    assert parser.stack == [], parser.stack
    assert {"main", "header", "footer", "nav"} <= parser.landmarks
    return parser
