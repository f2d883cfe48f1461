"""Revisions on every save, diff, restore, and the stale-form conflict."""

import re

import pytest
from django.urls import reverse

from articles import workflow
from articles.workflow import revisions
from articles.models import Article, Revision, Status
from tests.helpers.admin import change_form_data
from tests.helpers.factories import ArticleFactory, ArticlePhotoFactory, AuthorFactory, SectionFactory


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


@pytest.fixture
def article(reporter):
    article = ArticleFactory(created_by=reporter, title="Tiêu đề gốc", lead="Sapo gốc.",
                             paragraphs=["Đoạn một.", "Đoạn hai."], byline=[AuthorFactory(name="Lê Minh")])
    article.tags.add("Đồng Hới")
    ArticlePhotoFactory(article=article, caption="Chú thích gốc", after_paragraph=1)
    # What the post_save signal records when the creating transaction commits.
    revisions.record(article, reporter)
    return article


def test_admin_save_stores_a_full_revision(client, editor, article):
    section = SectionFactory(name="Kinh tế")
    client.force_login(editor)
    response = client.post(change_url(article), change_form_data(
        article, title="Tiêu đề mới", section=section.pk, tags="Đồng Hới, Kinh tế",
        **{"photo_slots-0-caption": "Chú thích mới"}))
    assert response.status_code == 302
    revision = Article.objects.get(pk=article.pk).revisions.first()
    assert revision.user == editor
    assert revision.data["title"] == "Tiêu đề mới"
    assert revision.data["lead"] == "Sapo gốc."
    assert [block["value"] for block in revision.data["body"] if block["type"] == "paragraph"] == [
        "Đoạn một.", "Đoạn hai."]
    assert [block["value"] for block in revision.data["body"] if block["type"] == "photos"] == [
        {"slots": [article.photo_slots.get().pk]}]
    assert revision.data["section"]["name"] == "Kinh tế"
    assert revision.data["tags"] == ["Kinh tế", "Đồng Hới"]
    assert [a["name"] for a in revision.data["authors"]] == ["Lê Minh"]
    assert [(s["caption"], s["alt_text"]) for s in revision.data["photo_slots"]] == [
        ("Chú thích mới", "Các đại biểu tham dự hội nghị")]
    assert revision.data["status"] == "draft"


def test_each_save_and_each_transition_adds_a_revision(client, editor, article):
    client.force_login(editor)
    client.post(change_url(article), change_form_data(article, title="Lần một"))
    article.refresh_from_db()
    client.post(change_url(article), change_form_data(article, title="Lần hai"))
    workflow.publish(article, editor)
    assert list(article.revisions.order_by("number").values_list("data__title", "data__status")) == [
        ("Tiêu đề gốc", "draft"), ("Lần một", "draft"), ("Lần hai", "draft"), ("Lần hai", "published")]


def test_diff_page_shows_what_changed(client, editor, article):
    client.force_login(editor)
    client.post(change_url(article), change_form_data(article))
    first = article.revisions.order_by("number").first()
    article.refresh_from_db()
    client.post(change_url(article), change_form_data(article, title="Tiêu đề đã sửa",
                                                       paragraphs="Đoạn một.\n\nĐoạn hai đã sửa."))
    page = client.get(reverse("admin:articles_article_revision", args=[article.pk, first.number]))
    assert page.status_code == 200
    html = page.content.decode()
    assert '<li class="diff-removed"><del>Tiêu đề gốc</del></li>' in html
    assert '<li class="diff-added"><ins>Tiêu đề đã sửa</ins></li>' in html
    # Inside the changed paragraph block, just the words that changed; the unchanged one is not listed.
    assert '<li class="diff-changed">[đoạn văn] Đoạn <del>hai.</del> <ins>hai đã sửa.</ins></li>' in html
    assert "Đoạn một." not in html.split('id="diff"')[1]
    assert "Sapo" not in re.sub(r"<[^>]+>", "", html.split('id="diff"')[1].split("</div>")[0])


def test_restore_brings_content_back_as_a_new_revision(client, editor, article):
    client.force_login(editor)
    client.post(change_url(article), change_form_data(article))
    first = article.revisions.order_by("number").first()
    article.refresh_from_db()
    client.post(change_url(article), change_form_data(
        article, title="Tiêu đề sai", tags="Sai", **{"photo_slots-0-caption": "Chú thích sai"}))
    workflow.publish(article, editor)
    count = Revision.objects.count()
    response = client.post(reverse("admin:articles_article_revision_restore", args=[article.pk, first.number]))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Tiêu đề gốc"
    assert list(article.tags.names()) == ["Đồng Hới"]
    assert [s.caption for s in article.photo_slots.all()] == ["Chú thích gốc"]
    assert article.byline()[0].name == "Lê Minh"
    assert article.status == Status.PUBLISHED
    latest = article.revisions.first()
    assert latest.reason == f"Khôi phục từ bản #{first.number}"
    assert Revision.objects.count() == count + 1
    assert article.revisions.filter(data__title="Tiêu đề sai").exists()


def test_restore_is_refused_to_a_reporter_once_submitted(client, reporter, article):
    revision = revisions.record(article, reporter, force=True)
    workflow.submit(article, reporter)
    client.force_login(reporter)
    response = client.post(reverse("admin:articles_article_revision_restore", args=[article.pk, revision.number]))
    assert response.status_code == 403


def test_restore_needs_post(client, editor, article):
    revision = revisions.record(article, editor, force=True)
    client.force_login(editor)
    url = reverse("admin:articles_article_revision_restore", args=[article.pk, revision.number])
    assert client.get(url).status_code == 405


def test_saves_outside_the_admin_are_recorded_on_commit(django_capture_on_commit_callbacks, article):
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "Sửa trong shell"
        article.save()
    assert article.revisions.first().data["title"] == "Sửa trong shell"


def test_stale_form_is_merged_keeping_both_changes(client, editor, chief_editor, article):
    # (It used to be refused, and saving again threw the other person's change away:
    # tests/desk/test_merge_admin.py has the whole merge.)
    stale = change_form_data(article)
    client.force_login(chief_editor)
    client.post(change_url(article), change_form_data(article, lead="Sapo do trưởng ban sửa."))
    client.force_login(editor)
    response = client.post(change_url(article), {**stale, "title": "Tiêu đề của biên tập viên"})
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.title, article.lead) == ("Tiêu đề của biên tập viên", "Sapo do trưởng ban sửa.")


def test_form_without_version_is_refused(client, editor, article):
    client.force_login(editor)
    data = change_form_data(article, title="Không có phiên bản")
    del data["edit_version"]
    response = client.post(change_url(article), data)
    assert response.status_code == 200
    article.refresh_from_db()
    assert article.title == "Tiêu đề gốc"


def test_publish_does_not_make_an_open_form_stale(client, editor, article):
    data = change_form_data(article, title="Sửa sau khi đăng")
    workflow.publish(article, editor)
    client.force_login(editor)
    assert client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert (article.title, article.status) == ("Sửa sau khi đăng", Status.PUBLISHED)


def test_bookkeeping_saves_make_no_revision(django_capture_on_commit_callbacks, article):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        article.view_count = 42
        article.save(update_fields=["view_count"])
    assert callbacks == []
    assert article.revisions.count() == 1


def test_history_page_lists_revisions(client, editor, article):
    workflow.publish(article, editor)
    client.force_login(editor)
    html = client.get(reverse("admin:articles_article_revisions", args=[article.pk])).content.decode()
    assert "<td>#2</td>" in html and "<td>#1</td>" in html
    assert "<td>Đăng bài</td><td>Đã đăng</td>" in html
