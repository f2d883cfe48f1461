"""A stale save from the body editor (photos as items, no slot inline) is merged like any other (#15 + #16).

The editor posts photos blocks as items and body_editor=1 without the photo-slot
inline; the three-way merge must still keep the other person's change and every
photo slot, and the editor's own changes.
"""

import json

import pytest
from django.urls import reverse

from articles.workflow import revisions
from photos.models import ArticlePhoto
from tests.helpers.admin import change_form_data
from tests.helpers.factories import ArticleFactory, ArticlePhotoFactory

pytestmark = pytest.mark.django_db


def opened_article(user):
    """A draft with a photo between two paragraphs, its revision recorded, and its form as opened."""
    article = ArticleFactory(title="Tiêu đề gốc", paragraphs=["Đoạn một.", "Đoạn hai."])
    slot = ArticlePhotoFactory(article=article, caption="Chú thích gốc", after_paragraph=1)
    article.refresh_from_db()
    revisions.record(article, user)
    return article, slot, change_form_data(article)


def editor_form(article, blocks):
    data = {key: value for key, value in change_form_data(article, body=json.dumps(blocks, ensure_ascii=False)).items()
            if not key.startswith("photo_slots-")}
    data["body_editor"] = "1"
    return data


def as_items(article, block):
    slots = {slot.pk: slot for slot in article.photo_slots.select_related("photo")}
    return {**block, "value": {"items": [
        {"slot": pk, "photo": slots[pk].photo_id, "caption": slots[pk].caption, "credit": slots[pk].credit}
        for pk in block["value"]["slots"]]}}


def test_an_editor_save_after_someone_changed_the_title_keeps_both_and_every_photo(client, editor, chief_editor):
    article, slot, opened = opened_article(editor)
    paragraph_one, gallery, paragraph_two = article.body

    # Someone else changes the title first (plain form).
    client.force_login(chief_editor)
    assert client.post(reverse("admin:articles_article_change", args=[article.pk]),
                       {**opened, "title": "Tiêu đề mới của trưởng ban"}).status_code == 302

    # The editor's form, opened before that save, changes the second paragraph and the caption.
    client.force_login(editor)
    gallery_items = as_items(article, gallery)
    gallery_items["value"]["items"][0]["caption"] = "Chú thích mới"
    blocks = [paragraph_one, gallery_items, {**paragraph_two, "value": "Đoạn hai, sửa trong trình soạn thảo."}]
    data = editor_form(article, blocks)
    data["edit_version"] = opened["edit_version"]
    response = client.post(reverse("admin:articles_article_change", args=[article.pk]), data, follow=True)

    assert response.status_code == 200
    article.refresh_from_db()
    assert article.title == "Tiêu đề mới của trưởng ban"
    assert [block["value"] for block in article.body if block["type"] == "paragraph"] == [
        "Đoạn một.", "Đoạn hai, sửa trong trình soạn thảo."]
    assert [block["value"] for block in article.body if block["type"] == "photos"] == [{"slots": [slot.pk]}]
    assert list(ArticlePhoto.objects.filter(article=article).values_list("caption", flat=True)) == ["Chú thích mới"]


def test_a_caption_changed_by_another_survives_an_editor_save_that_left_the_photo_alone(client, editor, chief_editor):
    article, slot, opened = opened_article(editor)
    paragraph_one, gallery, paragraph_two = article.body

    # Someone else changes only the photo's caption (the slot inline of the plain form).
    client.force_login(chief_editor)
    assert client.post(reverse("admin:articles_article_change", args=[article.pk]),
                       {**opened, "photo_slots-0-caption": "Chú thích của trưởng ban"}).status_code == 302
    assert ArticlePhoto.objects.get(pk=slot.pk).caption == "Chú thích của trưởng ban"

    # The editor's stale form changes a paragraph and posts the photo as it was opened.
    client.force_login(editor)
    blocks = [paragraph_one, as_items(article, gallery), {**paragraph_two, "value": "Đoạn hai mới."}]
    data = editor_form(article, blocks)
    data["edit_version"] = opened["edit_version"]
    response = client.post(reverse("admin:articles_article_change", args=[article.pk]), data, follow=True)

    assert response.status_code == 200
    article.refresh_from_db()
    assert [block["value"] for block in article.body if block["type"] == "paragraph"] == ["Đoạn một.", "Đoạn hai mới."]
    assert ArticlePhoto.objects.get(pk=slot.pk).caption == "Chú thích của trưởng ban"


def test_a_caption_both_changed_is_asked_and_nothing_is_saved(client, editor, chief_editor):
    article, slot, opened = opened_article(editor)
    paragraph, gallery, second = article.body
    client.force_login(chief_editor)
    client.post(reverse("admin:articles_article_change", args=[article.pk]),
                {**opened, "photo_slots-0-caption": "Chú thích của trưởng ban"})

    client.force_login(editor)
    items = as_items(article, gallery)
    items["value"]["items"][0]["caption"] = "Chú thích của biên tập viên"
    data = editor_form(article, [paragraph, items, second])
    data["edit_version"] = opened["edit_version"]
    response = client.post(reverse("admin:articles_article_change", args=[article.pk]), data)

    assert response.status_code == 200
    assert 'id="merge-conflicts"' in response.content.decode()
    assert ArticlePhoto.objects.get(pk=slot.pk).caption == "Chú thích của trưởng ban"
