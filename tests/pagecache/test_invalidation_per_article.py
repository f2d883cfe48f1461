"""A publish or an edit drops only what can show it (issue #17, target 2).

The article itself, every list (home, sections, tags, authors, search, feeds,
sitemaps) and the articles whose related block it is in, or could now join
(through a shared tag, or its section when their tags gave fewer than a full
block), are dropped; every other article's page stays in the cache. A take-down
still removes the article from every page at once.
"""

import pytest
from django.urls import reverse

from articles import workflow
from tests.helpers.factories import ArticleFactory, SectionFactory
from tests.helpers.public import make_live, set_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def elsewhere(db):
    """An article with nothing in common with the ones the tests publish (its own section and tag)."""
    article = ArticleFactory(title="Lệ Thủy đón mùa lúa mới", section=SectionFactory(name="Nông nghiệp"),
                             tags=["Mùa vụ"], live=True)
    for number in range(5):  # its related block is full from its own tag: no section fallback
        ArticleFactory(title=f"Mùa vụ số {number}", section=article.section, tags=["Mùa vụ"], live=True)
    return article


@pytest.fixture
def fresh_draft(db, editor):
    return ArticleFactory(title="Đồng Hới khai trương chợ đêm", section=SectionFactory(name="Đô thị"),
                          tags=["Chợ đêm"])


def test_an_unrelated_article_renders_with_no_query_right_after_a_publish(client, settings, elsewhere, fresh_draft,
                                                                          editor, django_assert_num_queries):
    settings.PAGE_CACHE_SECONDS = 0  # every request reaches the view: its parts come from the fragment cache
    url = elsewhere.get_absolute_url()
    before = client.get(url).content
    workflow.publish(fresh_draft, editor)
    with django_assert_num_queries(0):
        after = client.get(url)
    assert after.status_code == 200 and after.content == before
    home = client.get(reverse("articles:home")).content.decode()
    assert "Đồng Hới khai trương chợ đêm" in home  # the lists did change
    assert client.get(fresh_draft.get_absolute_url()).status_code == 200


def test_an_unrelated_article_stays_a_page_cache_hit_after_a_publish(client, elsewhere, fresh_draft, editor):
    url = elsewhere.get_absolute_url()
    assert client.get(url)["X-Page-Cache"] == "miss"
    home = reverse("articles:home")
    client.get(home)
    workflow.publish(fresh_draft, editor)
    assert client.get(url)["X-Page-Cache"] == "hit"
    fresh_home = client.get(home)
    assert fresh_home["X-Page-Cache"] == "miss" and "Đồng Hới khai trương chợ đêm" in fresh_home.content.decode()


def test_an_edit_drops_the_edited_article_and_the_lists_only(client, settings, elsewhere, editor,
                                                             django_assert_num_queries):
    settings.PAGE_CACHE_SECONDS = 0
    other = ArticleFactory(title="Bảo Ninh làm đường mới", section=SectionFactory(name="Giao thông"),
                           tags=["Đường sá"], live=True)
    client.get(elsewhere.get_absolute_url())
    client.get(other.get_absolute_url())
    other.title = "Bảo Ninh làm đường mới (cập nhật)"
    other.save()
    assert "(cập nhật)" in client.get(other.get_absolute_url()).content.decode()
    with django_assert_num_queries(0):
        client.get(elsewhere.get_absolute_url())


def test_publishing_on_a_shared_tag_drops_that_tag_s_articles(client, settings, elsewhere, editor):
    settings.PAGE_CACHE_SECONDS = 0
    url = elsewhere.get_absolute_url()
    assert "Mùa vụ chiêm xuân" not in client.get(url).content.decode()
    newer = ArticleFactory(title="Mùa vụ chiêm xuân", section=SectionFactory(name="Thời tiết"), tags=["Mùa vụ"])
    workflow.publish(newer, editor)
    assert "Mùa vụ chiêm xuân" in client.get(url).content.decode()  # the newest sharing its tag


def test_publishing_in_the_section_of_an_article_with_few_related_ones_drops_it(client, settings, editor):
    settings.PAGE_CACHE_SECONDS = 0
    lonely = ArticleFactory(title="Minh Hóa mở lớp tin học", tags=["Tin học"], live=True)
    url = lonely.get_absolute_url()
    assert "Bài liên quan" not in client.get(url).content.decode()
    neighbour = ArticleFactory(title="Minh Hóa có thư viện mới", section=lonely.section)
    workflow.publish(neighbour, editor)
    page = client.get(url).content.decode()
    assert "Bài liên quan" in page and "Minh Hóa có thư viện mới" in page


@pytest.mark.parametrize("take_down", ["unpublish", "trash"])
def test_a_take_down_leaves_no_page_showing_it(client, editor, take_down):
    """Its own page, the lists, and the related block of an article that showed it (page cache on)."""
    section = SectionFactory(name="Văn hóa")
    shown = ArticleFactory(title="Lễ hội Nhật Lệ khai mạc", section=section, tags=["Lễ hội"], live=True)
    host = ArticleFactory(title="Đồng Hới chuẩn bị lễ hội", section=section, tags=["Lễ hội"], live=True)
    pages = [host.get_absolute_url(), reverse("articles:home"), section.get_absolute_url(),
             reverse("articles:tag", kwargs={"slug": shown.tags.get().slug}), reverse("articles:feed"),
             reverse("sitemap_section", kwargs={"section": "articles"})]
    for url in pages:  # every one links to it
        assert shown.get_absolute_url() in client.get(url).content.decode(), url
    if take_down == "unpublish":
        workflow.unpublish(shown, editor, "Sai thông tin")
    else:
        workflow.trash(shown, editor)
    assert client.get(shown.get_absolute_url()).status_code == 404
    for url in pages:
        response = client.get(url)
        page = response.content.decode()
        assert response.status_code == 200 and shown.get_absolute_url() not in page, url
        assert "Lễ hội Nhật Lệ khai mạc" not in page, url


def test_a_related_card_in_the_body_follows_its_target(client, settings, editor):
    settings.PAGE_CACHE_SECONDS = 0
    target = ArticleFactory(title="Cầu Nhật Lệ 3 thông xe", section=SectionFactory(name="Hạ tầng"), tags=["Cầu"],
                            live=True)
    host = ArticleFactory(title="Giao thông Đồng Hới năm mới", section=SectionFactory(name="Đời sống"),
                          tags=["Năm mới"], live=True)
    host.body = [*host.body, {"id": "3f1c1e4e-7d0a-4c8e-9a55-0b0f3c6d2a11", "type": "related",
                              "value": {"article": target.pk}}]
    host.save()
    url = host.get_absolute_url()
    assert "Cầu Nhật Lệ 3 thông xe" in client.get(url).content.decode()
    target.title = "Cầu Nhật Lệ 3 chính thức thông xe"
    target.save()
    assert "Cầu Nhật Lệ 3 chính thức thông xe" in client.get(url).content.decode()
    set_state(target, "unpublished", target.publish_at)
    assert "Cầu Nhật Lệ 3" not in client.get(url).content.decode()
    make_live(target)
    assert "Cầu Nhật Lệ 3 chính thức thông xe" in client.get(url).content.decode()


def test_a_tag_added_to_a_live_article_reaches_the_related_blocks_of_that_tag(client, settings, elsewhere):
    settings.PAGE_CACHE_SECONDS = 0
    url = elsewhere.get_absolute_url()
    other = ArticleFactory(title="Hội thi nông dân giỏi", section=SectionFactory(name="Hội nông dân"),
                           tags=["Hội thi"], live=True)
    assert "Hội thi nông dân giỏi" not in client.get(url).content.decode()
    other.tags.add("Mùa vụ")
    assert "Hội thi nông dân giỏi" in client.get(url).content.decode()


def test_a_change_nobody_named_still_drops_everything(client, settings, elsewhere):
    """A section renamed (not an article): the global generation, every page."""
    settings.PAGE_CACHE_SECONDS = 0
    url = elsewhere.get_absolute_url()
    client.get(url)
    section = elsewhere.section
    section.name = "Nông nghiệp – Nông thôn"
    section.save()
    assert "Nông nghiệp – Nông thôn" in client.get(url).content.decode()


def test_scopes_are_bumped_again_when_the_change_commits(elsewhere, django_capture_on_commit_callbacks):
    """Once at the write and once after the commit: a reader that rendered from the
    database before the commit cannot keep its page under the new generations."""
    from pagecache import generation

    scope = f"articles.article:{elsewhere.pk}"
    first = generation.scope_generations([scope])[scope]
    with django_capture_on_commit_callbacks(execute=True):
        elsewhere.title = "Lệ Thủy đón mùa lúa mới (sửa)"
        elsewhere.save()
        at_the_write = generation.scope_generations([scope])[scope]
        assert at_the_write == first + 1
    assert generation.scope_generations([scope])[scope] > at_the_write
