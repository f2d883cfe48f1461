"""Restoring a revision of a live article: first what readers will see change, then a choice for each
correction note made since; restoring never changes the status."""

import pytest
from django.urls import reverse

from articles import workflow
from articles.models import Article, CorrectionNote, Status
from articles.workflow import revisions
from tests.helpers.admin import change_form_data
from tests.helpers.factories import ArticleFactory, AuthorFactory


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def diff_url(article, number):
    return reverse("admin:articles_article_revision", args=[article.pk, number])


def restore_url(article, number):
    return reverse("admin:articles_article_revision_restore", args=[article.pk, number])


@pytest.fixture
def live(client, editor):
    article = ArticleFactory(title="Cầu Nhật Lệ 3 thông xe", lead="Sapo.", paragraphs=["Cầu dài 300 m."],
                             byline=[AuthorFactory(name="Lê Minh")])
    workflow.publish(article, editor)
    first = article.revisions.first()
    client.force_login(editor)
    body = change_form_data(article)["body"].replace("300 m", "350 m")
    response = client.post(change_url(article), change_form_data(
        article, body=body, correction_kind="correction", correction_note="Bản trước ghi sai chiều dài cầu."))
    assert response.status_code == 302
    article.refresh_from_db()
    return article, first


def test_the_preview_shows_what_readers_will_see_change_and_the_later_note(client, live):
    article, first = live
    html = client.get(diff_url(article, first.number)).content.decode()
    section = html[html.index('id="reader-diff"'):html.index("</section>", html.index('id="reader-diff"'))]
    assert "Bạn đọc sẽ thấy những thay đổi này" in section
    assert "<del>350</del>" in section and "<ins>300</ins>" in section  # readers lose 350, get 300 back
    notes = html[html.index('id="later-notes"'):]
    assert "Bản trước ghi sai chiều dài cầu." in notes
    assert 'value="keep"' in notes and 'value="edit"' in notes and 'value="withdraw"' in notes


def test_restoring_without_a_choice_for_the_note_restores_nothing(client, live):
    article, first = live
    response = client.post(restore_url(article, first.number))
    assert response.status_code == 200
    assert "chọn giữ, sửa hay rút từng ghi chú" in response.content.decode()
    article.refresh_from_db()
    assert "350 m" in article.body_plain
    assert CorrectionNote.objects.filter(article=article).count() == 1


def test_withdrawing_the_note_takes_it_off_the_article_page(client, live):
    article, first = live
    note = article.correction_notes.get()
    response = client.post(restore_url(article, first.number), {f"note_{note.pk}": "withdraw"})
    assert response.status_code == 302
    article.refresh_from_db()
    assert "300 m" in article.body_plain
    assert (article.status, article.correction_notes.count()) == (Status.PUBLISHED, 0)
    client.logout()
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Cầu dài 300 m." in page and "Bản trước ghi sai chiều dài cầu." not in page


def test_editing_or_keeping_the_note(client, live):
    article, first = live
    note = article.correction_notes.get()
    response = client.post(restore_url(article, first.number), {
        f"note_{note.pk}": "edit", f"note_{note.pk}_text": "Bài đã trở lại bản đầu; chiều dài cầu đang được xác minh."})
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.text == "Bài đã trở lại bản đầu; chiều dài cầu đang được xác minh."
    # An edit with no text is refused, nothing restored.
    count = article.revisions.count()
    response = client.post(restore_url(article, first.number), {f"note_{note.pk}": "edit",
                                                                f"note_{note.pk}_text": " "})
    assert "Viết lại nội dung ghi chú" in response.content.decode()
    assert article.revisions.count() == count


def test_a_draft_has_no_reader_preview_and_restoring_keeps_it_a_draft(client, editor):
    article = ArticleFactory(title="Nháp một")
    old = revisions.record(article, editor, force=True)
    client.force_login(editor)
    client.post(change_url(article), change_form_data(article, title="Nháp hai"))
    assert 'id="reader-diff"' not in client.get(diff_url(article, old.number)).content.decode()
    assert client.post(restore_url(article, old.number)).status_code == 302
    article.refresh_from_db()
    assert (article.title, article.status, article.publish_at) == ("Nháp một", Status.DRAFT, None)


def test_restoring_a_revision_taken_while_published_never_publishes_an_unpublished_article(client, editor):
    article = ArticleFactory(title="Đã đăng rồi gỡ")
    workflow.publish(article, editor)
    published = article.revisions.first()
    workflow.unpublish(Article.objects.get(pk=article.pk), editor, "Gỡ để kiểm tra")
    client.force_login(editor)
    assert client.post(restore_url(article, published.number)).status_code == 302
    article.refresh_from_db()
    assert article.status == Status.UNPUBLISHED and not article.is_live
