"""Server-side autosave of the article form: kept per user, offered back, never a revision or a public change."""

import json

import pytest
from django.urls import reverse

from articles.admin.article_form import MAX_BODY_INPUT_LENGTH
from articles.models import Article, Autosave, Revision
from pagecache.generation import current_generation
from tests.helpers.admin import add_form_data, change_form_data
from tests.helpers.factories import ArticleFactory


@pytest.fixture
def draft(reporter):
    return ArticleFactory(created_by=reporter, title="Bản nháp", lead="Sapo.")


def autosave_url(article):
    return reverse("admin:articles_article_autosave", args=[article.pk])


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def _offer(html):
    start = html.index('<script id="server-autosave" type="application/json">') + len(
        '<script id="server-autosave" type="application/json">')
    return json.loads(html[start:html.index("</script>", start)])


def test_the_reporter_autosaves_a_draft_and_it_is_offered_back(client, reporter, draft):
    client.force_login(reporter)
    typed = {"title": "Bản nháp, đang gõ dở", "lead": "Sapo mới", "body": "Đoạn gõ dở."}
    response = client.post(autosave_url(draft), {"data": json.dumps(typed)})
    assert response.status_code == 200
    assert len(response.json()["time"]) == 5
    row = Autosave.objects.get()
    assert (row.article, row.user, row.data) == (draft, reporter, typed)
    # Once per user and article: the next autosave replaces it.
    client.post(autosave_url(draft), {"data": json.dumps({**typed, "title": "Gõ thêm"})})
    assert Autosave.objects.get().data["title"] == "Gõ thêm"
    offer = _offer(client.get(change_url(draft)).content.decode())
    assert offer["offer"]["values"]["title"] == "Gõ thêm"
    assert offer["url"] == autosave_url(draft) and offer["interval"] == 5


def test_an_autosave_is_no_revision_no_version_and_no_public_change(client, reporter, draft):
    client.force_login(reporter)
    version, revisions, generation = draft.version, Revision.objects.count(), current_generation()
    client.post(autosave_url(draft), {"data": json.dumps({"title": "Không phải bản lưu"})})
    client.post(autosave_url(draft), {"discard": "1"})
    draft.refresh_from_db()
    assert (draft.version, draft.title, Revision.objects.count()) == (version, "Bản nháp", revisions)
    assert current_generation() == generation
    assert Autosave.objects.count() == 0


def test_a_live_articles_autosave_does_not_empty_the_page_cache(client, editor):
    live = ArticleFactory(live=True)
    client.force_login(editor)
    generation = current_generation()
    assert client.post(autosave_url(live), {"data": json.dumps({"title": "Sửa dở"})}).status_code == 200
    assert current_generation() == generation


def test_only_the_articles_editors_may_autosave_it(client, other_reporter, reporter, editor, draft):
    client.force_login(other_reporter)
    assert client.post(autosave_url(draft), {"data": "{}"}).status_code == 403
    client.force_login(reporter)
    assert client.get(autosave_url(draft)).status_code == 405
    from articles import workflow

    workflow.submit(draft, reporter)  # a reporter edits only drafts
    assert client.post(autosave_url(draft), {"data": "{}"}).status_code == 403
    client.force_login(editor)
    assert client.post(autosave_url(draft), {"data": "{}"}).status_code == 200
    assert Autosave.objects.filter(user__in=[other_reporter, reporter]).count() == 0


@pytest.mark.parametrize("data, message", [
    ("không phải json", "Bản tự lưu không đọc được (không phải JSON)."),
    ("[1, 2]", "Bản tự lưu không đúng dạng biểu mẫu bài viết."),
    (json.dumps({"title": 5}), "Bản tự lưu không đúng dạng biểu mẫu bài viết."),
    (json.dumps({"<b>": "x"}), "Bản tự lưu không đúng dạng biểu mẫu bài viết."),
    (json.dumps({"lead": "x" * 10_001}), "Trường “lead” dài 10001 ký tự, tối đa 10000."),
])
def test_bad_or_oversized_data_is_refused_in_vietnamese_and_nothing_is_stored(client, reporter, draft, data, message):
    client.force_login(reporter)
    response = client.post(autosave_url(draft), {"data": data})
    assert response.status_code == 400
    assert response.json() == {"error": message}
    assert Autosave.objects.count() == 0


def test_a_body_over_the_forms_limit_is_refused(client, reporter, draft, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = None
    client.force_login(reporter)
    response = client.post(autosave_url(draft), {"data": json.dumps({"body": "x" * (MAX_BODY_INPUT_LENGTH + 1)})})
    assert response.status_code == 400
    assert response.json()["error"].startswith("Trường “body” dài")
    assert Autosave.objects.count() == 0


def test_a_request_over_the_servers_limit_is_refused_before_the_view(client, reporter, draft, settings):
    # DATA_UPLOAD_MAX_MEMORY_SIZE (Django's 2.5 MB by default) bounds the form's POST too.
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client.force_login(reporter)
    response = client.post(autosave_url(draft), {"data": json.dumps({"body": "x" * 2000})})
    assert response.status_code in (400, 413)
    assert Autosave.objects.count() == 0


def test_a_real_save_clears_the_users_autosave_only(client, reporter, editor, draft):
    client.force_login(editor)
    client.post(autosave_url(draft), {"data": json.dumps({"title": "Của biên tập"})})
    client.force_login(reporter)
    client.post(autosave_url(draft), {"data": json.dumps({"title": "Của phóng viên"})})
    assert client.post(change_url(draft), change_form_data(draft, title="Đã lưu thật")).status_code == 302
    assert list(Autosave.objects.values_list("user__username", flat=True)) == ["editor"]


def test_a_new_article_is_autosaved_per_user_and_cleared_when_saved(client, reporter, section):
    client.force_login(reporter)
    url = reverse("admin:articles_article_autosave_new")
    assert client.post(url, {"data": json.dumps({"title": "Bài mới chưa lưu"})}).status_code == 200
    assert Autosave.objects.get().article is None
    offer = _offer(client.get(reverse("admin:articles_article_add")).content.decode())
    assert offer["offer"]["values"] == {"title": "Bài mới chưa lưu"} and offer["url"] == url
    response = client.post(reverse("admin:articles_article_add"), add_form_data(title="Bài mới", section=section.pk))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Article.objects.filter(title="Bài mới").exists()
    assert Autosave.objects.count() == 0
