"""A tag or author page with no live article is a 404 (issue 13, item 16)."""

import datetime

import pytest
from django.utils import timezone

from articles import workflow
from tests.helpers.factories import ArticleFactory, AuthorFactory, TagFactory

pytestmark = pytest.mark.django_db


def test_a_tag_only_drafts_use_has_no_page(client):
    ArticleFactory(title="Bản nháp bímật", tags=["Dự án bímật"])
    response = client.get("/the/du-an-bimat/")
    assert response.status_code == 404
    assert "Bản nháp bímật" not in response.content.decode()


def test_a_tag_no_article_uses_has_no_page(client):
    TagFactory(name="Thẻ trống")
    assert client.get("/the/the-trong/").status_code == 404


def test_a_tag_with_one_live_article_answers_200(client):
    ArticleFactory(title="Bản nháp cùng thẻ", tags=["Đồng Hới"])
    ArticleFactory(title="Tin đã đăng về Đồng Hới", tags=["Đồng Hới"], live=True)
    response = client.get("/the/dong-hoi/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Tin đã đăng về Đồng Hới" in page
    assert "Bản nháp cùng thẻ" not in page


@pytest.mark.parametrize("state", [
    {"scheduled": True},
    {"unpublished": True},
    {"live": True, "trashed": True},
    {"in_review": True},
    {"approved": True},
])
def test_a_tag_of_an_article_that_is_not_live_has_no_page(client, state):
    ArticleFactory(tags=["Quảng Bình"], **state)
    assert client.get("/the/quang-binh/").status_code == 404


def test_the_tag_page_goes_when_its_only_live_article_is_unpublished_and_comes_back(client, editor):
    article = workflow.publish(ArticleFactory(tags=["Lệ Thủy"]), editor)
    assert client.get("/the/le-thuy/").status_code == 200
    workflow.unpublish(article, editor, "Gỡ bài")
    assert client.get("/the/le-thuy/").status_code == 404
    workflow.publish(article, editor)
    assert client.get("/the/le-thuy/").status_code == 200


def test_an_author_of_drafts_only_has_no_page(client):
    author = AuthorFactory(name="Trần Thị Bản Nháp", bio="Tiểu sử riêng.")
    ArticleFactory(title="Bản nháp của tác giả", byline=[author])
    response = client.get(f"/tac-gia/{author.slug}/")
    assert response.status_code == 404
    assert "Tiểu sử riêng." not in response.content.decode()


def test_an_author_without_any_article_has_no_page(client):
    author = AuthorFactory(name="Người Mới")
    assert client.get(f"/tac-gia/{author.slug}/").status_code == 404


def test_an_author_of_a_future_scheduled_article_has_no_page_until_it_is_live(client):
    author = AuthorFactory(name="Lê Hẹn Giờ")
    ArticleFactory(byline=[author], scheduled=True,
                   publish_at=timezone.now() + datetime.timedelta(hours=2))
    assert client.get(f"/tac-gia/{author.slug}/").status_code == 404


def test_an_author_with_one_live_article_answers_200(client):
    author = AuthorFactory(name="Ngô Quang Văn")
    ArticleFactory(title="Bản nháp của Văn", byline=[author])
    ArticleFactory(title="Tin của Văn đã đăng", byline=[author], live=True)
    response = client.get(f"/tac-gia/{author.slug}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Tin của Văn đã đăng" in page
    assert "Bản nháp của Văn" not in page
