"""Correction notes: made with an edit of a published article, shown in public, tied to their revision."""

import datetime

from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import CorrectionNote
from articles.public.corrections import correction_notes_jsonld
from tests.helpers.admin import change_form_data
from tests.helpers.factories import ArticleFactory


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def published(editor, **fields):
    article = ArticleFactory(**fields)
    workflow.publish(article, editor)
    article.refresh_from_db()
    return article


def test_editor_marks_an_edit_as_a_correction(client, editor):
    article = published(editor, lead="Phường Đồng Phú tổ chức hội nghị.")
    client.force_login(editor)
    page = client.get(change_url(article)).content.decode()
    assert 'name="correction_kind"' in page
    response = client.post(change_url(article), change_form_data(
        article, lead="Phường Hải Đình tổ chức hội nghị.", correction_kind="correction",
        correction_note="Bản trước ghi sai tên phường."))
    assert response.status_code == 302
    note = CorrectionNote.objects.get()
    assert (note.article, note.kind, note.text, note.created_by) == (
        article, "correction", "Bản trước ghi sai tên phường.", editor)
    assert note.revision == article.revisions.first()
    assert note.revision.data["lead"] == "Phường Hải Đình tổ chức hội nghị."
    article.refresh_from_db()
    assert article.status == "published"


def test_correction_kind_without_a_note_is_a_form_error(client, editor):
    article = published(editor)
    client.force_login(editor)
    response = client.post(change_url(article), change_form_data(article, correction_kind="update"))
    assert response.status_code == 200
    assert "Viết ghi chú công khai cho lần đính chính này." in response.content.decode()
    assert not CorrectionNote.objects.exists()


def test_reporter_crafting_a_correction_on_a_draft_creates_none(client, reporter):
    article = ArticleFactory(created_by=reporter)
    client.force_login(reporter)
    assert 'name="correction_kind"' not in client.get(change_url(article)).content.decode()
    response = client.post(change_url(article), change_form_data(
        article, correction_kind="correction", correction_note="Ghi chú giả."))
    assert response.status_code == 302
    assert not CorrectionNote.objects.exists()


def test_the_article_page_lists_its_notes(client, editor):
    article = published(editor)
    CorrectionNote.objects.create(article=article, kind="clarification", text="Làm rõ số liệu quý III.")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<strong>Làm rõ</strong>: Làm rõ số liệu quý III." in html
    other = published(editor)
    assert 'class="corrections"' not in client.get(other.get_absolute_url()).content.decode()


def test_corrections_page_lists_live_articles_notes_newest_first(client, editor):
    first = published(editor, title="Bài thứ nhất")
    second = published(editor, title="Bài thứ hai")
    hidden = published(editor, title="Bài đã gỡ")
    now = timezone.now()
    CorrectionNote.objects.create(article=first, kind="correction", text="Sửa tên người.",
                                  created_at=now - datetime.timedelta(days=1))
    CorrectionNote.objects.create(article=second, kind="update", text="Cập nhật số người bị thương.",
                                  created_at=now)
    CorrectionNote.objects.create(article=hidden, kind="correction", text="Ghi chú của bài đã gỡ.")
    workflow.unpublish(hidden, editor, "Gỡ theo yêu cầu.")
    response = client.get(reverse("articles:corrections"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Cập nhật số người bị thương.") < html.index("Sửa tên người.")
    assert "Ghi chú của bài đã gỡ." not in html
    assert f'href="{first.get_absolute_url()}"' in html


def test_corrections_jsonld(editor):
    article = published(editor)
    note = CorrectionNote.objects.create(article=article, kind="correction", text="Sửa ngày họp.")
    assert correction_notes_jsonld(article) == [{
        "@type": "CorrectionComment", "text": "Sửa ngày họp.",
        "datePublished": timezone.localtime(note.created_at).isoformat(), "name": "Đính chính"}]
    assert correction_notes_jsonld(article)[0]["datePublished"].endswith("+07:00")


def test_editor_cannot_attach_a_correction_to_an_article_in_review(client, editor):
    article = ArticleFactory()
    workflow.submit(article, editor)
    client.force_login(editor)
    assert 'name="correction_kind"' not in client.get(change_url(article)).content.decode()
    client.post(change_url(article), change_form_data(article, correction_kind="update", correction_note="Ghi chú."))
    assert not CorrectionNote.objects.exists()
