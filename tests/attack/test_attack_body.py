"""Attacks on the article body (issue #14): script, event handlers, javascript: links, CSS and over-long
values in every block field. Inline HTML fields refuse them; plain-text fields keep them as text, and
every place a reader, a feed reader or staff looks shows them as text."""

import json
import re
import uuid
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from articles.body import MAX_INLINE_LENGTH, MAX_SHORT_LENGTH, validate_body
from articles.models import Article, Attachment
from articles.workflow import revisions
from tests.helpers.admin import change_form_data
from tests.helpers.factories import ArticleFactory
from tests.helpers.public import make_live

INLINE_ATTACKS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">bấm</a>',
    '<a href="&#106;avascript:alert(1)">bấm</a>',
    '<a href=" JaVaScRiPt:alert(1)">bấm</a>',
    '<a href="data:text/html,<script>alert(1)</script>">bấm</a>',
    '<a href="vbscript:msgbox(1)">bấm</a>',
    '<strong onmouseover="alert(1)">đậm</strong>',
    '<strong style="background:url(javascript:alert(1))">đậm</strong>',
    "<style>body{display:none}</style>",
    '<svg onload="alert(1)"></svg>',
    '<iframe src="https://evil.example"></iframe>',
    "<!--<script>alert(1)</script>-->",
    "x" * (MAX_INLINE_LENGTH + 1),
]
PLAIN_ATTACK = '"><script>alert(1)</script><img src=x onerror=alert(1)> javascript:alert(1) <style>*{}</style>'


def inline_fields(payload):
    """Every inline HTML field of every block type, holding `payload`."""
    return {
        "paragraph": payload,
        "list item": {"style": "bullet", "items": ["ổn", payload]},
        "quote": {"text": payload, "cite": ""},
        "table cell": {"rows": [["ổn", payload]]},
        "box": {"title": "", "text": payload},
    }


def plain_fields(payload):
    return {
        "heading": ("heading", {"level": 2, "text": payload}),
        "quote cite": ("quote", {"text": "Lời nói.", "cite": payload}),
        "table caption": ("table", {"caption": payload, "rows": [["a"]]}),
        "box title": ("box", {"title": payload, "text": "Nội dung hộp."}),
        "video caption": ("video", {"url": "https://youtu.be/dQw4w9WgXcQ", "caption": payload}),
        "attachment title": ("attachment", {"file": None, "title": payload}),
    }


def blocks_of(kind_values):
    return [{"id": str(uuid.uuid4()), "type": kind, "value": value} for kind, value in kind_values]


@pytest.mark.parametrize("payload", INLINE_ATTACKS, ids=range(len(INLINE_ATTACKS)))
def test_markup_outside_the_allowed_set_is_refused_in_every_inline_field(payload):
    for name, value in inline_fields(payload).items():
        kind = {"list item": "list", "table cell": "table"}.get(name, name)
        with pytest.raises(ValidationError) as caught:
            validate_body(blocks_of([(kind, value)]))
        assert caught.value.messages[0].startswith("Khối 1 ("), (name, caption := caught.value.messages)


@pytest.mark.parametrize("name", ["heading", "quote cite", "table caption", "box title", "video caption",
                                  "attachment title"])
def test_over_long_plain_fields_are_refused(name):
    kind, value = plain_fields("x" * (MAX_SHORT_LENGTH + 1))[name]
    if kind == "attachment":
        value["file"] = 1
    with pytest.raises(ValidationError) as caught:
        validate_body(blocks_of([(kind, value)]))
    assert f"dài {MAX_SHORT_LENGTH + 1} ký tự, tối đa {MAX_SHORT_LENGTH}." in caught.value.messages[0]


@pytest.mark.parametrize("url", ["javascript:alert(1)", "https://www.youtube.com/watch?v=<script>",
                                 "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
                                 "data:text/html,<script>alert(1)</script>", "https://evil.example/embed/x"])
def test_a_video_address_that_is_not_a_known_provider_is_refused(url):
    with pytest.raises(ValidationError):
        validate_body(blocks_of([("video", {"url": url})]))


def test_a_refused_body_posted_to_the_admin_writes_nothing(client, editor):
    article = ArticleFactory()
    before = Article.objects.filter(pk=article.pk).values("body", "version").get()
    client.force_login(editor)
    body = json.dumps(blocks_of([("paragraph", "<img src=x onerror=alert(1)>")]))
    response = client.post(reverse("admin:articles_article_change", args=[article.pk]),
                           change_form_data(article, body=body))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["body"] == [
        "Khối 1 (đoạn văn): Đoạn văn: thẻ <img> không được dùng."]
    assert Article.objects.filter(pk=article.pk).values("body", "version").get() == before


class Live(HTMLParser):
    """What in a page could run: script elements, event-handler attributes, script URLs, style."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag == "script" and not dict(attrs).get("src") and dict(attrs).get("type") != "application/ld+json":
            self.problems.append(("inline script", attrs))
        if tag in ("style", "iframe", "object", "embed"):
            self.problems.append((tag, attrs))
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.problems.append((tag, name, value))
            if name in ("href", "src", "action", "formaction", "data-video-embed") and value and re.match(
                    r"\s*(javascript|data|vbscript):", value, re.I):
                self.problems.append((tag, name, value))


def assert_nothing_live(page: str, where: str):
    parser = Live()
    parser.feed(page)
    assert parser.problems == [], where
    assert "<script>alert(1)" not in page, where


@pytest.fixture
def hostile_body(db, editor):
    article = ArticleFactory(title="Bài có nội dung thù địch", paragraphs=[])
    file = Attachment.objects.create(article=article, file="attachments/x.pdf", file_name=PLAIN_ATTACK[:100] + ".pdf",
                                     content_type="application/pdf", size=10)
    values = []
    for kind, value in plain_fields(PLAIN_ATTACK).values():
        if kind == "attachment":
            value["file"] = file.pk
        values.append((kind, value))
    values.append(("paragraph", "Văn bản &lt;script&gt;alert(1)&lt;/script&gt; là chữ."))
    article.body = blocks_of(values)
    article.save()
    return make_live(article)


def test_plain_text_fields_show_as_text_everywhere_a_reader_or_feed_reader_looks(client, hostile_body):
    stored = Article.objects.get(pk=hostile_body.pk)
    assert stored.body[0]["value"]["text"] == " ".join(PLAIN_ATTACK.split())  # kept as typed: it is text
    page = client.get(stored.get_absolute_url()).content.decode()
    assert_nothing_live(page, "article page")
    assert "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in page
    assert "Văn bản &lt;script&gt;alert(1)&lt;/script&gt; là chữ." in page
    json_ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    assert "<" not in json_ld and json.loads(json_ld)["articleBody"].startswith('"><script>')
    for name in ("articles:feed", "articles:feed_atom"):
        response = client.get(reverse(name))
        root = ET.fromstring(response.content)
        for element in root.iter():
            if element.tag.endswith(("encoded", "content", "description", "summary")) and element.text:
                # What a feed reader renders: the element's text, read as HTML.
                assert_nothing_live(element.text, name)
    search = client.get(reverse("articles:search"), {"q": "alert"}).content.decode()
    assert_nothing_live(search, "search")


def test_staff_pages_show_the_body_as_text(client, editor, hostile_body):
    client.force_login(editor)
    first = revisions.record(hostile_body, editor, force=True)
    hostile_body.body = hostile_body.body[1:]
    hostile_body.save()
    revisions.record(hostile_body, editor, force=True)
    for url in [reverse("admin:articles_article_change", args=[hostile_body.pk]),
                reverse("admin:articles_article_revision", args=[hostile_body.pk, first.number]),
                reverse("admin:articles_article_preview", args=[hostile_body.pk])]:
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert "<script>alert(1)" not in page and "<img src=x onerror" not in page, url
