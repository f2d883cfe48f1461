"""Preview links are revoked by every take-down and by an editor's button (issue 13, item 11)."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Article
from articles.workflow import previews
from tests.helpers.admin import change_form_data
from tests.helpers.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def revoke_url(article):
    return reverse("admin:articles_article_preview_revoke", args=[article.pk])


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


@pytest.fixture
def published(editor):
    return workflow.publish(ArticleFactory(title="Tin đã đăng"), editor)


def test_unpublishing_revokes_a_link_and_a_new_link_works_again(client, editor, published):
    url = previews.preview_url(published)
    assert client.get(url).status_code == 200
    workflow.unpublish(published, editor, "Sai số liệu")
    assert client.get(url).status_code == 404
    fresh = previews.preview_url(Article.objects.get(pk=published.pk))
    assert fresh != url
    response = client.get(fresh)
    assert response.status_code == 200
    assert "<h1>Tin đã đăng</h1>" in response.content.decode()


def test_a_revoked_link_does_not_show_edits_made_after_the_unpublish(client, editor, published):
    url = previews.preview_url(published)
    workflow.unpublish(published, editor, "Gỡ để sửa")
    client.force_login(editor)
    article = Article.objects.get(pk=published.pk)
    assert client.post(change_url(article), change_form_data(article, title="Tiêu đề sửa sau khi gỡ")).status_code == 302
    client.logout()
    response = client.get(url)
    assert response.status_code == 404
    assert "Tiêu đề sửa sau khi gỡ" not in response.content.decode()


def test_unpublish_through_the_admin_revokes_the_link(client, editor, published):
    url = previews.preview_url(published)
    client.force_login(editor)
    response = client.post(reverse("admin:articles_article_transition", args=[published.pk, "unpublish"]),
                           {"note": "Gỡ bài"})
    assert response.status_code == 302
    client.logout()
    assert client.get(url).status_code == 404


def test_returning_a_scheduled_article_to_draft_revokes_its_links(client, editor):
    article = workflow.publish(ArticleFactory(), editor, at=timezone.now() + datetime.timedelta(days=1))
    url = previews.preview_url(article)
    assert client.get(url).status_code == 200
    workflow.return_to_draft(article, editor, "Chưa đăng được")
    assert client.get(url).status_code == 404


def test_returning_a_submitted_article_to_draft_keeps_its_links(client, editor, reporter):
    # Not a take-down: the article was never on the site or on its way there.
    article = workflow.submit(ArticleFactory(created_by=reporter), reporter)
    url = previews.preview_url(article)
    workflow.return_to_draft(article, editor, "Bổ sung nguồn")
    assert client.get(url).status_code == 200


def test_trash_revokes_links_and_restore_does_not_bring_them_back(client, editor, published):
    url = previews.preview_url(published)
    workflow.trash(published, editor)
    assert client.get(url).status_code == 404
    workflow.restore(Article.objects.get(pk=published.pk), editor)
    assert client.get(url).status_code == 404
    assert client.get(previews.preview_url(Article.objects.get(pk=published.pk))).status_code == 200


def test_an_editor_revokes_every_link_by_hand(client, editor):
    article = ArticleFactory(title="Bản nháp gửi nguồn tin")
    first, second = previews.preview_url(article), previews.preview_url(article, hours=1)
    assert client.get(first).status_code == 200 and client.get(second).status_code == 200
    client.force_login(editor)
    response = client.post(revoke_url(article))
    assert response.status_code == 302
    assert response["Location"] == change_url(article)
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Đã thu hồi mọi liên kết xem trước của bài này; các liên kết đã gửi không còn mở được."]
    client.logout()
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 404
    article = Article.objects.get(pk=article.pk)
    assert article.preview_epoch == 1
    assert client.get(previews.preview_url(article)).status_code == 200
    # The article itself is untouched: same status, same version, no revision for a revoke.
    assert (article.status, article.version, article.revisions.count()) == ("draft", 1, 0)


def test_the_revoke_button_is_in_the_workflow_panel_for_editors_only(client, editor, reporter):
    article = ArticleFactory(created_by=reporter)
    client.force_login(editor)
    page = client.get(change_url(article)).content.decode()
    assert f'action="{revoke_url(article)}"' in page
    assert "Thu hồi mọi liên kết xem trước" in page
    client.force_login(reporter)
    page = client.get(change_url(article)).content.decode()
    assert revoke_url(article) not in page


def test_a_reporter_cannot_revoke_and_a_get_changes_nothing(client, reporter, editor):
    article = ArticleFactory(created_by=reporter)
    url = previews.preview_url(article)
    client.force_login(reporter)
    assert client.post(revoke_url(article)).status_code == 403
    client.force_login(editor)
    assert client.get(revoke_url(article)).status_code == 405
    assert Article.objects.get(pk=article.pk).preview_epoch == 0
    client.logout()
    assert client.get(url).status_code == 200
    with pytest.raises(PermissionDenied):
        previews.revoke_links(article, reporter)


def test_a_link_signed_before_epochs_existed_works_until_the_first_revoke(client, editor):
    article = ArticleFactory()
    expires = int((timezone.now() + datetime.timedelta(hours=1)).timestamp())
    old = signing.dumps({"a": article.pk, "e": expires}, salt=previews.SALT, compress=True)
    url = reverse("articles:preview", kwargs={"token": old})
    assert client.get(url).status_code == 200
    previews.revoke_links(article, editor)
    assert client.get(url).status_code == 404


def test_a_link_of_an_older_epoch_is_refused_signed_or_forged(client, editor):
    article = ArticleFactory()
    previews.revoke_links(article, editor)  # epoch 1
    token = previews.make_token(Article.objects.get(pk=article.pk))
    payload, rest = token.split(":", 1)
    expires = int((timezone.now() + datetime.timedelta(hours=1)).timestamp())
    other = signing.dumps({"a": article.pk, "v": 0, "e": expires}, salt=previews.SALT, compress=True)
    forged = other.split(":", 1)[0] + ":" + rest
    # A correctly signed link of the old epoch (one sent before the revoke) is dead ...
    assert client.get(reverse("articles:preview", kwargs={"token": other})).status_code == 404
    # ... and an old epoch cannot be grafted onto a new link's signature.
    assert client.get(reverse("articles:preview", kwargs={"token": forged})).status_code == 404
    assert client.get(reverse("articles:preview", kwargs={"token": token})).status_code == 200
