"""Two people save the same article from forms opened on the same version: nobody's work is lost.

The stale save is merged against the revision both started from
(articles/workflow/merge.py): parts only one person changed are kept at once,
parts both changed are shown side by side with a choice.
"""

import html as html_module
import json
import re

import pytest
from django.urls import reverse

from articles.models import Article
from articles.workflow import revisions
from tests.helpers.admin import change_form_data
from tests.helpers.factories import ArticleFactory, ArticlePhotoFactory, AuthorFactory

ENGLISH_BANNER = "Please correct the error"


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


@pytest.fixture
def article(reporter):
    article = ArticleFactory(created_by=reporter, title="Tiêu đề gốc", lead="Sapo gốc.",
                             paragraphs=["Đoạn một.", "Đoạn hai.", "Đoạn ba."], byline=[AuthorFactory(name="Lê Minh")])
    revisions.record(article, reporter)
    return article


def _body_with(article, changes: dict, *, drop=(), add=None):
    """The article's body (as opened) with some paragraphs' text changed, some dropped, one added."""
    blocks = []
    for index, block in enumerate(article.body):
        if index in drop:
            continue
        blocks.append({**block, "value": changes.get(index, block["value"])})
    if add:
        blocks.append({"id": "9f5b7a8e-0000-4000-8000-000000000001", "type": "paragraph", "value": add})
    return json.dumps(blocks, ensure_ascii=False)


def _texts(article):
    article.refresh_from_db()
    return [block["value"] for block in article.body if block["type"] == "paragraph"]


def test_title_saved_by_one_and_lead_by_the_other_both_stay_in_one_save(client, editor, chief_editor, article):
    form_a, form_b = change_form_data(article), change_form_data(article)
    client.force_login(chief_editor)
    assert client.post(change_url(article), {**form_a, "title": "Tiêu đề của A"}).status_code == 302
    client.force_login(editor)
    response = client.post(change_url(article), {**form_b, "lead": "Sapo của B."}, follow=True)
    html = response.content.decode()
    assert response.redirect_chain and response.redirect_chain[0][1] == 302
    assert ENGLISH_BANNER not in html
    assert "Đã giữ thay đổi của chief: Tiêu đề." in html
    article.refresh_from_db()
    assert (article.title, article.lead) == ("Tiêu đề của A", "Sapo của B.")
    # One save of B's: A's revision, then B's, both whole.
    assert list(article.revisions.order_by("-number").values_list("data__title", "data__lead", "user__username")[:2]) == [
        ("Tiêu đề của A", "Sapo của B.", "editor"), ("Tiêu đề của A", "Sapo gốc.", "chief")]


def test_different_body_blocks_merge(client, editor, chief_editor, article):
    form_a, form_b = change_form_data(article), change_form_data(article)
    client.force_login(chief_editor)
    client.post(change_url(article), {**form_a, "body": _body_with(article, {0: "Đoạn một của A."})})
    client.force_login(editor)
    response = client.post(change_url(article), {**form_b, "body": _body_with(
        article, {2: "Đoạn ba của B."}, add="Đoạn bốn B thêm.")})
    assert response.status_code == 302
    assert _texts(article) == ["Đoạn một của A.", "Đoạn hai.", "Đoạn ba của B.", "Đoạn bốn B thêm."]


def test_a_block_deleted_by_one_and_another_changed_by_the_other_merge(client, editor, chief_editor, article):
    form_a, form_b = change_form_data(article), change_form_data(article)
    client.force_login(chief_editor)
    client.post(change_url(article), {**form_a, "body": _body_with(article, {}, drop={1})})
    client.force_login(editor)
    assert client.post(change_url(article), {**form_b, "body": _body_with(article, {0: "Một, sửa."})}).status_code == 302
    assert _texts(article) == ["Một, sửa.", "Đoạn ba."]


def test_the_same_block_changed_by_both_asks_and_the_choice_is_saved(client, editor, chief_editor, article):
    form_a, form_b = change_form_data(article), change_form_data(article)
    client.force_login(chief_editor)
    client.post(change_url(article), {**form_a, "title": "Tiêu đề của A",
                                      "body": _body_with(article, {1: "Đoạn hai theo A."})})
    client.force_login(editor)
    response = client.post(change_url(article), {**form_b, "lead": "Sapo của B.",
                                                 "body": _body_with(article, {1: "Đoạn hai theo B."})})
    assert response.status_code == 200
    html = response.content.decode()
    assert ENGLISH_BANNER not in html
    assert "Bạn và chief cùng sửa: Nội dung." in html
    panel = html[html.index('id="merge-conflicts"'):html.index("</section>", html.index('id="merge-conflicts"'))]
    assert "Đoạn hai theo A." in panel and "Đoạn hai theo B." in panel
    assert "Giữ bản của chief" in panel and "Giữ bản của bạn" in panel
    assert "Tiêu đề" not in panel  # only the part both changed is asked
    # Nothing saved yet; the form holds the merge (A's title, B's lead) and the current version.
    article.refresh_from_db()
    assert (article.title, article.lead) == ("Tiêu đề của A", "Sapo gốc.")
    assert 'value="Tiêu đề của A"' in html
    version = re.search(r'name="edit_version" value="(\d+)"', html).group(1)
    assert int(version) == article.version
    parts = re.search(r'name="merge_parts" value="([^"]+)"', html).group(1)
    block_id = article.body[1]["id"]
    assert parts == f"body:{block_id}"
    resubmit = {**form_b, "title": "Tiêu đề của A", "lead": "Sapo của B.",
                "body": _body_with(article, {1: "Đoạn hai theo B."}), "edit_version": version, "merge_parts": parts}
    # Saving without choosing is refused again, in Vietnamese.
    response = client.post(change_url(article), resubmit)
    assert response.status_code == 200
    assert "Chưa chọn bản giữ lại cho mọi phần cùng sửa." in response.content.decode()
    response = client.post(change_url(article), {**resubmit, f"merge_choice_body:{block_id}": "theirs"})
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.title, article.lead) == ("Tiêu đề của A", "Sapo của B.")
    assert _texts(article) == ["Đoạn một.", "Đoạn hai theo A.", "Đoạn ba."]


def test_choosing_mine_keeps_mine(client, editor, chief_editor, article):
    form_a, form_b = change_form_data(article), change_form_data(article)
    client.force_login(chief_editor)
    client.post(change_url(article), {**form_a, "title": "Tiêu đề của A"})
    client.force_login(editor)
    html = client.post(change_url(article), {**form_b, "title": "Tiêu đề của B"}).content.decode()
    version = re.search(r'name="edit_version" value="(\d+)"', html).group(1)
    assert re.search(r'name="merge_parts" value="title"', html)
    response = client.post(change_url(article), {**form_b, "title": "Tiêu đề của B", "edit_version": version,
                                                 "merge_parts": "title", "merge_choice_title": "mine"})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Tiêu đề của B"


def test_someone_saving_again_while_choosing_is_merged_again(client, editor, chief_editor, superuser, article):
    form_a, form_b = change_form_data(article), change_form_data(article)
    client.force_login(chief_editor)
    client.post(change_url(article), {**form_a, "title": "Tiêu đề của A"})
    client.force_login(editor)
    html = client.post(change_url(article), {**form_b, "title": "Tiêu đề của B"}).content.decode()
    version = re.search(r'name="edit_version" value="(\d+)"', html).group(1)
    # Meanwhile a third person changes the lead.
    article.refresh_from_db()
    client.force_login(superuser)
    client.post(change_url(article), change_form_data(article, lead="Sapo của C."))
    client.force_login(editor)
    response = client.post(change_url(article), {**form_b, "title": "Tiêu đề của B", "edit_version": version,
                                                 "merge_parts": "title", "merge_choice_title": "mine"})
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.title, article.lead) == ("Tiêu đề của B", "Sapo của C.")


def test_a_stale_save_keeps_the_photo_slot_the_other_added_and_their_caption(client, editor, chief_editor, article):
    first = ArticlePhotoFactory(article=article, caption="Chú thích gốc")
    article.refresh_from_db()
    revisions.record(article, editor)
    form_b = change_form_data(article)
    # A changes the first caption and adds a second photo slot.
    second = ArticlePhotoFactory(article=article, caption="Ảnh A thêm")
    article.refresh_from_db()
    client.force_login(chief_editor)
    assert client.post(change_url(article), change_form_data(
        article, **{"photo_slots-0-caption": "Chú thích của A"})).status_code == 302
    # B, from the old form, only changes the title.
    client.force_login(editor)
    response = client.post(change_url(article), {**form_b, "title": "Tiêu đề của B"})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Tiêu đề của B"
    assert dict(article.photo_slots.values_list("pk", "caption")) == {first.pk: "Chú thích của A",
                                                                      second.pk: "Ảnh A thêm"}
    placed = [slot for block in article.body if block["type"] == "photos" for slot in block["value"]["slots"]]
    assert sorted(placed) == sorted([first.pk, second.pk])


def test_a_fresh_save_is_not_touched(client, editor, article):
    client.force_login(editor)
    response = client.post(change_url(article), change_form_data(article, title="Chỉ một người sửa"), follow=True)
    assert "Đã giữ thay đổi" not in response.content.decode()
    assert Article.objects.get(pk=article.pk).title == "Chỉ một người sửa"


def test_both_changing_the_photo_slots_asks_and_either_choice_saves(client, editor, chief_editor, article):
    slot = ArticlePhotoFactory(article=article, caption="Chú thích gốc")
    article.refresh_from_db()
    revisions.record(article, editor)
    form_b = change_form_data(article)
    client.force_login(chief_editor)
    client.post(change_url(article), change_form_data(article, **{"photo_slots-0-caption": "Chú thích của A"}))
    client.force_login(editor)
    response = client.post(change_url(article), {**form_b, "photo_slots-0-caption": "Chú thích của B"})
    assert response.status_code == 200
    html = response.content.decode()
    panel = html[html.index('id="merge-conflicts"'):]
    assert "Ảnh trong bài" in panel and "Chú thích của A" in panel and "Chú thích của B" in panel
    version = re.search(r'name="edit_version" value="(\d+)"', html).group(1)
    response = client.post(change_url(article), {**form_b, "photo_slots-0-caption": "Chú thích của B",
                                                 "edit_version": version, "merge_parts": "photo_slots",
                                                 "merge_choice_photo_slots": "theirs"})
    assert response.status_code == 302
    slot.refresh_from_db()
    assert slot.caption == "Chú thích của A"


def test_a_slot_the_other_deleted_stays_deleted_when_the_stale_form_left_it_alone(client, editor, chief_editor,
                                                                                  article):
    ArticlePhotoFactory(article=article, caption="Ảnh sẽ bị xóa")
    article.refresh_from_db()
    revisions.record(article, editor)
    form_b = change_form_data(article)
    client.force_login(chief_editor)
    assert client.post(change_url(article), change_form_data(article, **{"photo_slots-0-DELETE": "on"})
                       ).status_code == 302
    assert article.photo_slots.count() == 0
    client.force_login(editor)
    response = client.post(change_url(article), {**form_b, "title": "Tiêu đề của B"})
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.title, article.photo_slots.count()) == ("Tiêu đề của B", 0)
    assert [block for block in article.body if block["type"] == "photos"] == []


def test_choosing_my_slots_brings_back_one_the_other_deleted_as_a_new_slot(client, editor, chief_editor, article):
    ArticlePhotoFactory(article=article, caption="Ảnh một")
    ArticlePhotoFactory(article=article, caption="Ảnh hai")
    article.refresh_from_db()
    revisions.record(article, editor)
    form_b = change_form_data(article)
    client.force_login(chief_editor)
    client.post(change_url(article), change_form_data(article, **{"photo_slots-1-DELETE": "on"}))
    client.force_login(editor)
    html = client.post(change_url(article), {**form_b, "photo_slots-0-caption": "Ảnh một, B sửa"}).content.decode()
    version = re.search(r'name="edit_version" value="(\d+)"', html).group(1)
    body = html_module.unescape(re.search(r'<textarea name="body"[^>]*>\n?(.*?)</textarea>', html, re.S).group(1))
    response = client.post(change_url(article), {**form_b, "photo_slots-0-caption": "Ảnh một, B sửa", "body": body,
                                                 "edit_version": version, "merge_parts": "photo_slots",
                                                 "merge_choice_photo_slots": "mine"})
    assert response.status_code == 302
    assert sorted(article.photo_slots.values_list("caption", flat=True)) == ["Ảnh hai", "Ảnh một, B sửa"]


def test_an_unreadable_body_in_a_stale_save_is_refused_as_typed_not_replaced(client, editor, chief_editor, article):
    form_b = change_form_data(article)
    client.force_login(chief_editor)
    client.post(change_url(article), change_form_data(article, title="Tiêu đề của A"))
    client.force_login(editor)
    response = client.post(change_url(article), {**form_b, "body": "[{không phải json"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nội dung không phải JSON hợp lệ" in html
    assert "[{không phải json" in html
    assert Article.objects.get(pk=article.pk).title == "Tiêu đề của A"


def test_tags_and_byline_of_one_and_the_section_of_the_other_all_stay(client, editor, chief_editor, article):
    from tests.helpers.factories import SectionFactory

    section = SectionFactory(name="Kinh tế")
    second_author = AuthorFactory(name="Trần Hà")
    form_b = change_form_data(article)
    client.force_login(chief_editor)
    data = change_form_data(article, tags="Đồng Hới, Cầu mới", **{
        "author_links-TOTAL_FORMS": 2, "author_links-1-article": article.pk,
        "author_links-1-author": second_author.pk, "author_links-1-order": 1})
    assert client.post(change_url(article), data).status_code == 302
    client.force_login(editor)
    assert client.post(change_url(article), {**form_b, "section": section.pk}).status_code == 302
    article.refresh_from_db()
    assert article.section == section
    assert sorted(article.tags.names()) == ["Cầu mới", "Đồng Hới"]
    assert [a.name for a in article.byline()] == ["Lê Minh", "Trần Hà"]
