"""Times on the desk count from when the article entered its state; published articles show when."""

import datetime
import re

from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Article, Status, Transition
from tests.helpers.factories import ArticleFactory


def test_an_imported_published_article_counts_from_its_publication_not_its_import(client, editor):
    published = timezone.now() - datetime.timedelta(days=400)
    article = ArticleFactory(title="Bài cũ nhập từ hệ thống trước")
    Article.objects.filter(pk=article.pk).update(status=Status.PUBLISHED, publish_at=published,
                                                 created_at=timezone.now() - datetime.timedelta(minutes=10))
    article.refresh_from_db()
    assert workflow.state_since(article) == published
    client.force_login(editor)
    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert "ở trạng thái này" not in page
    assert f"đăng lúc {timezone.localtime(published).strftime('%H:%M')}" in page
    listing = client.get(reverse("admin:articles_article_changelist")).content.decode()
    row = re.search(r"<tr[^>]*>(?:(?!</tr>).)*Bài cũ nhập.*?</tr>", listing, re.S).group(0)
    assert "400 ngày 0 giờ" in row and "10 phút" not in row


def test_the_wait_counts_from_the_last_move_into_the_current_state(client, editor, reporter):
    article = ArticleFactory(title="Bài gửi lại", created_by=reporter)
    workflow.submit(article, reporter)
    workflow.return_to_draft(article, editor, "Thiếu nguồn.")
    workflow.submit(article, reporter)
    first, back, again = Transition.objects.filter(article=article).order_by("pk")
    now = timezone.now()
    for transition, minutes in [(first, 300), (back, 200), (again, 10)]:
        Transition.objects.filter(pk=transition.pk).update(created_at=now - datetime.timedelta(minutes=minutes))
    # A later record that is not a move into the current state (here: a stray history row) changes nothing.
    Transition.objects.create(article=article, user=editor, from_status=Status.DRAFT, to_status=Status.DRAFT,
                              note="ghi chú", created_at=now - datetime.timedelta(minutes=2))
    article.refresh_from_db()
    assert workflow.format_wait(now - workflow.state_since(article)) == "10 phút"
    client.force_login(editor)
    page = client.get(reverse("admin:index")).content.decode()
    waiting = re.search(r'<table id="dashboard-in_review".*?</table>', page, re.S).group(0)
    assert "Bài gửi lại" in waiting and "chờ 10 phút" in waiting


def test_a_draft_never_moved_counts_from_its_creation(editor):
    article = ArticleFactory(title="Nháp mới")
    Article.objects.filter(pk=article.pk).update(created_at=timezone.now() - datetime.timedelta(hours=2))
    article.refresh_from_db()
    assert workflow.format_wait(timezone.now() - workflow.state_since(article)) == "2 giờ 0 phút"
