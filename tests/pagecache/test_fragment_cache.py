"""The fragment cache: an article page that misses the page cache is rendered from
its kept parts without a query, and no change to what it shows is ever served stale.

The page cache is off in these tests (PAGE_CACHE_SECONDS = 0), so every request
reaches the view, as on a page-cache miss.
"""

import pytest
from django.urls import reverse

from photos import renditions
from tests.helpers.factories import ArticleFactory, ArticlePhotoFactory, AuthorFactory


@pytest.fixture(autouse=True)
def page_cache_off(settings):
    settings.PAGE_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 300


@pytest.fixture
def live_article(db):
    article = ArticleFactory(title="Quảng Bình khen thưởng lực lượng cứu hộ",
                             byline=[AuthorFactory(name="Ngọc Minh")], tags=["Khen thưởng"], live=True)
    slot = ArticlePhotoFactory(article=article, caption="Lực lượng cứu hộ nhận bằng khen")
    # Renditions are made when a photo is uploaded in the admin (photos/admin.py).
    renditions.ensure_renditions(slot.photo)
    renditions.ensure_og(slot.photo)
    return article


def test_a_second_view_is_rendered_from_kept_parts_with_no_query(client, live_article,
                                                                django_assert_num_queries):
    first = client.get(live_article.get_absolute_url())
    assert "X-Page-Cache" not in first  # the page cache is off: the view ran
    with django_assert_num_queries(0):
        second = client.get(live_article.get_absolute_url())
    assert second.status_code == 200
    assert second.content == first.content
    page = second.content.decode()
    assert "<h1>Quảng Bình khen thưởng lực lượng cứu hộ</h1>" in page
    assert "Lực lượng cứu hộ nhận bằng khen" in page and "Ngọc Minh" in page
    assert second["ETag"] == first["ETag"]


def test_unpublishing_is_a_404_at_once(client, live_article):
    assert client.get(live_article.get_absolute_url()).status_code == 200
    live_article.status = "unpublished"
    live_article.save()
    assert client.get(live_article.get_absolute_url()).status_code == 404


def test_moving_to_the_trash_is_a_404_at_once(client, live_article, editor):
    from articles import workflow

    assert client.get(live_article.get_absolute_url()).status_code == 200
    workflow.trash(live_article, editor)
    assert client.get(live_article.get_absolute_url()).status_code == 404


def test_an_edit_a_new_caption_and_a_renamed_author_show_at_once(client, live_article):
    url = live_article.get_absolute_url()
    client.get(url)
    live_article.title = "Quảng Bình khen thưởng lực lượng cứu hộ (cập nhật)"
    live_article.save()
    assert "(cập nhật)" in client.get(url).content.decode()

    slot = live_article.photo_slots.get()
    slot.caption = "Chú thích mới của ảnh"
    slot.save()
    assert "Chú thích mới của ảnh" in client.get(url).content.decode()

    author = live_article.byline()[0]
    author.name = "Ngọc Minh Anh"
    author.save()
    assert "Ngọc Minh Anh" in client.get(url).content.decode()


def test_a_new_article_on_the_same_tag_shows_among_the_related_at_once(client, live_article):
    url = live_article.get_absolute_url()
    assert "Bài liên quan" not in client.get(url).content.decode()
    ArticleFactory(title="Tuyên dương đội cứu hộ Lệ Thủy", live=True).tags.add("Khen thưởng")
    assert "Tuyên dương đội cứu hộ Lệ Thủy" in client.get(url).content.decode()


def test_an_old_address_still_redirects_and_a_wrong_section_still_moves(client, live_article):
    url = live_article.get_absolute_url()
    client.get(url)  # keeps the page's parts
    wrong = reverse("articles:detail", kwargs={"section": "bai", "slug": live_article.slug})
    response = client.get(wrong)
    assert response.status_code == 301 and response["Location"] == url


def test_parts_are_kept_per_language(client, live_article):
    url = live_article.get_absolute_url()
    vietnamese = client.get(url).content.decode()
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Bài liên quan" not in vietnamese and 'lang="vi"' in vietnamese
    assert 'lang="en"' in english
    assert "Tags" in english and "Thẻ</h2>" in vietnamese


def test_without_a_fragment_cache_every_view_reads_the_database(client, live_article, settings,
                                                                 django_assert_max_num_queries):
    settings.FRAGMENT_CACHE_SECONDS = 0
    client.get(live_article.get_absolute_url())
    with django_assert_max_num_queries(7) as captured:
        response = client.get(live_article.get_absolute_url())
    assert response.status_code == 200 and len(captured.captured_queries) >= 4


CHANGES_BEFORE_THE_RESTART = 3


def test_an_emptied_shared_cache_never_lets_a_process_serve_its_old_copies(client, live_article):
    """Redis restarted empty: the generation starts again from a new value, not from 0,
    so what this process kept under the old one is never served."""
    from django.core.cache import cache

    from articles.models import Article
    from pagecache import generation as page_cache

    url = live_article.get_absolute_url()
    cache.clear()  # a new shared cache: the generation starts
    first_generation = page_cache.current_generation()[0]
    for _ in range(CHANGES_BEFORE_THE_RESTART):
        page_cache.bump_generation("a change before the restart")
    assert "Quảng Bình khen thưởng lực lượng cứu hộ" in client.get(url).content.decode()
    old_generation = page_cache.current_generation()[0]
    assert old_generation == first_generation + CHANGES_BEFORE_THE_RESTART

    cache.clear()  # the shared cache only; this process still holds its copies under old_generation
    Article.objects.filter(pk=live_article.pk).update(title="Tiêu đề đổi khi Redis trống")  # no signal
    # As many changes after the restart as before it (a bounded loop): a generation that
    # started again from the same value would now be back at old_generation.
    seen = [page_cache.current_generation()[0]]
    for _ in range(CHANGES_BEFORE_THE_RESTART):
        assert "Tiêu đề đổi khi Redis trống" in client.get(url).content.decode()
        page_cache.bump_generation("a change after the restart")
        seen.append(page_cache.current_generation()[0])
    assert old_generation not in seen
    html = client.get(url).content.decode()
    assert "Tiêu đề đổi khi Redis trống" in html
    assert "Quảng Bình khen thưởng lực lượng cứu hộ" not in html
