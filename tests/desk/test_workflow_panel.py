"""The workflow panel on the article form: button order, the Vietnamese publish time, the preview
link with its copy button, and the live checklist (the server's publishing checks on the posted form)."""

import json
import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from articles import workflow
from articles.models import Status
from tests.helpers.admin import change_form_data
from tests.helpers.factories import ArticleFactory, AuthorFactory


def change_page(client, article):
    return client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()


def panel_of(page):
    return re.search(r'<section class="workflow-panel" id="workflow-panel".*?</section>', page, re.S).group(0)


def buttons(panel):
    return [re.sub(r"\s+", " ", text).strip() for text in re.findall(r"<button[^>]*>(.*?)</button>", panel, re.S)]


def checklist(client, article, data):
    response = client.post(reverse("admin:articles_article_checklist", args=[article.pk]), data)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


@pytest.fixture
def bare(reporter):
    """A reporter's draft missing its lead and its byline."""
    return ArticleFactory(created_by=reporter, title="Bài còn thiếu", lead="", byline=[AuthorFactory()])


# --- Buttons ----------------------------------------------------------------------------------


def test_on_a_draft_publishing_comes_first_and_the_trash_last(client, editor, bare):
    client.force_login(editor)
    assert buttons(panel_of(change_page(client, bare))) == [
        "Gửi duyệt", "Đăng ngay", "Hẹn giờ đăng", "Tạo liên kết", "Thu hồi mọi liên kết xem trước",
        "Chuyển vào thùng rác"]


def test_on_a_published_article_unpublishing_is_last_but_the_trash_and_red(client, editor):
    article = ArticleFactory(title="Bài đang đăng")
    workflow.publish(article, editor)
    client.force_login(editor)
    panel = panel_of(change_page(client, article))
    assert buttons(panel) == ["Tạo liên kết", "Thu hồi mọi liên kết xem trước", "Gỡ bài", "Chuyển vào thùng rác"]
    assert '<button type="submit" class="destructive">Gỡ bài</button>' in panel
    assert 'class="destructive" id="workflow-trash"' in panel


def test_a_reporter_sees_only_the_send_button_and_the_trash(client, reporter, bare):
    client.force_login(reporter)
    assert buttons(panel_of(change_page(client, bare))) == ["Gửi duyệt", "Chuyển vào thùng rác"]


# --- The publish time -------------------------------------------------------------------------


def test_the_time_input_asks_for_the_vietnamese_form(client, editor, bare):
    client.force_login(editor)
    panel = panel_of(change_page(client, bare))
    field = re.search(r'<input type="text" name="at"[^>]*>', panel, re.S).group(0)
    assert 'placeholder="ngày/tháng/năm giờ:phút"' in field and "pattern=" in field
    assert "đồng hồ 24 giờ, giờ Hà Nội (GMT+7). Ví dụ: 05/01/2027 14:30." in panel
    assert 'type="datetime-local"' not in panel


def test_scheduling_with_a_vietnamese_date_and_24_hour_time(client, editor, bare):
    client.force_login(editor)
    bare.lead = "Sapo."
    bare.save()
    response = client.post(reverse("admin:articles_article_transition", args=[bare.pk, "publish"]),
                           {"schedule": "", "at": "02/01/2099 20:30"})
    assert response.status_code == 302
    bare.refresh_from_db()
    assert bare.status == Status.SCHEDULED
    assert bare.publish_at.isoformat() == "2099-01-02T13:30:00+00:00"
    # The panel shows the scheduled time back in the same form, ready to change.
    assert 'value="02/01/2099 20:30"' in panel_of(change_page(client, bare))


@pytest.mark.parametrize("raw", ["31/02/2099 08:30", "02/01/2099 8h30", "02/13/2099 08:30", "02/01/2099 24:00"])
def test_a_date_that_is_not_real_is_refused_in_vietnamese(client, editor, bare, raw):
    client.force_login(editor)
    response = client.post(reverse("admin:articles_article_transition", args=[bare.pk, "publish"]),
                           {"schedule": "", "at": raw})
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        f"Thời điểm đăng không hợp lệ: “{raw}”. Nhập ngày và giờ."]
    bare.refresh_from_db()
    assert (bare.status, bare.publish_at) == (Status.DRAFT, None)


# --- The preview link -------------------------------------------------------------------------


def test_a_new_preview_link_is_shown_as_a_link_with_a_copy_button_once(client, editor, bare):
    client.force_login(editor)
    response = client.post(reverse("admin:articles_article_preview_link", args=[bare.pk]), {"hours": "6"},
                           follow=True)
    panel = panel_of(response.content.decode())
    link = re.search(r'<a href="(http://testserver/xem-truoc/[^"]+)" target="_blank" rel="noopener" '
                     r'id="preview-link-url">\1</a>', panel)
    assert link, panel
    assert "Liên kết xem trước (hết hạn sau 6 giờ):" in panel
    assert '<button type="button" data-copy="preview-link-url">Sao chép</button>' in panel
    assert client.get(link.group(1)).status_code == 200  # the link opens the preview
    client.force_login(editor)
    assert 'id="preview-link"' not in change_page(client, bare)  # shown once


# --- The live checklist -----------------------------------------------------------------------


def test_the_page_lists_what_the_stored_article_lacks(client, reporter, bare):
    bare.author_links.all().delete()
    client.force_login(reporter)
    panel = panel_of(change_page(client, bare))
    block = re.search(r'<div class="publish-checklist missing" id="publish-checklist".*?</div>', panel, re.S).group(0)
    assert re.findall(r"<li>(.*?)</li>", block) == ["Thiếu sapo.", "Chưa có tác giả."]
    assert f'data-url="/admin/articles/article/{bare.pk}/checklist/"' in block


def test_the_checklist_reads_the_form_as_typed_and_saves_nothing(client, reporter, bare):
    client.force_login(reporter)
    version = bare.version
    data = change_form_data(bare)
    assert checklist(client, bare, data) == {"ready": False, "missing": ["Thiếu sapo."]}
    assert checklist(client, bare, {**data, "lead": "Sapo vừa gõ."}) == {"ready": True, "missing": []}
    assert checklist(client, bare, {**data, "lead": "Sapo.", "title": ""})["missing"] == ["Thiếu tiêu đề."]
    bare.refresh_from_db()
    assert (bare.title, bare.lead, bare.version) == ("Bài còn thiếu", "", version)
    assert bare.revisions.count() == 0


def test_the_checklist_counts_the_byline_rows_on_screen(client, reporter, bare):
    client.force_login(reporter)
    data = {**change_form_data(bare, lead="Sapo."), "author_links-0-DELETE": "on"}
    assert checklist(client, bare, data)["missing"] == ["Chưa có tác giả."]
    bare.author_links.all().delete()
    added = {**change_form_data(bare, lead="Sapo."), "author_links-TOTAL_FORMS": 1,
             "author_links-0-author": AuthorFactory().pk, "author_links-0-order": 0}
    assert checklist(client, bare, added) == {"ready": True, "missing": []}
    assert bare.author_links.count() == 0


def test_the_checklist_is_the_publish_buttons_rule(client, editor, bare):
    """What the checklist says is what publishing refuses with."""
    client.force_login(editor)
    missing = checklist(client, bare, change_form_data(bare))["missing"]
    response = client.post(reverse("admin:articles_article_transition", args=[bare.pk, "publish"]), {"now": ""})
    assert " ".join(missing) in [str(m) for m in get_messages(response.wsgi_request)][0]


def test_the_checklist_is_refused_to_others_and_to_get(client, reporter, other_reporter, bare):
    url = reverse("admin:articles_article_checklist", args=[bare.pk])
    client.force_login(other_reporter)
    assert client.post(url, change_form_data(bare)).status_code == 403
    client.force_login(reporter)
    assert client.get(url).status_code == 405
