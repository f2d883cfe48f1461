"""The public pages: home, section, tag, author, article; 404/500; structure; query budgets."""

import datetime
import json
import re
import zoneinfo

import pytest
from django.core.files.base import ContentFile
from django.urls import path
from django.utils import timezone

from articles.models import Article
from articles.public.views import render_article
from photos import renditions
from tests.helpers.factories import ArticleFactory, ArticlePhotoFactory, AuthorFactory, SectionFactory
from tests.helpers.photos import make_image_bytes
from tests.helpers.public import check_structure, make_live

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def _boom(request):
    raise RuntimeError("kaboom")


# Used by test_server_error_page_is_vietnamese through @pytest.mark.urls(__name__).
urlpatterns = [path("boom/", _boom)]


def html(response) -> str:
    return response.content.decode()


@pytest.fixture
def sample(db, section, author):
    """A live article with a lead, three paragraphs, two photo groups, tags and a byline."""
    article = ArticleFactory(
        title="Đồng Hới: Triển khai phong trào toàn dân bảo vệ ANTQ",
        lead="Ngày 8 tháng 3, UBND thành phố Đồng Hới tổ chức hội nghị.",
        paragraphs=["Đoạn một của bài.", "Đoạn hai của bài.", "Đoạn ba của bài."],
        section=section, byline=[author], tags=["Đồng Hới", "An ninh trật tự"],
        live=True, publish_at=datetime.datetime(2019, 3, 8, 9, 30, tzinfo=HCM), view_count=1234)
    ArticlePhotoFactory(article=article, after_paragraph=0, order=0, caption="Toàn cảnh hội nghị",
                        photo__alt_text="Hội trường đông người", photo__credit="Ngọc Minh")
    ArticlePhotoFactory(article=article, after_paragraph=0, order=1, caption="Đại biểu phát biểu",
                        credit="Lê Minh")
    ArticlePhotoFactory(article=article, after_paragraph=2, order=0, caption="Trao khen thưởng")
    article.refresh_from_db()
    return article


# --- Home -----------------------------------------------------------------------------------

def test_home_shows_the_lead_story_the_latest_and_a_block_per_section(client, db):
    economy, culture = SectionFactory(name="Kinh tế"), SectionFactory(name="Văn hóa")
    older = ArticleFactory(title="Chợ Đồng Hới mở cửa", section=economy,
                           live=True, publish_at=timezone.now() - datetime.timedelta(hours=5))
    middle = ArticleFactory(title="Lễ hội đường phố", section=culture,
                            live=True, publish_at=timezone.now() - datetime.timedelta(hours=3))
    newest = ArticleFactory(title="Tin nóng nhất ngày", section=economy,
                            live=True, publish_at=timezone.now() - datetime.timedelta(hours=1))

    response = client.get("/")

    assert response.status_code == 200
    page = html(response)
    lead_block = page.split('class="home-lead"')[1].split("</section>")[0]
    assert "Tin nóng nhất ngày" in lead_block
    latest_block = page.split('class="home-latest"')[1].split("</section>")[0]
    assert latest_block.index("Lễ hội đường phố") < latest_block.index("Chợ Đồng Hới mở cửa")
    economy_block = page.split(f'id="section-{economy.slug}"')[1].split("</section>")[0]
    assert economy_block.index(newest.title) < economy_block.index(older.title)
    assert middle.title not in economy_block
    culture_block = page.split(f'id="section-{culture.slug}"')[1].split("</section>")[0]
    assert middle.title in culture_block
    check_structure(page)


def test_home_with_no_articles_says_so(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert "Chưa có bài viết nào." in html(response)


# --- Lists and pagination -------------------------------------------------------------------

def test_section_page_lists_its_live_articles_newest_first(client, section):
    other = SectionFactory(name="Kinh tế")
    first = ArticleFactory(title="Bài cũ hơn", section=section,
                           live=True, publish_at=timezone.now() - datetime.timedelta(days=2))
    second = ArticleFactory(title="Bài mới hơn", section=section,
                            live=True, publish_at=timezone.now() - datetime.timedelta(days=1))
    ArticleFactory(title="Bài chuyên mục khác", section=other, live=True)

    response = client.get(f"/chuyen-muc/{section.slug}/")

    page = html(response)
    assert response.status_code == 200
    assert "<h1>An ninh – Trật tự</h1>" in page
    assert page.index(second.title) < page.index(first.title)
    assert "Bài chuyên mục khác" not in page
    assert f'href="/chuyen-muc/{section.slug}/feed/"' in page
    check_structure(page)


def test_pagination_pages_through_and_out_of_range_is_404(client, section):
    for number in range(21):
        ArticleFactory(title=f"Tin số {number:02d}", section=section,
                       live=True, publish_at=timezone.now() - datetime.timedelta(minutes=number + 1))

    first = client.get(f"/chuyen-muc/{section.slug}/")
    second = client.get(f"/chuyen-muc/{section.slug}/?page=2")

    assert first.status_code == 200 and second.status_code == 200
    assert "Tin số 00" in html(first) and "Tin số 19" in html(first) and "Tin số 20" not in html(first)
    assert "Tin số 20" in html(second) and "Tin số 19" not in html(second)
    assert "Trang 1/2" in html(first) and 'href="?page=2" rel="next"' in html(first)
    for bad in ("3", "0", "-1", "abc", "99999999999999999999"):
        response = client.get(f"/chuyen-muc/{section.slug}/?page={bad}")
        assert response.status_code == 404, bad
        assert "Không tìm thấy trang" in html(response)


def test_unknown_section_tag_and_author_are_404(client, db):
    assert client.get("/chuyen-muc/khong-co/").status_code == 404
    assert client.get("/the/khong-co/").status_code == 404
    assert client.get("/tac-gia/khong-co/").status_code == 404


def test_tag_page_lists_live_articles_with_the_tag(client, sample):
    untagged = ArticleFactory(title="Bài không gắn thẻ", live=True)

    response = client.get("/the/dong-hoi/")

    page = html(response)
    assert response.status_code == 200
    assert "<h1>Thẻ: Đồng Hới</h1>" in page
    assert sample.title in page
    assert untagged.title not in page
    check_structure(page)


def test_author_page_shows_bio_portrait_and_their_articles(client, sample, author):
    author.bio = "Phóng viên tin an ninh."
    author.portrait.save("portrait.jpg", ContentFile(make_image_bytes(size=(200, 200))))
    author.save()
    someone_else = ArticleFactory(title="Bài của người khác", byline=[AuthorFactory()], live=True)

    response = client.get(f"/tac-gia/{author.slug}/")

    page = html(response)
    assert response.status_code == 200
    assert "<h1>Ngô Quang Văn</h1>" in page
    assert "Phóng viên tin an ninh." in page
    assert 'alt="Ảnh chân dung Ngô Quang Văn"' in page
    assert sample.title in page
    assert someone_else.title not in page
    check_structure(page)


# --- The article page -----------------------------------------------------------------------

def test_article_page_shows_everything_in_reading_order(client, sample, author, section):
    response = client.get(sample.get_absolute_url())

    page = html(response)
    assert response.status_code == 200
    assert sample.get_absolute_url() == f"/{section.slug}/{sample.slug}/"
    assert f"<h1>{sample.title}</h1>" in page
    assert '<p class="lead">Ngày 8 tháng 3, UBND thành phố Đồng Hới tổ chức hội nghị.</p>' in page
    # Photos right after the lead, then paragraphs 1-2, the third photo, paragraph 3 (in the body:
    # the head's JSON-LD carries the text too, as articleBody).
    body = page.split('<div class="article__body">')[1]
    order = [body.index(text) for text in ("Toàn cảnh hội nghị", "Đại biểu phát biểu", "Đoạn một của bài.",
                                           "Đoạn hai của bài.", "Trao khen thưởng", "Đoạn ba của bài.")]
    assert order == sorted(order)
    assert '<span class="credit">Ảnh: Ngọc Minh</span>' in page
    assert '<span class="credit">Ảnh: Lê Minh</span>' in page
    assert 'alt="Hội trường đông người"' in page
    assert page.count("<figure>") == 3 and page.count("<figcaption>") == 3
    # The first photo loads eagerly, every later one lazily.
    figures = page.split("<figure>")[1:]
    assert 'loading="lazy"' not in figures[0]
    assert all('loading="lazy"' in figure for figure in figures[1:])
    assert '<time datetime="2019-03-08T09:30:00+07:00">09:30, 8 tháng 3 năm 2019</time>' in page
    assert f'<a href="/tac-gia/{author.slug}/" rel="author">Ngô Quang Văn</a>' in page
    assert f'<a href="/chuyen-muc/{section.slug}/">An ninh – Trật tự</a>' in page.split('class="breadcrumb"')[1]
    assert '<a href="/the/dong-hoi/" rel="tag">Đồng Hới</a>' in page
    assert '<a href="/the/an-ninh-trat-tu/" rel="tag">An ninh trật tự</a>' in page
    assert "1.234 lượt xem" in page  # with the Vietnamese thousands separator
    check_structure(page)


def test_related_articles_share_tags_first_then_the_section(client, sample, section):
    same_tag = ArticleFactory(title="Cùng thẻ, khác chuyên mục", section=SectionFactory(),
                              live=True, publish_at=timezone.now() - datetime.timedelta(days=30))
    same_tag.tags.add("Đồng Hới")
    same_section = ArticleFactory(title="Cùng chuyên mục", section=section, live=True)
    unrelated = ArticleFactory(title="Không liên quan", section=SectionFactory(), live=True)

    page = html(client.get(sample.get_absolute_url()))

    related = page.split('class="related"')[1]
    assert related.index(same_tag.title) < related.index(same_section.title)
    assert unrelated.title not in related
    assert sample.title not in related


def test_related_candidates_are_the_newest_articles_sharing_a_tag(db, monkeypatch):
    """The candidates for ranking: the newest RELATED_CANDIDATES articles sharing any tag,
    never the article itself (PostgreSQL takes each tag's newest from an index)."""
    from articles import selectors as views

    monkeypatch.setattr(views, "RELATED_CANDIDATES", 3)
    article = ArticleFactory()
    article.tags.add("Đồng Hới", "Lệ Thủy")
    older = [ArticleFactory() for _ in range(3)]
    for other in older:
        other.tags.add("Đồng Hới")
    newer = [ArticleFactory() for _ in range(2)]
    for other in newer:
        other.tags.add("Lệ Thủy")
    ArticleFactory().tags.add("Quảng Ninh")  # newest of all, no shared tag
    tag_ids = [tag.pk for tag in article.tags.all()]

    candidates = Article.objects.filter(pk__in=views._related_candidates(article, tag_ids))
    assert sorted(candidates.values_list("pk", flat=True)) == sorted([older[-1].pk, *(a.pk for a in newer)])


def test_article_page_carries_canonical_opengraph_twitter_and_json_ld(client, sample, settings):
    settings.SITE_URL = "https://tin.example.vn"
    page = html(client.get(sample.get_absolute_url()))
    url = f"https://tin.example.vn{sample.get_absolute_url()}"

    assert f'<link rel="canonical" href="{url}">' in page
    assert f'<meta property="og:url" content="{url}">' in page
    assert f'<meta property="og:title" content="{sample.title}">' in page
    assert '<meta property="og:type" content="article">' in page
    assert '<meta name="twitter:card" content="summary_large_image">' in page
    assert re.search(r'<meta property="og:image" content="https://tin\.example\.vn/media/[^"]+\.jpg">', page)
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == sample.title
    assert data["datePublished"] == "2019-03-08T02:30:00+00:00"
    assert data["dateModified"] == sample.updated_at.isoformat()
    assert data["author"] == [{"@type": "Person", "name": "Ngô Quang Văn",
                               "url": "https://tin.example.vn/tac-gia/ngo-quang-van/"}]
    assert data["publisher"]["name"] == settings.SITE_NAME
    # The share image: 1200×630, cropped around the first photo's focal point.
    assert data["image"] == [re.search(r'og:image" content="([^"]+)"', page).group(1)]


def test_json_ld_cannot_be_broken_out_of(client, db):
    title = 'Bài </script><script>alert("x")</script> <!-- thử'
    article = ArticleFactory(title=title, lead="a & b < c", live=True)

    page = html(client.get(article.get_absolute_url()))

    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    assert "<" not in script and ">" not in script
    assert json.loads(script)["headline"] == title
    assert "<script>alert" not in page
    check_structure(page)


def test_every_page_head_links_the_feeds(client, sample):
    for url in ["/", sample.get_absolute_url(), f"/chuyen-muc/{sample.section.slug}/", "/the/dong-hoi/",
                "/search/?q=dong", "/khong-co/"]:
        page = html(client.get(url))
        head = page.split("</head>")[0]
        assert '<link rel="alternate" type="application/rss+xml" title="Tin mới (RSS)" href="/feed/">' in head, url
        assert '<link rel="alternate" type="application/atom+xml"' in head, url


def test_preview_renders_a_draft_marked_noindex_without_counting(rf, db, editor):
    draft = ArticleFactory(title="Bản nháp xem trước")
    request = rf.get("/preview/")
    request.user = editor

    response = render_article(request, draft, preview=True)

    assert response.status_code == 200
    assert "Bản nháp xem trước" in response.content.decode()
    assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex"
    draft.refresh_from_db()
    assert draft.view_count == 0


# --- Error pages ----------------------------------------------------------------------------

def test_missing_article_is_a_vietnamese_404(client, db):
    response = client.get("/an-ninh/khong-co-bai-nay/")
    page = html(response)
    assert response.status_code == 404
    assert "Không tìm thấy trang" in page and 'lang="vi"' in page
    check_structure(page)


@pytest.mark.urls(__name__)
def test_server_error_page_is_vietnamese(client, db):
    client.raise_request_exception = False
    response = client.get("/boom/")
    page = html(response)
    assert response.status_code == 500
    assert "<h1>Đã có lỗi xảy ra</h1>" in page and '<html lang="vi">' in page


# --- Structure of every page ----------------------------------------------------------------

def test_pages_have_valid_structure(client, sample, author):
    for url in ["/", sample.get_absolute_url(), f"/chuyen-muc/{sample.section.slug}/", "/the/dong-hoi/",
                f"/tac-gia/{author.slug}/", "/search/?q=dong+hoi", "/search/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        structure = check_structure(html(response))
        assert structure.lang == "vi"


# --- Query budgets --------------------------------------------------------------------------

def _rich_article(section, photos, tags, authors):
    article = ArticleFactory(section=section, byline=[AuthorFactory() for _ in range(authors)])
    for number in range(photos):
        slot = ArticlePhotoFactory(article=article, after_paragraph=number % 3)
        # Renditions are made when a photo is uploaded in the admin (photos/admin.py).
        renditions.ensure_renditions(slot.photo)
        renditions.ensure_og(slot.photo)
    article.tags.add(*[f"Thẻ {number}" for number in range(tags)])
    return make_live(article)


@pytest.mark.parametrize("size", [1, 4])
def test_query_budgets_do_not_grow_with_content(client, db, django_assert_max_num_queries, size):
    sections = [SectionFactory() for _ in range(size)]
    articles = [_rich_article(section, photos=size, tags=size, authors=size) for section in sections
                for _ in range(size)]
    article, author = articles[0], articles[0].byline()[0]
    tag = article.tags.first()
    budgets = {
        "/": 5,
        article.get_absolute_url(): 7,  # 5, + a related fill and the section list (see below)
        f"/chuyen-muc/{article.section.slug}/": 5,
        f"/the/{tag.slug}/": 5,
        f"/tac-gia/{author.slug}/": 5,
        "/search/?q=dong+hoi": 5,
    }
    for url, budget in budgets.items():
        with django_assert_max_num_queries(budget):
            response = client.get(url)
        assert response.status_code == 200, url


def test_an_article_page_renders_in_five_queries(rf, db, django_assert_max_num_queries):
    """The article, its byline, photo slots (renditions ride on the photo), tags and related articles.

    The site's section list is cached per content generation, corrections and
    awards are fetched only for articles that have them, and a page cache hit
    runs no query at all (tests/pagecache/test_page_cache.py).
    """
    from articles.templatetags.public_site import section_links as nav_sections
    from articles.public.views import article_detail

    section = SectionFactory()
    article = _rich_article(section, photos=6, tags=4, authors=2)
    for number in range(5):
        ArticleFactory(section=section, title=f"Bài cùng thẻ {number}", live=True).tags.add("Thẻ 0")
    nav_sections({})  # warm, as any earlier page of this content generation does
    request = rf.get(article.get_absolute_url())
    with django_assert_max_num_queries(5):
        response = article_detail(request, section=section.slug, slug=article.slug)
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("<picture") == 6 and page.count("Bài cùng thẻ") == 5


def test_remembered_addresses_follow_the_script_prefix(db):
    """Article and section addresses are remembered per script prefix (a site served under /cong/)."""
    from django.urls import get_script_prefix, set_script_prefix

    article = ArticleFactory()
    plain = article.get_absolute_url()
    before = get_script_prefix()
    set_script_prefix("/cong/")
    try:
        assert article.get_absolute_url() == "/cong" + plain
        assert article.section.get_absolute_url().startswith("/cong/chuyen-muc/")
    finally:
        set_script_prefix(before)
    assert article.get_absolute_url() == plain
