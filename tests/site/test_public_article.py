"""The article page's behaviour: 301 from old addresses, conditional GET, view counting."""

import pytest
from django.utils.http import http_date

from articles import workflow
from articles.models import Article, ArticleRedirect, Status
from tests.helpers.factories import ArticleFactory, SectionFactory
from tests.helpers.public import set_state


@pytest.fixture
def live(db, section):
    return ArticleFactory(title="Đồng Hới mở rộng đường phố", section=section, live=True)


# --- 301 after a slug or section change -----------------------------------------------------

def test_a_changed_slug_answers_at_the_old_address_with_a_301(client, live, section):
    old_url = live.get_absolute_url()
    live.slug = "dong-hoi-mo-rong-duong"
    live.save()

    response = client.get(old_url)

    assert response.status_code == 301
    assert response["Location"] == f"/{section.slug}/dong-hoi-mo-rong-duong/"
    assert client.get(response["Location"]).status_code == 200
    assert list(ArticleRedirect.objects.values_list("old_path", "article")) == [(old_url, live.pk)]


def test_a_changed_section_answers_at_the_old_address_with_a_301(client, live, section):
    old_url = live.get_absolute_url()
    economy = SectionFactory(name="Kinh tế")
    live.section = economy
    live.save()

    response = client.get(old_url)

    assert response.status_code == 301
    assert response["Location"] == f"/{economy.slug}/{live.slug}/"


def test_every_old_address_points_to_the_newest_one(client, live, section):
    first = live.get_absolute_url()
    live.slug = "ten-thu-hai"
    live.save()
    second = live.get_absolute_url()
    live.slug = "ten-thu-ba"
    live.save()

    assert client.get(first)["Location"] == client.get(second)["Location"] == f"/{section.slug}/ten-thu-ba/"


def test_moving_back_to_an_old_address_serves_it_again(client, live):
    original = live.get_absolute_url()
    original_slug = live.slug
    live.slug = "tam-thoi"
    live.save()
    live.slug = original_slug
    live.save()

    assert client.get(original).status_code == 200
    assert list(ArticleRedirect.objects.values_list("old_path", flat=True)) == [live.get_absolute_url().replace(
        original_slug, "tam-thoi")]


def test_renaming_a_draft_records_no_redirect(db, section):
    draft = ArticleFactory(section=section)
    draft.slug = "ten-moi"
    draft.save()
    assert ArticleRedirect.objects.count() == 0


def test_an_old_address_of_an_unpublished_article_is_404(client, live):
    old_url = live.get_absolute_url()
    live.slug = "ten-moi"
    live.save()
    set_state(live, Status.UNPUBLISHED, live.publish_at)

    assert client.get(old_url).status_code == 404


def test_the_address_with_another_section_redirects_to_the_canonical_one(client, live):
    response = client.get(f"/bai/{live.slug}/")
    assert response.status_code == 301
    assert response["Location"] == live.get_absolute_url()


def test_an_article_without_a_section_lives_under_bai(client, db):
    article = ArticleFactory(section=None, live=True)
    assert article.get_absolute_url() == f"/bai/{article.slug}/"
    assert client.get(article.get_absolute_url()).status_code == 200


def test_published_through_the_workflow_is_live(client, db, editor, section):
    article = ArticleFactory(section=section)
    workflow.publish(article, editor)
    assert client.get(article.get_absolute_url()).status_code == 200


# --- Conditional GET ------------------------------------------------------------------------

def test_article_page_answers_conditional_gets_with_304(client, live):
    first = client.get(live.get_absolute_url())
    assert first.status_code == 200
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert last_modified == http_date(int(live.updated_at.timestamp()))

    by_etag = client.get(live.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)
    by_date = client.get(live.get_absolute_url(), HTTP_IF_MODIFIED_SINCE=last_modified)

    assert by_etag.status_code == 304 and by_etag.content == b""
    assert by_date.status_code == 304


def test_an_edit_makes_the_old_etag_stale(client, live):
    etag = client.get(live.get_absolute_url())["ETag"]
    live.lead = "Sapo đã sửa."
    live.save()

    response = client.get(live.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 200
    assert response["ETag"] != etag


def test_the_article_page_refuses_post(client, live):
    assert client.post(live.get_absolute_url()).status_code == 405


# --- View count: counted by the beacon (tests/site/test_view_counter.py), not by the page ---------

def test_showing_the_page_does_not_count_and_does_not_touch_updated_at(client, live):
    before = Article.objects.get(pk=live.pk).updated_at
    client.get(live.get_absolute_url())
    live.refresh_from_db()
    assert live.view_count == 0
    assert live.updated_at == before
