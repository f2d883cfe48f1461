"""Previews: staff see any article as a reader would; signed links expire and resist tampering."""

import datetime
import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.workflow import previews
from tests.helpers.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def preview_admin_url(article):
    return reverse("admin:articles_article_preview", args=[article.pk])


def test_editor_previews_a_draft_as_readers_would_see_it(client, editor):
    article = ArticleFactory(title="Bài nháp chưa đăng", paragraphs=["Đoạn văn xem trước."])
    client.force_login(editor)
    response = client.get(preview_admin_url(article))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Bài nháp chưa đăng</h1>" in html
    assert "<p>Đoạn văn xem trước.</p>" in html
    assert "Bản xem trước" in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert client.get(article.get_absolute_url()).status_code == 404


def test_reporter_previews_own_article_but_not_anothers(client, reporter, other_reporter):
    own = ArticleFactory(created_by=reporter)
    other = ArticleFactory(created_by=other_reporter)
    client.force_login(reporter)
    assert client.get(preview_admin_url(own)).status_code == 200
    assert client.get(preview_admin_url(other)).status_code == 403


def test_anonymous_admin_preview_asks_for_login(client):
    article = ArticleFactory()
    response = client.get(preview_admin_url(article))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_valid_signed_link_shows_the_draft_without_login(client):
    article = ArticleFactory(title="Bài chờ duyệt")
    response = client.get(previews.preview_url(article))
    assert response.status_code == 200
    assert "<h1>Bài chờ duyệt</h1>" in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"


def test_expired_link_is_404(client):
    article = ArticleFactory()
    token = previews.make_token(article, now=timezone.now() - datetime.timedelta(hours=49))
    assert client.get(reverse("articles:preview", kwargs={"token": token})).status_code == 404
    fresh = previews.make_token(article, now=timezone.now() - datetime.timedelta(hours=47))
    assert client.get(reverse("articles:preview", kwargs={"token": fresh})).status_code == 200


def test_tampered_link_is_404(client):
    article = ArticleFactory()
    other = ArticleFactory()
    token = previews.make_token(article)
    forged = previews.make_token(other).split(":")[0] + ":" + token.split(":", 1)[1]
    for bad in [token[:-2] + ("AA" if not token.endswith("AA") else "BB"), forged, "abc", "a:b:c"]:
        assert client.get(reverse("articles:preview", kwargs={"token": bad})).status_code == 404, bad


def test_link_to_a_deleted_article_is_404(client):
    article = ArticleFactory()
    url = previews.preview_url(article)
    article.delete()
    assert client.get(url).status_code == 404


def test_editor_makes_a_link_in_the_admin(client, editor):
    article = ArticleFactory(title="Bài có liên kết")
    client.force_login(editor)
    response = client.post(reverse("admin:articles_article_preview_link", args=[article.pk]), {"hours": "2"})
    assert response.status_code == 302
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert message.startswith("Liên kết xem trước (hết hạn sau 2 giờ): http://testserver/xem-truoc/")
    url = re.search(r"http://testserver(\S+)", message).group(1)
    client.logout()
    assert "<h1>Bài có liên kết</h1>" in client.get(url).content.decode()


def test_reporter_cannot_make_a_link(client, reporter):
    article = ArticleFactory(created_by=reporter)
    client.force_login(reporter)
    response = client.post(reverse("admin:articles_article_preview_link", args=[article.pk]), {"hours": "48"})
    assert response.status_code == 403


def test_link_lifetime_out_of_range_is_a_message(client, editor):
    article = ArticleFactory()
    client.force_login(editor)
    response = client.post(reverse("admin:articles_article_preview_link", args=[article.pk]), {"hours": "abc"})
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Thời hạn liên kết phải từ 1 đến 720 giờ."]


def preview_banner(html: str) -> str:
    """The text of the preview banner, spaces collapsed."""
    match = re.search(r'<p class="preview-banner" role="status">(.*?)</p>', html, re.S)
    assert match, "no preview banner on the page"
    return " ".join(match.group(1).split())


def test_a_draft_preview_says_readers_do_not_see_it(client):
    article = ArticleFactory(title="Bài nháp chưa đăng")
    response = client.get(previews.preview_url(article))
    assert response.status_code == 200
    assert preview_banner(response.content.decode()) == (
        "Bản xem trước – trạng thái: Bản nháp. Bạn đọc chưa thấy bài này.")


def test_published_article_preview_says_it_is_live(client, editor):
    article = ArticleFactory(title="Bài đã đăng")
    workflow.publish(article, editor)
    response = client.get(previews.preview_url(article))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Bài đã đăng</h1>" in html
    assert preview_banner(html) == "Bản xem trước – trạng thái: Đã đăng."
