"""Photos blocks as the editor posts them (items) become the article's slots, in the article's save."""

import json
import uuid

import pytest
from django.urls import reverse

from articles.models import Article
from photos.models import ArticlePhoto, Photo
from tests.helpers.admin import add_form_data, change_form_data
from tests.helpers.body import block
from tests.helpers.factories import ArticleFactory, ArticlePhotoFactory, PhotoFactory
from tests.helpers.public import make_live


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def editor_post(article, blocks, *, editor_running=True, **overrides):
    """What the article form posts with the editor running: the body JSON, body_editor=1, no slot inline."""
    data = change_form_data(article, body=json.dumps(blocks, ensure_ascii=False), **overrides)
    if editor_running:
        data = {key: value for key, value in data.items() if not key.startswith("photo_slots-")}
        data["body_editor"] = "1"
    return data


def item(photo, slot=None, caption="", credit="", **extra):
    return {"slot": slot.pk if slot else None, "photo": photo.pk, "caption": caption, "credit": credit, **extra}


def photos_block(*items, block_id=None):
    return {"id": block_id or str(uuid.uuid4()), "type": "photos", "value": {"items": list(items)}}


def body_errors(response):
    return response.context["adminform"].form.errors["body"]


@pytest.fixture
def draft(reporter):
    return ArticleFactory(created_by=reporter, paragraphs=["Đoạn một.", "Đoạn hai."])


def test_a_new_photo_becomes_a_slot_in_its_place(as_user, reporter, draft):
    photo = PhotoFactory(uploaded_by=reporter, alt_text="Cầu Nhật Lệ lúc bình minh")
    first, second = draft.body
    gallery = photos_block(item(photo, caption="Cầu Nhật Lệ", credit="Ảnh: Ngọc Minh",
                                alt="Cầu Nhật Lệ lúc bình minh"))

    response = as_user(reporter).post(change_url(draft), editor_post(draft, [first, gallery, second]))

    assert response.status_code == 302
    slot = ArticlePhoto.objects.get()
    assert (slot.article, slot.photo, slot.caption, slot.credit, slot.order) == (
        draft, photo, "Cầu Nhật Lệ", "Ảnh: Ngọc Minh", 0)
    draft.refresh_from_db()
    assert draft.body == [first, {"id": gallery["id"], "type": "photos", "value": {"slots": [slot.pk]}}, second]
    # The revision holds the body as saved, with the slot.
    revision = draft.revisions.first()
    assert revision.data["body"] == draft.body
    assert [entry["id"] for entry in revision.data["photo_slots"]] == [slot.pk]


def test_a_gallery_of_several_photos_shows_on_the_public_page(as_user, editor):
    article = ArticleFactory(paragraphs=["Mở đầu."])
    photos = [PhotoFactory(alt_text=f"Mô tả {n}") for n in range(3)]
    gallery = photos_block(*(item(photo, caption=f"Chú thích {n}") for n, photo in enumerate(photos)))

    response = as_user(editor).post(change_url(article), editor_post(article, [*article.body, gallery]))

    assert response.status_code == 302
    article.refresh_from_db()
    slots = list(ArticlePhoto.objects.order_by("order"))
    assert [slot.photo for slot in slots] == photos
    assert article.body[-1]["value"] == {"slots": [slot.pk for slot in slots]}
    page = make_live(article)
    html = as_user(editor).get(page.get_absolute_url()).content.decode()
    assert [f'alt="Mô tả {n}"' in html for n in range(3)] == [True] * 3
    assert html.index("Chú thích 0") < html.index("Chú thích 1") < html.index("Chú thích 2")


def test_existing_slots_get_new_captions_credits_and_order(as_user, editor):
    article = ArticleFactory(paragraphs=["Một."])
    a = ArticlePhotoFactory(article=article, caption="Cũ A", after_paragraph=1)
    b = ArticlePhotoFactory(article=article, caption="Cũ B", after_paragraph=1)
    paragraph, gallery = article.body

    response = as_user(editor).post(change_url(article), editor_post(article, [paragraph, photos_block(
        item(b.photo, b, caption="Mới B", credit="Ảnh: TTXVN"), item(a.photo, a, caption="Mới A"),
        block_id=gallery["id"])]))

    assert response.status_code == 302
    a.refresh_from_db()
    b.refresh_from_db()
    assert [(b.caption, b.credit, b.order), (a.caption, a.credit, a.order)] == [
        ("Mới B", "Ảnh: TTXVN", 0), ("Mới A", "", 1)]
    article.refresh_from_db()
    assert article.body[1] == {"id": gallery["id"], "type": "photos", "value": {"slots": [b.pk, a.pk]}}
    assert ArticlePhoto.objects.count() == 2


def test_a_slot_moves_from_one_block_to_another(as_user, editor):
    article = ArticleFactory(paragraphs=["Một.", "Hai."])
    a = ArticlePhotoFactory(article=article, after_paragraph=0)
    b = ArticlePhotoFactory(article=article, after_paragraph=2)
    top, one, two, bottom = article.body

    response = as_user(editor).post(change_url(article), editor_post(article, [
        one, photos_block(item(b.photo, b), item(a.photo, a), block_id=bottom["id"]), two]))

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body == [one, {"id": bottom["id"], "type": "photos", "value": {"slots": [b.pk, a.pk]}}, two]
    a.refresh_from_db()
    b.refresh_from_db()
    assert (b.order, a.order) == (0, 1)
    assert ArticlePhoto.objects.count() == 2


def test_a_slot_in_two_places_is_refused(as_user, editor):
    article = ArticleFactory(paragraphs=["Một."])
    a = ArticlePhotoFactory(article=article, after_paragraph=1)
    before = list(article.body)

    response = as_user(editor).post(change_url(article), editor_post(article, [
        photos_block(item(a.photo, a)), article.body[0], photos_block(item(a.photo, a))]))

    assert response.status_code == 200
    assert body_errors(response) == [
        f"Khối 3 (ảnh): ô ảnh số {a.pk} có ở hai chỗ trong bài; mỗi ô ảnh chỉ ở một chỗ."]
    article.refresh_from_db()
    assert article.body == before


def test_with_the_editor_slots_no_block_shows_are_deleted(as_user, editor):
    article = ArticleFactory(paragraphs=["Một."])
    kept = ArticlePhotoFactory(article=article, after_paragraph=1)
    gone = ArticlePhotoFactory(article=article, after_paragraph=1)
    photo = gone.photo

    response = as_user(editor).post(change_url(article), editor_post(article, [
        article.body[0], photos_block(item(kept.photo, kept))]))

    assert response.status_code == 302
    assert list(ArticlePhoto.objects.all()) == [kept]
    assert Photo.objects.filter(pk=photo.pk).exists()  # the library keeps the photo
    article.refresh_from_db()
    assert article.body[1]["value"] == {"slots": [kept.pk]}


def test_with_the_editor_a_body_without_photos_deletes_every_slot(as_user, editor):
    article = ArticleFactory(paragraphs=["Một."])
    ArticlePhotoFactory(article=article, after_paragraph=1)

    response = as_user(editor).post(change_url(article), editor_post(article, [article.body[0]]))

    assert response.status_code == 302
    assert not ArticlePhoto.objects.exists()
    article.refresh_from_db()
    assert [entry["type"] for entry in article.body] == ["paragraph"]


def test_without_the_editor_slots_stay_and_the_slot_inline_is_still_required(as_user, editor):
    article = ArticleFactory(paragraphs=["Một."])
    slot = ArticlePhotoFactory(article=article, after_paragraph=False)

    response = as_user(editor).post(change_url(article), editor_post(article, [article.body[0]],
                                                                     editor_running=False))

    assert response.status_code == 302
    article.refresh_from_db()
    # As before the editor: a slot no block places goes at the end.
    assert article.body[-1]["value"] == {"slots": [slot.pk]}

    data = editor_post(article, article.body, editor_running=False)
    data = {key: value for key, value in data.items() if not key.startswith("photo_slots-")}
    response = as_user(editor).post(change_url(article), data)
    assert response.status_code == 200  # the management form is missing: refused, as today
    assert ArticlePhoto.objects.filter(pk=slot.pk).exists()


def test_alt_text_changes_when_the_user_may_change_the_photo(as_user, reporter, draft):
    photo = PhotoFactory(uploaded_by=reporter, alt_text="")
    body = [*draft.body, photos_block(item(photo, alt="Người dân qua cầu"))]

    response = as_user(reporter).post(change_url(draft), editor_post(draft, body))

    assert response.status_code == 302
    photo.refresh_from_db()
    assert photo.alt_text == "Người dân qua cầu"


def test_alt_text_of_a_shared_photo_is_refused_for_a_reporter_and_nothing_is_saved(as_user, reporter, draft):
    shared = ArticlePhotoFactory(article=ArticleFactory(live=True), photo__alt_text="Cầu Nhật Lệ").photo
    body = [*draft.body, photos_block(item(shared, caption="Chú thích của tôi", alt="Tôi sửa mô tả"))]
    before = (draft.body, draft.version)

    response = as_user(reporter).post(change_url(draft), editor_post(draft, body, title="Tiêu đề mới"))

    assert response.status_code == 200
    assert body_errors(response) == [
        f"Khối 3 (ảnh): bạn không thể sửa mô tả ảnh (alt) của ảnh “Cầu Nhật Lệ” (số {shared.pk}): ảnh đang dùng "
        "trong bài của người khác hoặc bài đã đăng, chỉ biên tập viên sửa được. Chú thích và nguồn ảnh vẫn sửa "
        "được."]
    shared.refresh_from_db()
    draft.refresh_from_db()
    assert shared.alt_text == "Cầu Nhật Lệ"
    assert (draft.body, draft.version, draft.title) == (*before, draft.title)
    assert draft.title != "Tiêu đề mới"
    assert ArticlePhoto.objects.filter(article=draft).count() == 0

    # Placing the shared photo without touching its alt text is fine.
    body = [*draft.body, photos_block(item(shared, caption="Chú thích của tôi", alt="Cầu Nhật Lệ"))]
    response = as_user(reporter).post(change_url(draft), editor_post(draft, body))
    assert response.status_code == 302
    assert ArticlePhoto.objects.get(article=draft).caption == "Chú thích của tôi"


def test_an_editor_may_change_the_alt_text_of_a_shared_photo(as_user, editor):
    shared = ArticlePhotoFactory(article=ArticleFactory(live=True), photo__alt_text="Cũ").photo
    article = ArticleFactory()

    response = as_user(editor).post(change_url(article), editor_post(
        article, [*article.body, photos_block(item(shared, alt="Mới"))]))

    assert response.status_code == 302
    shared.refresh_from_db()
    assert shared.alt_text == "Mới"


def test_a_slot_of_another_article_is_refused(as_user, editor):
    article = ArticleFactory()
    foreign = ArticlePhotoFactory(article=ArticleFactory())
    before = list(article.body)

    response = as_user(editor).post(change_url(article), editor_post(
        article, [*article.body, photos_block(item(foreign.photo, foreign, caption="Lấy trộm"))]))

    assert response.status_code == 200
    assert body_errors(response) == [f"Khối 3 (ảnh): ảnh số {foreign.pk} không thuộc bài này."]
    foreign.refresh_from_db()
    article.refresh_from_db()
    assert (foreign.article_id, foreign.caption, article.body) == (foreign.article_id, "Các đại biểu tham dự hội nghị",
                                                                   before)


def test_a_photo_the_reporter_may_not_see_is_refused(as_user, reporter, other_reporter, draft):
    hidden = ArticlePhotoFactory(article=ArticleFactory(created_by=other_reporter),
                                 photo__uploaded_by=other_reporter).photo

    response = as_user(reporter).post(change_url(draft), editor_post(draft, [*draft.body, photos_block(item(hidden))]))

    assert response.status_code == 200
    assert body_errors(response) == [
        f"Khối 3 (ảnh): không có ảnh số {hidden.pk} trong thư viện ảnh bạn được dùng: hãy chọn ảnh khác hoặc tải "
        "ảnh mới."]
    assert not ArticlePhoto.objects.filter(article=draft).exists()


def test_bad_items_are_named_in_vietnamese(as_user, editor):
    article = ArticleFactory()
    photo = PhotoFactory()

    response = as_user(editor).post(change_url(article), editor_post(article, [
        photos_block(), photos_block({"photo": None}), photos_block(item(photo, credit="x" * 201, colour="đỏ"))]))

    assert response.status_code == 200
    assert body_errors(response) == [
        "Khối 1 (ảnh): khối ảnh phải có ít nhất một ảnh.",
        "Khối 2 (ảnh): ảnh thứ 1 chưa có ảnh: hãy tải ảnh lên hoặc chọn từ thư viện.",
        "Khối 3 (ảnh): ảnh thứ 1: trường lạ colour."]


def test_a_new_article_gets_its_slots_on_the_add_page(as_user, reporter, section):
    photo = PhotoFactory(uploaded_by=reporter)
    data = add_form_data(title="Bài mới có ảnh", lead="Sapo.", section=section.pk, body=json.dumps([
        block("paragraph", "Đoạn đầu."), photos_block(item(photo, caption="Ảnh đầu tiên"))]), body_editor="1")
    data = {key: value for key, value in data.items() if not key.startswith("photo_slots-")}

    response = as_user(reporter).post(reverse("admin:articles_article_add"), data)

    assert response.status_code == 302
    article = Article.objects.get(title="Bài mới có ảnh")
    slot = ArticlePhoto.objects.get(article=article)
    assert slot.caption == "Ảnh đầu tiên"
    assert article.body[1]["value"] == {"slots": [slot.pk]}


def test_a_slot_id_on_the_add_page_is_refused(as_user, editor, section):
    foreign = ArticlePhotoFactory()
    data = add_form_data(title="Bài mới", section=section.pk, body_editor="1", body=json.dumps([
        photos_block(item(foreign.photo, foreign))]))
    data = {key: value for key, value in data.items() if not key.startswith("photo_slots-")}

    response = as_user(editor).post(reverse("admin:articles_article_add"), data)

    assert response.status_code == 200
    assert body_errors(response) == [f"Khối 1 (ảnh): ảnh số {foreign.pk} không thuộc bài này."]
    assert not Article.objects.filter(title="Bài mới").exists()


def test_a_caption_changed_in_the_editor_shows_on_the_cached_public_page(as_user, editor, client):
    article = ArticleFactory(paragraphs=["Một."])
    slot = ArticlePhotoFactory(article=article, caption="Chú thích cũ", after_paragraph=1)
    make_live(article)
    article.refresh_from_db()
    assert "Chú thích cũ" in client.get(article.get_absolute_url()).content.decode()  # now in the page cache

    paragraph, gallery = article.body
    response = as_user(editor).post(change_url(article), editor_post(article, [paragraph, photos_block(
        item(slot.photo, slot, caption="Chú thích mới"), block_id=gallery["id"])]))
    assert response.status_code == 302

    client.logout()
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Chú thích mới" in html and "Chú thích cũ" not in html


def test_with_the_editor_a_file_out_of_the_body_stays_out_and_one_in_it_keeps_its_place(as_user, editor):
    from tests.helpers.body import attach

    article = ArticleFactory(paragraphs=["Một."])
    placed, dropped = attach(article, title="Giữ"), attach(article, title="Bỏ")
    body = [block("attachment", {"file": placed.pk, "title": ""}), *article.body]

    response = as_user(editor).post(change_url(article), editor_post(article, body))

    assert response.status_code == 302
    article.refresh_from_db()
    assert [(entry["type"], entry["value"]) for entry in article.body] == [
        ("attachment", {"file": placed.pk, "title": ""}), ("paragraph", "Một.")]
    assert dropped.pk not in [entry["value"].get("file") for entry in article.body if entry["type"] == "attachment"]


def test_a_slot_still_without_a_photo_is_kept_in_a_draft(as_user, reporter, draft):
    empty = ArticlePhotoFactory(article=draft, photo=None, caption="Chờ ảnh", after_paragraph=1)
    paragraph, gallery, second = draft.body

    response = as_user(reporter).post(change_url(draft), editor_post(draft, [paragraph, photos_block(
        {"slot": empty.pk, "photo": None, "caption": "Vẫn chờ ảnh", "credit": "", "alt": ""},
        block_id=gallery["id"]), second]))

    assert response.status_code == 302
    empty.refresh_from_db()
    assert (empty.photo, empty.caption) == (None, "Vẫn chờ ảnh")
    draft.refresh_from_db()
    assert draft.body[1]["value"] == {"slots": [empty.pk]}
