"""Who may change and see which library photo (photos/permissions.py), through the admin as users use it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles import workflow
from articles.models import Revision
from photos import permissions
from photos.models import ArticlePhoto, Photo
from tests.helpers.admin import change_form_data
from tests.helpers.factories import ArticleFactory, ArticlePhotoFactory, PhotoFactory
from tests.helpers.photos import image_bytes

pytestmark = pytest.mark.django_db

READ_ONLY_ERROR = ("Bạn không thể sửa mô tả ảnh (alt) của ảnh này: ảnh đang dùng trong bài của người khác "
                   "hoặc bài đã đăng, chỉ biên tập viên sửa được. Chú thích và nguồn ảnh của ô này vẫn sửa được.")


def photo_in(*articles, uploaded_by=None, alt_text="Cầu Nhật Lệ", credit="Ngọc Minh"):
    photo = PhotoFactory(alt_text=alt_text, credit=credit, uploaded_by=uploaded_by)
    for article in articles:
        ArticlePhotoFactory(article=article, photo=photo, caption=f"Ảnh trong {article.title}")
    return photo


def stored(photo) -> tuple:
    photo = Photo.objects.get(pk=photo.pk)
    return photo.image.name, photo.alt_text, photo.credit, photo.caption, photo.focal_x, photo.focal_y


def photo_form_data(photo, **overrides) -> dict:
    data = {"alt_text": photo.alt_text, "caption": photo.caption, "credit": photo.credit,
            "focal_x": str(photo.focal_x), "focal_y": str(photo.focal_y)}
    data.update(overrides)
    return data


@pytest.fixture
def own_draft(reporter):
    return ArticleFactory(created_by=reporter, byline=[], title="Bản nháp của tôi")


@pytest.fixture
def others_draft(other_reporter):
    return ArticleFactory(created_by=other_reporter, byline=[], title="Bản nháp bí mật của người khác")


@pytest.fixture
def live_article(other_reporter, editor):
    article = ArticleFactory(created_by=other_reporter, title="Bài đã đăng về cầu Nhật Lệ")
    workflow.publish(article, editor)
    return article


# --- The rule ----------------------------------------------------------------------


def test_a_reporter_may_change_a_photo_only_their_own_drafts_use(reporter, own_draft, others_draft, live_article):
    second_draft = ArticleFactory(created_by=reporter, byline=[])
    assert permissions.can_change_photo(reporter, photo_in(own_draft, second_draft))
    assert not permissions.can_change_photo(reporter, photo_in(own_draft, others_draft))
    assert not permissions.can_change_photo(reporter, photo_in(own_draft, live_article))
    assert not permissions.can_change_photo(reporter, photo_in(live_article))


def test_a_reporters_article_out_of_draft_makes_its_photo_read_only(reporter, own_draft, editor):
    photo = photo_in(own_draft)
    workflow.submit(own_draft, reporter)
    assert not permissions.can_change_photo(reporter, photo)


def test_an_unused_photo_is_changed_by_its_uploader_only(reporter, other_reporter, editor):
    mine, theirs, editors = (PhotoFactory(uploaded_by=reporter), PhotoFactory(uploaded_by=other_reporter),
                             PhotoFactory(uploaded_by=editor))
    assert permissions.can_change_photo(reporter, mine)
    assert not permissions.can_change_photo(reporter, theirs)
    assert not permissions.can_change_photo(reporter, editors)
    assert not permissions.can_change_photo(reporter, PhotoFactory())  # uploader unknown


def test_editors_change_every_photo_staff_without_a_role_none(editor, chief_editor, superuser, staff_without_role,
                                                              live_article):
    photo = photo_in(live_article)
    assert [permissions.can_change_photo(user, photo) for user in (editor, chief_editor, superuser)] == [True] * 3
    assert not permissions.can_change_photo(staff_without_role, photo)


# --- The library's change form ----------------------------------------------------------


def test_reporters_crafted_post_to_a_published_photo_is_refused(client, reporter, live_article):
    photo = photo_in(live_article)
    before = stored(photo)
    client.force_login(reporter)

    response = client.post(reverse("admin:photos_photo_change", args=[photo.pk]), photo_form_data(
        photo, alt_text="Ảnh đã bị thay", credit="Kẻ phá", focal_x="0.1", focal_y="0.9",
        image=SimpleUploadedFile("thay.jpg", image_bytes("JPEG", size=(640, 480), color=(0, 255, 0)))))

    assert response.status_code == 403
    assert stored(photo) == before
    assert not Revision.objects.filter(article=live_article, reason__contains="thư viện").exists()


def test_reporter_sees_a_shared_photo_read_only(client, reporter, own_draft, live_article):
    photo = photo_in(own_draft, live_article)
    client.force_login(reporter)

    response = client.get(reverse("admin:photos_photo_change", args=[photo.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="alt_text"' not in html and 'name="_save"' not in html
    assert "Cầu Nhật Lệ" in html


def test_reporter_changes_a_photo_only_their_draft_uses(client, reporter, own_draft):
    photo = photo_in(own_draft)
    client.force_login(reporter)

    response = client.post(reverse("admin:photos_photo_change", args=[photo.pk]),
                           photo_form_data(photo, alt_text="Cầu Nhật Lệ lúc hoàng hôn"))

    assert response.status_code == 302
    assert Photo.objects.get(pk=photo.pk).alt_text == "Cầu Nhật Lệ lúc hoàng hôn"


def test_an_editors_change_of_a_live_photo_is_in_the_articles_history(client, editor, live_article, own_draft):
    photo = photo_in(live_article, own_draft)
    revisions_before = live_article.revisions.count()
    client.force_login(editor)

    response = client.post(reverse("admin:photos_photo_change", args=[photo.pk]), photo_form_data(
        photo, credit="Ảnh: Lê Minh", focal_x="0.2",
        image=SimpleUploadedFile("moi.jpg", image_bytes("JPEG", size=(640, 480), color=(0, 255, 0)))))

    assert response.status_code == 302
    photo.refresh_from_db()
    assert (photo.credit, photo.focal_x) == ("Ảnh: Lê Minh", 0.2)
    assert live_article.revisions.count() == revisions_before + 1
    revision = live_article.revisions.order_by("-number").first()
    assert revision.user == editor
    assert revision.reason == ("Ảnh dùng chung “Cầu Nhật Lệ” được sửa trong thư viện: "
                               "tệp ảnh, nguồn ảnh, tiêu điểm.")
    assert not own_draft.revisions.filter(reason__contains="thư viện").exists()  # a draft: not live
    history = client.get(reverse("admin:articles_article_revisions", args=[live_article.pk])).content.decode()
    assert "Ảnh dùng chung “Cầu Nhật Lệ” được sửa trong thư viện" in history


# --- A photo slot of the reporter's own draft -----------------------------------------------


def test_reporters_slot_cannot_change_the_alt_text_of_a_published_photo(client, reporter, own_draft, live_article):
    photo = photo_in(live_article, own_draft)
    before = stored(photo)
    client.force_login(reporter)
    data = change_form_data(own_draft, **{"photo_slots-0-alt_text": "Ảnh đã bị thay",
                                          "photo_slots-0-caption": "Chú thích của tôi"})

    response = client.post(reverse("admin:articles_article_change", args=[own_draft.pk]), data)

    assert response.status_code == 200
    formset = next(f for f in response.context["inline_admin_formsets"] if f.formset.prefix == "photo_slots")
    assert formset.formset.forms[0].errors["alt_text"] == [READ_ONLY_ERROR]
    assert stored(photo) == before
    assert ArticlePhoto.objects.get(article=own_draft).caption == f"Ảnh trong {own_draft.title}"


def test_reporters_slot_keeps_its_own_caption_and_credit_on_a_shared_photo(client, reporter, own_draft, live_article):
    photo = photo_in(live_article, own_draft)
    before = stored(photo)
    client.force_login(reporter)
    data = change_form_data(own_draft, **{"photo_slots-0-caption": "Chú thích của tôi",
                                          "photo_slots-0-credit": "Ảnh: tôi"})

    response = client.post(reverse("admin:articles_article_change", args=[own_draft.pk]), data)

    assert response.status_code == 302
    slot = ArticlePhoto.objects.get(article=own_draft)
    assert (slot.caption, slot.credit) == ("Chú thích của tôi", "Ảnh: tôi")
    assert stored(photo) == before


def test_reporter_cannot_put_another_reporters_draft_photo_in_their_slot(client, reporter, own_draft, others_draft):
    secret = photo_in(others_draft)
    client.force_login(reporter)
    data = change_form_data(own_draft, **{
        "photo_slots-TOTAL_FORMS": 1, "photo_slots-0-id": "", "photo_slots-0-article": own_draft.pk,
        "photo_slots-0-photo": secret.pk, "photo_slots-0-alt_text": "", "photo_slots-0-caption": "",
        "photo_slots-0-credit": "", "photo_slots-0-after_paragraph": 0, "photo_slots-0-order": 0})

    response = client.post(reverse("admin:articles_article_change", args=[own_draft.pk]), data)

    assert response.status_code == 200
    formset = next(f for f in response.context["inline_admin_formsets"] if f.formset.prefix == "photo_slots")
    assert formset.formset.forms[0].errors["photo"] == [
        "Không có ảnh này trong thư viện ảnh bạn được dùng: hãy chọn ảnh khác hoặc tải ảnh mới."]
    assert not ArticlePhoto.objects.filter(article=own_draft).exists()


def test_reporter_may_still_use_a_published_photo_in_their_draft(client, reporter, own_draft, live_article):
    photo = photo_in(live_article)
    client.force_login(reporter)
    data = change_form_data(own_draft, **{
        "photo_slots-TOTAL_FORMS": 1, "photo_slots-0-id": "", "photo_slots-0-article": own_draft.pk,
        "photo_slots-0-photo": photo.pk, "photo_slots-0-alt_text": "", "photo_slots-0-caption": "Cầu",
        "photo_slots-0-credit": "", "photo_slots-0-after_paragraph": 0, "photo_slots-0-order": 0})

    response = client.post(reverse("admin:articles_article_change", args=[own_draft.pk]), data)

    assert response.status_code == 302
    assert ArticlePhoto.objects.get(article=own_draft).photo == photo
    assert Photo.objects.get(pk=photo.pk).alt_text == "Cầu Nhật Lệ"


def test_an_editors_slot_change_of_a_live_photos_alt_is_in_the_other_articles_history(client, editor, own_draft,
                                                                                   live_article):
    photo = photo_in(own_draft, live_article)
    client.force_login(editor)
    data = change_form_data(own_draft, **{"photo_slots-0-alt_text": "Cầu Nhật Lệ nhìn từ trên cao"})

    response = client.post(reverse("admin:articles_article_change", args=[own_draft.pk]), data)

    assert response.status_code == 302
    assert Photo.objects.get(pk=photo.pk).alt_text == "Cầu Nhật Lệ nhìn từ trên cao"
    revision = live_article.revisions.order_by("-number").first()
    assert revision.user == editor and "mô tả ảnh (alt)" in revision.reason
    assert revision.data["photo_slots"][0]["alt_text"] == "Cầu Nhật Lệ nhìn từ trên cao"


def test_a_slot_upload_records_its_uploader(client, reporter, own_draft):
    client.force_login(reporter)
    data = change_form_data(own_draft, **{
        "photo_slots-TOTAL_FORMS": 1, "photo_slots-0-id": "", "photo_slots-0-article": own_draft.pk,
        "photo_slots-0-photo": "", "photo_slots-0-alt_text": "Cầu", "photo_slots-0-caption": "",
        "photo_slots-0-credit": "", "photo_slots-0-after_paragraph": 0, "photo_slots-0-order": 0,
        "photo_slots-0-upload": SimpleUploadedFile("a.jpg", image_bytes("JPEG"), content_type="image/jpeg")})

    assert client.post(reverse("admin:articles_article_change", args=[own_draft.pk]), data).status_code == 302
    assert Photo.objects.get().uploaded_by == reporter


# --- What the library shows (item 10) ------------------------------------------------------


def test_the_library_shows_a_reporter_only_photos_they_may_see(client, reporter, editor, own_draft, others_draft,
                                                              live_article):
    mine = photo_in(own_draft, alt_text="Ảnh bài của tôi")
    uploaded = PhotoFactory(uploaded_by=reporter, alt_text="Ảnh tôi tải lên")
    public = photo_in(live_article, alt_text="Ảnh bài đã đăng")
    stock = PhotoFactory(uploaded_by=editor, alt_text="Ảnh kho của ban biên tập")
    photo_in(others_draft, alt_text="Ảnh bài nháp bí mật")
    trashed = ArticleFactory(created_by=other_reporter_of(others_draft), byline=[])
    photo_in(trashed, alt_text="Ảnh bài trong thùng rác")
    workflow.trash(trashed, editor)
    PhotoFactory(uploaded_by=others_draft.created_by, alt_text="Ảnh người khác tải lên")
    client.force_login(reporter)

    response = client.get(reverse("admin:photos_photo_changelist"))

    assert {photo.pk for photo in response.context["cl"].result_list} == {mine.pk, uploaded.pk, public.pk, stock.pk}
    html = response.content.decode()
    for secret in ("Ảnh bài nháp bí mật", "Ảnh bài trong thùng rác", "Ảnh người khác tải lên"):
        assert secret not in html


def other_reporter_of(article):
    return article.created_by


def test_the_library_hides_nothing_from_an_editor(client, editor, others_draft):
    photo_in(others_draft, alt_text="Ảnh bài nháp")
    client.force_login(editor)
    response = client.get(reverse("admin:photos_photo_changelist"))
    assert len(response.context["cl"].result_list) == 1


def test_the_library_picker_offers_a_reporter_only_photos_they_may_see(client, reporter, own_draft, others_draft):
    photo_in(others_draft, alt_text="Cầu bí mật")
    mine = photo_in(own_draft, alt_text="Cầu của tôi")
    client.force_login(reporter)

    response = client.get(reverse("admin:autocomplete"), {"app_label": "photos", "model_name": "articlephoto",
                                                          "field_name": "photo", "term": "Cầu"})

    assert response.status_code == 200
    assert [item["id"] for item in response.json()["results"]] == [str(mine.pk)]


def test_another_reporters_draft_photo_is_not_opened_for_a_reporter(client, reporter, others_draft):
    secret = photo_in(others_draft, alt_text="Cầu bí mật")
    client.force_login(reporter)
    response = client.get(reverse("admin:photos_photo_change", args=[secret.pk]), follow=True)
    assert "Cầu bí mật" not in response.content.decode()


def test_a_reporters_search_does_not_match_other_reporters_slot_captions(client, reporter, others_draft,
                                                                         live_article):
    public = photo_in(live_article, alt_text="Ảnh đã đăng")
    ArticlePhotoFactory(article=others_draft, photo=public, caption="Vụ án chưa công bố")
    client.force_login(reporter)
    response = client.get(reverse("admin:photos_photo_changelist"), {"q": "chưa công bố"})
    assert list(response.context["cl"].result_list) == []


def test_used_in_names_only_the_articles_a_reporter_may_see(client, reporter, own_draft, others_draft, live_article):
    photo = photo_in(own_draft, others_draft, live_article)
    client.force_login(reporter)

    html = client.get(reverse("admin:photos_photo_change", args=[photo.pk])).content.decode()

    assert own_draft.title in html and live_article.title in html
    assert others_draft.title not in html
    assert "và 1 bài khác" in html
