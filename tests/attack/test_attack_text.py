"""Attack corpus, text: markup typed into any field is shown as text everywhere.

One article carries every payload in every field a reporter or editor can type
(title, lead, paragraphs, photo caption/credit/alt, author name and bio, tag
names, section name, award fields). Every public page, feed, sitemap, the
JSON-LD and the admin pages must show it as text: the markup never comes back
as markup. No field accepts markup, so none needs an HTML cleaner.
"""

import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils.html import escape

from articles import workflow
from articles.models import Article, Section
from awards.models import Award, AwardForm, AwardRecipient, Recipient, RecipientKind, Visibility
from authors.models import Author
from photos.models import ArticlePhoto
from tests.helpers.admin import add_form_data, change_form_data
from tests.helpers.factories import ArticleFactory, ArticlePhotoFactory, PhotoFactory
from tests.helpers.body import paragraphs_of
from articles.body import sanitize_inline

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">bấm</a>',
    "<div><b>đậm <i>nghiêng</div></b><!-- <p",
    "</script><script>alert(1)</script>",
]
ALL = " ".join(PAYLOADS)
TITLE = f"Quảng Bình {ALL} cuối"
LEAD = f"Sapo {ALL} hết sapo."
PARAGRAPH = f"Đoạn văn {ALL} hết đoạn."
CAPTION = f"Chú thích {ALL}"
CREDIT = "Ảnh: <b onmouseover=alert(1)>X</b>"
ALT = "Mô tả <svg onload=alert(1)>"
AUTHOR = "Tác giả <script>alert(1)</script>"
BIO = f"Tiểu sử {ALL}"
TAG = "Thẻ <img src=x onerror=alert(1)>"
SECTION = "Mục <script>alert(1)</script>"
AWARD_REASON = f"Có thành tích {ALL}"
MOVEMENT = 'Phong trào <a href="javascript:alert(1)">x</a>'
RECIPIENT = "Đội <script>alert(1)</script>"
CITATION = f"Thành tích riêng {ALL}"
ISSUER = "Giám đốc <b>Công an</b> tỉnh"

# What must never appear in any page as it was typed.
RAW = [*PAYLOADS, "<b onmouseover=alert(1)>", "<svg onload=alert(1)>", "<b>Công an</b>"]


class Markup(HTMLParser):
    """What a page would run: script elements, on* attributes, javascript: addresses."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts, self.handlers, self.js_urls, self.data = [], [], [], []
        self._in_script = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self.scripts.append(attrs)
            self._in_script = []
        for name, value in attrs.items():
            if name.startswith("on"):
                self.handlers.append((tag, name, value))
            if name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(
                    "javascript:"):
                self.js_urls.append((tag, value))

    def handle_endtag(self, tag):
        if tag == "script" and self._in_script is not None:
            self.scripts[-1]["content"] = "".join(self._in_script)
            self._in_script = None

    def handle_data(self, data):
        if self._in_script is not None:
            self._in_script.append(data)


def parse(html: str) -> Markup:
    parser = Markup()
    parser.feed(html)
    parser.close()
    return parser


def assert_shown_as_text(html: str, *texts: str, admin: bool = False):
    """None of the raw payloads is in the page, each given text is there escaped,
    and the page holds no script or handler that the payloads could have made."""
    for raw in RAW:
        assert raw not in html, raw
    for text in texts:
        assert escape(text) in html, text
    markup = parse(html)
    assert markup.handlers == []
    assert markup.js_urls == []
    for script in markup.scripts:
        # Public pages run no inline script (CSP); the admin loads its own files.
        assert script.get("src") or script.get("type") in ("application/ld+json", "application/json"), script
        assert "alert(1)" not in script.get("content", "") or script.get("type") == "application/ld+json"


@pytest.fixture
def hostile(editor):
    section = Section.objects.create(name=SECTION)
    author = Author.objects.create(name=AUTHOR, bio=BIO)
    article = ArticleFactory(title=TITLE, lead=LEAD, paragraphs=[PARAGRAPH, "Đoạn hai."], section=section,
                             byline=[author])
    ArticlePhotoFactory(article=article, photo=PhotoFactory(alt_text=ALT, credit=CREDIT, caption=CAPTION),
                        caption=CAPTION, credit=CREDIT)
    article.tags.add(TAG)
    article = workflow.publish(article, editor)
    award = Award.objects.create(form=AwardForm.objects.get(slug="giay-khen"), issuer_title=ISSUER,
                                 decision_number="12/QĐ-<i>x</i>", period_start=2018, movement=MOVEMENT,
                                 reason=AWARD_REASON, visibility=Visibility.PUBLIC)
    recipient = Recipient.objects.create(kind=RecipientKind.COLLECTIVE, name=RECIPIENT)
    AwardRecipient.objects.create(award=award, recipient=recipient, citation=CITATION)
    award.articles.add(article)
    return Article.objects.get(pk=article.pk)


def test_hostile_text_is_stored_as_typed(hostile):
    # Nothing is cleaned on the way in: the text is the reporter's, shown as text on the way out.
    assert (hostile.title, hostile.lead, paragraphs_of(hostile)[0]) == (TITLE, LEAD, PARAGRAPH)
    assert hostile.tags.get().name == TAG


def test_article_page_shows_every_field_as_text(client, hostile):
    response = client.get(hostile.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert_shown_as_text(html, TITLE, LEAD, CAPTION, AUTHOR, TAG, SECTION, ALT)
    # The paragraph is a body block: its text escaped as nh3 writes it (quotes need no escape in text).
    assert f"<p>{sanitize_inline(escape(PARAGRAPH))}</p>" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_json_ld_parses_back_to_the_original_text_and_cannot_close_its_script(client, hostile):
    html = client.get(hostile.get_absolute_url()).content.decode()
    start = html.index('<script type="application/ld+json">') + len('<script type="application/ld+json">')
    end = html.index("</script>", start)
    content = html[start:end]
    assert "<" not in content and ">" not in content  # so "</script>" and "<!--" cannot occur
    data = json.loads(content)
    assert data["headline"] == TITLE[:110]
    assert data["description"] == LEAD
    assert data["author"][0]["name"] == AUTHOR
    assert data["articleSection"] == SECTION
    ld = [s for s in parse(html).scripts if s.get("type") == "application/ld+json"]
    assert len(ld) == 1 and json.loads(ld[0]["content"]) == data


@pytest.mark.parametrize("name,texts", [
    ("home", [TITLE]),
    ("section", [TITLE, SECTION]),
    ("tag", [TITLE, TAG]),
    ("author", [TITLE, AUTHOR, BIO]),
    ("corrections", []),
])
def test_list_pages_show_titles_as_text(client, hostile, name, texts):
    url = {
        "home": reverse("articles:home"),
        "section": hostile.section.get_absolute_url(),
        "tag": hostile.tags.get().get_absolute_url(),
        "author": hostile.byline()[0].get_absolute_url(),
        "corrections": reverse("articles:corrections"),
    }[name]
    response = client.get(url)
    assert response.status_code == 200
    assert_shown_as_text(response.content.decode(), *texts)


def test_search_results_highlight_words_and_escape_the_rest(client, hostile):
    response = client.get(reverse("articles:search"), {"q": "quảng bình"})
    assert response.status_code == 200
    html = response.content.decode()
    assert_shown_as_text(html)
    assert f"<mark>Quảng</mark> <mark>Bình</mark> {escape(ALL)} cuối" in html


def test_search_for_the_payload_itself_is_escaped(client, hostile):
    response = client.get(reverse("articles:search"), {"q": "<script>alert(1)</script> onerror"})
    assert response.status_code == 200
    assert_shown_as_text(response.content.decode())


@pytest.mark.parametrize("length", [5_000, 100_000])
def test_very_long_search_query_is_cut_not_a_500(client, hostile, length):
    response = client.get(reverse("articles:search"), {"q": "<script>" + "a" * length})
    assert response.status_code == 200
    assert_shown_as_text(response.content.decode())


def test_awards_pages_show_award_fields_as_text(client, hostile):
    award = Award.objects.get()
    pages = [reverse("awards:index"), reverse("awards:year", kwargs={"year": 2018}),
             reverse("awards:detail", args=[award.pk]),
             reverse("awards:recipient", kwargs={"slug": Recipient.objects.get().slug})]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_shown_as_text(response.content.decode())
    detail = client.get(reverse("awards:detail", args=[award.pk])).content.decode()
    assert_shown_as_text(detail, AWARD_REASON, MOVEMENT, RECIPIENT, CITATION, ISSUER, TITLE)


def _feed_titles(xml: bytes) -> list[str]:
    root = ET.fromstring(xml)
    atom = "{http://www.w3.org/2005/Atom}"
    if root.tag == f"{atom}feed":
        return [entry.find(f"{atom}title").text for entry in root.iter(f"{atom}entry")]
    return [item.find("title").text for item in root.iter("item")]


@pytest.mark.parametrize("name", ["articles:feed", "articles:feed_atom", "articles:section_feed",
                                  "articles:section_feed_atom"])
def test_feeds_parse_and_give_back_the_literal_title(client, hostile, name):
    kwargs = {"slug": hostile.section.slug} if "section" in name else {}
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200
    assert _feed_titles(response.content) == [TITLE]
    body = response.content.decode()
    for raw in RAW:
        assert raw not in body
    root = ET.fromstring(response.content)
    texts = " ".join(element.text or "" for element in root.iter())
    # The description/summary holds the lead escaped as HTML: a feed reader, which reads it as
    # HTML, shows the lead's words (the markup in them as text), never live markup.
    assert escape(LEAD) in texts
    assert LEAD not in texts


def test_sitemaps_parse_and_carry_no_markup(client, hostile):
    for url in ["/sitemap.xml", "/sitemap-articles.xml", "/sitemap-sections.xml", "/sitemap-tags.xml",
                "/sitemap-authors.xml", "/sitemap-news.xml"]:
        response = client.get(url)
        assert response.status_code == 200, url
        ET.fromstring(response.content)  # well-formed
        body = response.content.decode()
        for raw in RAW:
            assert raw not in body, url
    news = ET.fromstring(client.get("/sitemap-news.xml").content)
    titles = [e.text for e in news.iter("{http://www.google.com/schemas/sitemap-news/0.9}title")]
    assert titles == [TITLE]


# --- Admin pages --------------------------------------------------------------------


def test_admin_article_pages_show_text_as_text(client, editor, hostile):
    client.force_login(editor)
    pk = hostile.pk
    pages = [
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_changelist") + "?q=quang",
        reverse("admin:articles_article_change", args=[pk]),
        reverse("admin:articles_article_history", args=[pk]),
        reverse("admin:articles_article_revisions", args=[pk]),
        reverse("admin:articles_article_revision", args=[pk, 1]),
        reverse("admin:articles_article_preview", args=[pk]),
        reverse("admin:articles_article_calendar"),
        reverse("admin:articles_transition_changelist"),
        reverse("admin:index"),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        for raw in RAW:
            assert raw not in html, (url, raw)
        assert parse(html).handlers == [], url
        assert parse(html).js_urls == [], url
    change = client.get(reverse("admin:articles_article_change", args=[pk])).content.decode()
    body = json.dumps(Article.objects.get(pk=pk).body, ensure_ascii=False, indent=1)  # the body field's JSON
    assert escape(TITLE) in change and escape(body) in change and escape(CAPTION) in change


def test_admin_pages_of_authors_tags_photos_awards_show_text_as_text(client, superuser, hostile):
    client.force_login(superuser)
    author, tag = Author.objects.get(), hostile.tags.get()
    photo, award = ArticlePhoto.objects.get().photo, Award.objects.get()
    pages = [
        reverse("admin:authors_author_changelist"), reverse("admin:authors_author_change", args=[author.pk]),
        reverse("admin:articles_tag_changelist"), reverse("admin:articles_tag_change", args=[tag.pk]),
        reverse("admin:articles_section_changelist"),
        reverse("admin:photos_photo_changelist"), reverse("admin:photos_photo_change", args=[photo.pk]),
        reverse("admin:awards_award_changelist"), reverse("admin:awards_award_change", args=[award.pk]),
        reverse("admin:awards_recipient_changelist"),
        reverse("admin:awards_award_suggest") + f"?article={hostile.pk}",
        reverse("admin:articles_article_delete", args=[hostile.pk]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        for raw in RAW:
            assert raw not in html, (url, raw)
        assert parse(html).handlers == [], url


# --- Over-long input in the admin forms: a Vietnamese form error, never a 500 --------


@pytest.mark.parametrize("length", [5_000, 100_000])
def test_over_long_title_is_a_form_error(client, reporter, section, length):
    client.force_login(reporter)
    response = client.post(reverse("admin:articles_article_add"),
                           add_form_data(title="<script>" + "đ" * length, lead="Sapo.", section=section.pk))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["title"]
    assert errors == [f"Giá trị này chỉ có tối đa 300 kí tự (hiện có {length + 8})"]
    assert Article.objects.count() == 0


@pytest.mark.parametrize("length", [5_000, 50_000])
def test_very_long_lead_and_paragraphs_are_kept_and_shown(client, editor, section, length):
    client.force_login(editor)
    text = ("<script>alert(1)</script> " * (length // 26 + 1))[:length]
    # The body's paragraphs have a limit (articles/body.py, MAX_INLINE_LENGTH): this one is at it.
    response = client.post(reverse("admin:articles_article_add"),
                           add_form_data(title="Bài dài", lead=text * 2, paragraphs=text, section=section.pk))
    assert response.status_code == 302
    article = Article.objects.get()
    assert len(article.lead) == len((text * 2).strip())
    preview = client.get(reverse("admin:articles_article_preview", args=[article.pk])).content.decode()
    assert "<script>alert(1)</script>" not in preview


def test_over_long_tag_name_is_a_form_error_not_a_500(client, reporter, section):
    client.force_login(reporter)
    response = client.post(reverse("admin:articles_article_add"),
                           add_form_data(title="Bài có thẻ dài", section=section.pk, tags="Đồng Hới, " + "t" * 5_000))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["tags"] == [
        "Mỗi thẻ tối đa 100 ký tự; thẻ “tttttttttttttttttttt…” có 5000 ký tự."]
    assert Article.objects.count() == 0


@pytest.mark.parametrize("field,limit", [("credit", 200), ("alt_text", 300)])
def test_over_long_slot_fields_are_form_errors(client, editor, field, limit):
    article = ArticleFactory(title="Bài có ảnh")
    ArticlePhotoFactory(article=article)
    client.force_login(editor)
    data = change_form_data(article, **{f"photo_slots-0-{field}": "x" * 5_000})
    response = client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 200
    assert f"Giá trị này chỉ có tối đa {limit} kí tự (hiện có 5000)" in response.content.decode()


def test_very_long_caption_and_bio_are_shown_as_text(client, editor):
    long_text = ("<img src=x onerror=alert(1)> " * 4000)[:100_000]
    author = Author.objects.create(name="Tác giả dài", bio=long_text)
    article = ArticleFactory(title="Bài chú thích dài", byline=[author])
    ArticlePhotoFactory(article=article, caption=long_text)
    workflow.publish(article, editor)
    for url in [article.get_absolute_url(), author.get_absolute_url()]:
        html = client.get(url).content.decode()
        assert "<img src=x onerror=alert(1)>" not in html
        assert "&lt;img src=x onerror=alert(1)&gt;" in html


# --- Control characters (pasted from Word, or typed on purpose) ----------------------


def test_control_characters_are_dropped_so_feeds_and_sitemaps_stay_valid_xml(client, editor):
    # Word's manual line break is \x0b; XML 1.0 cannot carry it, and Django's feed
    # writer refuses it: before normalize() dropped them, the whole feed was a 500.
    article = ArticleFactory(title="Tin\x0bđiều\x1f khiển\x00", lead="Sapo\x08 có\x0cký tự lạ.",
                             paragraphs=["Đoạn\x07 một."])
    article.tags.add("Thẻ\x1b lạ")
    workflow.publish(article, editor)
    article.refresh_from_db()
    assert (article.title, article.lead, paragraphs_of(article)) == ("Tin\nđiều khiển", "Sapo có\nký tự lạ.",
                                                                     ["Đoạn một."])
    assert article.tags.get().name == "Thẻ lạ"
    for url in [reverse("articles:feed"), reverse("articles:feed_atom"), "/sitemap-news.xml",
                "/sitemap-tags.xml"]:
        response = client.get(url)
        assert response.status_code == 200, url
        ET.fromstring(response.content)
    assert _feed_titles(client.get(reverse("articles:feed")).content) == ["Tin\nđiều khiển"]


def test_null_character_in_an_admin_form_is_refused_before_the_form(client, reporter, section):
    """NUL bytes in any posted field are a 400 from newsroom.middleware.RefuseNulBytesMiddleware
    (tests/attack/test_attack_nul.py); nothing is written."""
    client.force_login(reporter)
    response = client.post(reverse("admin:articles_article_add"),
                           add_form_data(title="Tiêu đề\x00rỗng", section=section.pk))
    assert response.status_code == 400
    assert response.content.decode() == (
        "Yêu cầu không hợp lệ: địa chỉ hoặc dữ liệu gửi lên có ký tự NUL (mã 0), không xử lý được.")
    assert Article.objects.count() == 0


@pytest.mark.parametrize("field,limit", [("issuer_title", 200), ("decision_number", 100), ("movement", 300)])
def test_over_long_award_fields_are_form_errors(client, superuser, field, limit):
    client.force_login(superuser)
    data = {"form": AwardForm.objects.get(slug="bang-khen").pk, "issuer_title": "Chủ tịch UBND tỉnh",
            "issuer_organization": "", "decision_number": "1/QĐ", "decision_date": "", "movement": "",
            "period_start": "2018", "period_end": "", "reason": "<script>alert(1)</script>" * 4000,
            "visibility": "public", "note": "",
            "recipient_links-TOTAL_FORMS": "0", "recipient_links-INITIAL_FORMS": "0",
            field: "<script>" + "x" * 5_000}
    response = client.post(reverse("admin:awards_award_add"), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors[field] == [
        f"Giá trị này chỉ có tối đa {limit} kí tự (hiện có 5008)"]
    assert Award.objects.count() == 0
    assert "<script>alert(1)</script>" not in response.content.decode()
