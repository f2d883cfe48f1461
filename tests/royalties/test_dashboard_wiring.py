"""The admin home page shows each role what waits for them in royalties."""

import datetime

import pytest
from django.utils import timezone

from royalties import rules

pytestmark = pytest.mark.django_db


def test_the_admin_home_shows_the_chief_editor_what_needs_approving(client, make_article, make_author, editor,
                                                                   chief_editor, grading):
    article = make_article(authors=[make_author("An")], title="Bài chờ duyệt nhuận bút",
                           published=timezone.now() - datetime.timedelta(days=2))
    rules.propose(article=article, user=editor, grading_row=grading["tin"])
    client.force_login(chief_editor)
    html = client.get("/admin/").content.decode()
    assert 'id="royalties-dashboard"' in html
    assert "Bài chờ duyệt nhuận bút" in html


def test_a_reporter_sees_no_royalties_panel(client, reporter):
    client.force_login(reporter)
    html = client.get("/admin/").content.decode()
    assert 'id="royalties-dashboard"' not in html


def test_the_article_form_shows_its_royalty_line_or_where_to_propose_one(client, make_article, make_author, editor,
                                                                        chief_editor, reporter, grading):
    article = make_article(authors=[make_author("An")], title="Bài cần chấm",
                           published=timezone.now() - datetime.timedelta(days=2))
    change = f"/admin/articles/article/{article.pk}/change/"
    client.force_login(editor)
    html = client.get(change).content.decode()
    assert "Chấm nhuận bút cho bài này" in html
    assert f"#article-{article.pk}" in html
    record = rules.propose(article=article, user=editor, grading_row=grading["tin"])
    html = client.get(change).content.decode()
    assert f"/admin/royalties/royaltyrecord/{record.pk}/xu-ly/" in html
    assert "Chấm nhuận bút cho bài này" not in html
    client.force_login(reporter)
    assert 'id="article-royalty"' not in client.get(change).content.decode()  # 403 or hidden: never shown
