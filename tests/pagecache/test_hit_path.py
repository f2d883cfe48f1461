"""Page-cache hits are answered before the rest of the middleware stack (issue #17, target 3),
with the same headers as when the page cache sat inside the stack, and never for a
request that carries a session, must be redirected to HTTPS or holds a NUL byte."""

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from tests.helpers.factories import ArticleFactory

pytestmark = pytest.mark.django_db

PAGE_CACHE = "pagecache.middleware.PublicPageCacheMiddleware"


def inside_the_stack(middleware: list[str]) -> list[str]:
    """The order before this change: the page cache after ConditionalGetMiddleware."""
    order = [name for name in middleware if name != PAGE_CACHE]
    order.insert(order.index("django.middleware.http.ConditionalGetMiddleware") + 1, PAGE_CACHE)
    return order


def empty_caches():
    for alias in ("default", "local"):
        caches[alias].clear()


def hit(client, url):
    assert client.get(url).status_code == 200
    response = client.get(url)
    assert response["X-Page-Cache"] == "hit", url
    return response


@pytest.fixture
def pages(db):
    article = ArticleFactory(title="Đồng Hới mở tuyến buýt mới", tags=["Giao thông"], live=True)
    return [reverse("articles:home"), article.get_absolute_url(), article.section.get_absolute_url(),
            reverse("articles:feed"), reverse("sitemap_section", kwargs={"section": "articles"}),
            reverse("robots_txt"), "/search/?q=buyt"]


def test_the_page_cache_is_the_first_middleware(settings):
    assert settings.MIDDLEWARE[0] == PAGE_CACHE


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_hit_has_the_same_headers_and_bytes_as_with_the_page_cache_inside_the_stack(client, settings, pages,
                                                                                      language):
    client.cookies["django_language"] = language
    first = {url: hit(client, url) for url in pages}
    empty_caches()
    settings.MIDDLEWARE = inside_the_stack(settings.MIDDLEWARE)
    before = {url: hit(client, url) for url in pages}
    for url in pages:
        now, then = first[url], before[url]
        assert now.content == then.content, url
        # Last-Modified is the time the page was stored (a second apart, perhaps): present on both.
        assert sorted((k, v) for k, v in now.items() if k != "Last-Modified") == \
            sorted((k, v) for k, v in then.items() if k != "Last-Modified"), url
        assert now.has_header("Last-Modified") == then.has_header("Last-Modified"), url
    home = first[reverse("articles:home")]
    assert home["Content-Language"] == language
    assert "Accept-Language" in home["Vary"]
    assert "default-src 'self'" in home["Content-Security-Policy"]
    assert home["X-Content-Type-Options"] == "nosniff" and home["X-Frame-Options"] == "DENY"


def test_a_hit_still_answers_a_conditional_get_with_304(client, pages):
    url = pages[0]
    stored = hit(client, url)
    again = client.get(url, HTTP_IF_NONE_MATCH=stored["ETag"])
    assert again.status_code == 304 and again.content == b""


def test_a_request_with_a_session_cookie_is_never_a_hit(client, pages):
    for url in pages:
        hit(client, url)
    client.cookies["sessionid"] = "khong-hop-le"  # any session cookie, even one the server does not know
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200 and not response.has_header("X-Page-Cache"), url


def test_plain_http_is_redirected_to_https_even_for_a_stored_page(client, settings, pages):
    url = pages[0]
    hit(client, url)
    settings.SECURE_SSL_REDIRECT = True
    client = Client()  # SecurityMiddleware reads the setting when the stack is built
    response = client.get(url)
    assert response.status_code == 301 and response["Location"].startswith("https://")
    assert client.get(url, secure=True).status_code == 200


def test_a_nul_byte_in_a_parameter_the_page_ignores_is_still_refused(client, pages):
    url = pages[0]
    hit(client, url)
    response = client.get(url + "?x=%00")
    assert response.status_code == 400
    assert "NUL" in response.content.decode()


def test_a_feed_is_stored_as_one_piece(client, pages):
    """A feed is written in many small pieces; a hit sends it in one."""
    response = hit(client, reverse("articles:feed"))
    assert len(response._container) == 1
