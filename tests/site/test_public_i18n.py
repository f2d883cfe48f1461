"""Vietnamese by default, English through Django's i18n (the footer's language links)."""

import pytest

from tests.helpers.factories import ArticleFactory
from tests.helpers.public import check_structure


@pytest.fixture
def article(db):
    return ArticleFactory(title="Tin thử nghiệm", live=True)


def test_the_interface_is_vietnamese_by_default(client, article):
    page = client.get("/").content.decode()
    assert '<html lang="vi">' in page
    assert "Bỏ qua, đến nội dung chính" in page
    assert 'lang="vi" hreflang="vi" aria-current="true">Tiếng Việt</a>' in page


def test_the_language_link_switches_to_english(client, article):
    response = client.get(f"/ngon-ngu/en/?next={article.get_absolute_url()}")
    assert response.status_code == 302
    assert response["Location"] == article.get_absolute_url()

    page = client.get(article.get_absolute_url()).content.decode()

    assert '<html lang="en">' in page
    assert "Skip to main content" in page
    assert '<span class="view-count">0 views</span>' in page
    assert "Tin thử nghiệm" in page  # content stays as written
    check_structure(page)


def test_english_through_accept_language(client, article):
    page = client.get("/search/?q=xyz", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "0 results for “xyz”" in page
    assert "Keywords (with or without accents)" in page


def test_english_404_page(client, db):
    page = client.get("/chuyen-muc/khong-co/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<h1>Page not found</h1>" in page


def test_the_language_link_never_sends_readers_to_another_site(client, db):
    response = client.get("/ngon-ngu/en/?next=https://evil.example/")
    assert response["Location"] == "/"
    assert client.get("/ngon-ngu/xx/").status_code == 404


def test_public_pages_carry_no_csrf_token_so_they_can_be_cached(client, article):
    response = client.get("/")
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert "csrftoken" not in response.cookies
    assert client.get("/")["X-Page-Cache"] == "hit"


def test_the_portal_sections_are_named_in_english_too(client, article):
    vietnamese = client.get("/").content.decode()
    assert ">Văn bản</a>" in vietnamese and ">Lấy ý kiến</a>" in vietnamese and ">Khen thưởng</a>" in vietnamese
    english = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert ">Documents</a>" in english and ">Public consultation</a>" in english and ">Awards</a>" in english
