"""The transition history admin uses the one "own articles" rule (issue #12: it had its own copy).

A reporter named in the byline of an article someone else created sees its
history, as they see the article itself; never the history of others' articles.
"""

import pytest

from articles import workflow
from tests.helpers.factories import ArticleFactory, AuthorFactory, UserFactory

pytestmark = pytest.mark.django_db

HISTORY = "/admin/articles/transition/"


def test_a_reporter_in_the_byline_sees_the_articles_history(client, editor):
    reporter = UserFactory(username="phongvien", role="Reporter")
    article = ArticleFactory(title="Bài viết chung", byline=[AuthorFactory(name="Phóng viên A", user=reporter)],
                             created_by=editor)
    workflow.submit(article, editor)
    others = ArticleFactory(title="Bài của người khác", created_by=editor)
    workflow.submit(others, editor)

    client.force_login(reporter)
    html = client.get(HISTORY).content.decode()

    assert "Bài viết chung" in html
    assert "Bài của người khác" not in html


def test_the_history_admin_and_the_article_list_show_the_same_articles(client, editor):
    reporter = UserFactory(username="phongvien", role="Reporter")
    mine = ArticleFactory(title="Bài tôi tạo", created_by=reporter)
    named = ArticleFactory(title="Bài có tên tôi", byline=[AuthorFactory(name="Tôi", user=reporter)],
                           created_by=editor)
    for article in (mine, named):
        workflow.submit(article, editor)
    client.force_login(reporter)
    listed = client.get("/admin/articles/article/").context["cl"].result_list
    history = client.get(HISTORY).context["cl"].result_list
    assert {article.title for article in listed} == {"Bài tôi tạo", "Bài có tên tôi"}
    assert {transition.article.title for transition in history} == {"Bài tôi tạo", "Bài có tên tôi"}
