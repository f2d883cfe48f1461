"""Vietnamese by default, English through Django's i18n (the footer's language form)."""

import pytest

from tests.factories import ArticleFactory
from tests.public_helpers import check_structure, make_live


@pytest.fixture
def article(db):
    return make_live(ArticleFactory(title="Tin thử nghiệm"))


def test_the_interface_is_vietnamese_by_default(client, article):
    page = client.get("/").content.decode()
    assert '<html lang="vi">' in page
    assert "Bỏ qua, đến nội dung chính" in page
    assert '<option value="vi" lang="vi" selected>Tiếng Việt</option>' in page


def test_the_language_form_switches_to_english(client, article):
    response = client.post("/i18n/setlang/", {"language": "en", "next": article.get_absolute_url()})
    assert response.status_code == 302
    assert response["Location"] == article.get_absolute_url()

    page = client.get(article.get_absolute_url()).content.decode()

    assert '<html lang="en">' in page
    assert "Skip to main content" in page
    assert '<span class="view-count">1 view</span>' in page
    assert "Tin thử nghiệm" in page  # content stays as written
    check_structure(page)


def test_english_through_accept_language(client, article):
    page = client.get("/search/?q=xyz", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "0 results for “xyz”" in page
    assert "Keywords (with or without accents)" in page


def test_english_404_page(client, db):
    page = client.get("/chuyen-muc/khong-co/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<h1>Page not found</h1>" in page
