"""The body-editor-data script of the article form: what the editor starts from, only what the user may see."""

import json
import re
from html import unescape

from django.urls import reverse

from articles.models import Status
from tests.helpers.body import attach, block
from tests.helpers.factories import ArticleFactory, ArticlePhotoFactory


def editor_data(response) -> dict:
    html = response.content.decode()
    found = re.findall(r'<script id="body-editor-data" type="application/json">(.*?)</script>', html, re.S)
    assert len(found) == 1
    return json.loads(unescape(found[0]))


def test_the_change_page_carries_slots_attachments_related_titles_and_urls(as_user, reporter, other_reporter):
    target = ArticleFactory(title="Đồng Hới mở đường mới", live=True)
    hidden = ArticleFactory(title="Bản nháp của người khác", created_by=other_reporter)
    article = ArticleFactory(created_by=reporter, paragraphs=["Một."])
    slot = ArticlePhotoFactory(article=article, caption="Cầu Nhật Lệ", credit="", after_paragraph=1,
                               photo__alt_text="Cây cầu", photo__credit="Ảnh: Ngọc Minh")
    file = attach(article, name="Quyết định 12.pdf", title="Toàn văn")
    article.body = [*article.body, block("attachment", {"file": file.pk, "title": ""}),
                    block("related", {"article": target.pk}), block("related", {"article": hidden.pk})]
    article.save()

    data = editor_data(as_user(reporter).get(reverse("admin:articles_article_change", args=[article.pk])))

    thumb, src = data["slots"][str(slot.pk)].pop("thumb"), data["slots"][str(slot.pk)].pop("src")
    assert thumb.startswith("/xem-truoc/anh/") and src.startswith("/xem-truoc/anh/")
    assert data == {
        "slots": {str(slot.pk): {"photo": slot.photo_id, "width": 640, "height": 480, "caption": "Cầu Nhật Lệ",
                                 "credit": "", "alt": "Cây cầu", "photo_credit": "Ảnh: Ngọc Minh"}},
        "attachments": {str(file.pk): {"title": "Toàn văn", "file_name": "Quyết định 12.pdf", "size": file.size}},
        # Another reporter's draft is named in the body, but its title is not given out.
        "related": {str(target.pk): {"title": "Đồng Hới mở đường mới", "status": Status.PUBLISHED.label}},
        "urls": {"upload": "/admin/photos/photo/editor/upload/", "library": "/admin/photos/photo/editor/library/",
                 "related": "/admin/articles/article/editor/related/",
                 "attachment": "/admin/articles/article/editor/attachment/"},
        "article": article.pk,
        "csrf_header": "X-CSRFToken",
    }


def test_the_add_page_carries_the_urls_and_no_article(as_user, reporter):
    data = editor_data(as_user(reporter).get(reverse("admin:articles_article_add")))

    assert (data["article"], data["slots"], data["attachments"], data["related"]) == (None, {}, {}, {})
    assert data["urls"]["upload"] == "/admin/photos/photo/editor/upload/"


def test_a_refused_save_gives_the_photos_its_items_name(as_user, reporter):
    from photos.models import Photo
    from tests.helpers.admin import change_form_data
    from tests.helpers.factories import PhotoFactory

    article = ArticleFactory(created_by=reporter)
    photo = PhotoFactory(uploaded_by=reporter, caption="Ảnh vừa tải")
    body = [*article.body, {"type": "photos", "value": {"items": [{"slot": None, "photo": photo.pk}]}}]
    data = change_form_data(article, body=json.dumps(body), title="", body_editor="1")  # no title: refused

    response = as_user(reporter).post(reverse("admin:articles_article_change", args=[article.pk]), data)

    assert response.status_code == 200
    shown = editor_data(response)["photos"][str(photo.pk)]
    assert (shown["id"], shown["caption"]) == (photo.pk, "Ảnh vừa tải")
    assert Photo.objects.get(pk=photo.pk).slots.count() == 0


def test_a_posted_body_of_odd_json_is_refused_and_shown_again_without_failing(as_user, editor):
    from tests.helpers.admin import change_form_data

    article = ArticleFactory()
    odd = [1, "chữ", {"type": "related", "value": 5}, {"type": "photos", "value": {"items": [None, {"photo": "x"}]}},
           {"type": "related", "value": {"article": True}}]
    data = change_form_data(article, body=json.dumps(odd), body_editor="1")

    response = as_user(editor).post(reverse("admin:articles_article_change", args=[article.pk]), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["body"]
    assert editor_data(response)["article"] == article.pk


def test_plain_text_typed_without_the_editor_is_shown_again_after_a_refusal(as_user, editor):
    from tests.helpers.admin import change_form_data

    article = ArticleFactory()
    data = change_form_data(article, paragraphs="Đoạn một.\n\nĐoạn hai.", title="")

    response = as_user(editor).post(reverse("admin:articles_article_change", args=[article.pk]), data)

    assert response.status_code == 200
    assert editor_data(response)["article"] == article.pk


def test_the_data_costs_two_queries_however_many_slots(editor):
    from django.db import connection
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext

    from articles.admin.editor import editor_data as build
    from photos.renditions import ensure_renditions

    counts = []
    for total in (1, 10):
        article = ArticleFactory()
        for _n in range(total):
            ensure_renditions(ArticlePhotoFactory(article=article, after_paragraph=1).photo)  # as an upload does
        request = RequestFactory().get("/")
        request.user = editor
        with CaptureQueriesContext(connection) as queries:
            data = build(request, article)
        assert len(data["slots"]) == total
        counts.append(len(queries))
    assert counts == [2, 2]  # the attachments, the slots with their photos
