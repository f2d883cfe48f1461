"""When the database cannot be reached, readers get a friendly 503, and cached pages still work."""

from contextlib import contextmanager

import pytest
from django.db import OperationalError, connection
from django.urls import reverse

from newsroom.errors import server_error
from tests.helpers.factories import ArticleFactory


@contextmanager
def database_down():
    """The database server goes away: every query fails as the driver would report it."""

    def refuse(*args, **kwargs):
        raise OperationalError("connection to server at \"127.0.0.1\", port 5432 failed: Connection refused")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(connection, "cursor", refuse)
        patch.setattr(connection, "chunked_cursor", refuse)
        yield


def test_an_unreachable_database_gives_a_friendly_503(client, db):
    client.raise_request_exception = False
    with database_down():
        response = client.get(reverse("articles:home"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Xin vui lòng tải lại trang sau ít phút" in response.content.decode()


def test_other_errors_stay_a_500_in_vietnamese(rf):
    try:
        1 / 0
    except ZeroDivisionError:
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Đã có lỗi xảy ra" in response.content.decode()


def test_cached_pages_are_still_served_while_the_database_is_down(client, db):
    article = ArticleFactory(title="Bài đã đăng", live=True)
    assert client.get(article.get_absolute_url()).status_code == 200
    with database_down():
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "Bài đã đăng" in response.content.decode()
