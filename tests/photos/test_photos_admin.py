"""The media library in the admin: thumbnails, search, 'used in', reuse, focal point, delete protection."""

import re

import pytest
from django.contrib.messages import get_messages
from django.core.files.storage import default_storage
from django.urls import reverse

from articles import workflow
from photos import renditions
from photos.models import Photo, Rendition
from tests.helpers.factories import ArticlePhotoFactory, PhotoFactory

CHANGELIST = "/admin/photos/photo/"


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.mark.django_db
def test_changelist_shows_a_thumbnail_and_how_many_articles_use_each_photo(admin_client):
    photo = PhotoFactory(alt_text="Chợ Đồng Hới")
    ArticlePhotoFactory(photo=photo)
    ArticlePhotoFactory(photo=photo)

    response = admin_client.get(CHANGELIST)

    thumbnail = photo.renditions.get(format="jpeg", width=480)
    html = response.content.decode()
    # The admin shows even a draft's photo through a signed, expiring address (issue #13, item 7).
    src = re.search(r'<img src="([^"]+)" alt="" class="photo-thumb" loading="lazy">', html).group(1)
    assert src.startswith("/xem-truoc/anh/")
    assert renditions.read_signed_token(src.split("/")[-2])[0] == thumbnail.pk
    row = response.context["cl"].result_list[0]
    assert row.article_count == 2


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["hoàng hôn", "Hải Đăng", "thuyền thúng"])
def test_search_finds_photos_by_caption_credit_and_alt_text(admin_client, query):
    wanted = PhotoFactory(caption="Hoàng hôn trên sông Nhật Lệ", credit="Ảnh: Hải Đăng",
                          alt_text="Thuyền thúng trên sông")
    PhotoFactory(caption="Cầu Dài", credit="Ảnh: Ngọc Minh", alt_text="Cây cầu")

    response = admin_client.get(CHANGELIST, {"q": query})

    assert list(response.context["cl"].result_list) == [wanted]


@pytest.mark.django_db
def test_change_page_lists_the_articles_that_use_the_photo(admin_client):
    photo = PhotoFactory()
    first = ArticlePhotoFactory(photo=photo, article__title="Khai mạc lễ hội hang động").article
    second = ArticlePhotoFactory(photo=photo, article__title="Đua thuyền truyền thống").article

    html = admin_client.get(reverse("admin:photos_photo_change", args=[photo.pk])).content.decode()

    for article in (first, second):
        assert (f"<a href='{reverse('admin:articles_article_change', args=[article.pk])}'>{article.title}</a>"
                in html)
    assert 'class="focal-picker"' in html and "photos/focal-point.js" in html


@pytest.mark.django_db
def test_one_photo_is_reused_with_a_different_caption_in_each_article(client, editor):
    photo = PhotoFactory()
    first = ArticlePhotoFactory(photo=photo, caption="Toàn cảnh hội nghị sáng nay").article
    second = ArticlePhotoFactory(photo=photo, caption="Hội nghị tuần trước (ảnh tư liệu)").article
    for article in (first, second):
        workflow.publish(article, editor)

    first_html = client.get(first.get_absolute_url()).content.decode()
    second_html = client.get(second.get_absolute_url()).content.decode()

    assert "Toàn cảnh hội nghị sáng nay" in first_html and "ảnh tư liệu" not in first_html
    assert "Hội nghị tuần trước (ảnh tư liệu)" in second_html and "sáng nay" not in second_html
    assert Photo.objects.count() == 1
    assert Rendition.objects.filter(photo=photo, kind=Rendition.Kind.WIDTH).count() == 4  # made once, shared


@pytest.mark.django_db
def test_an_editor_sets_the_focal_point_and_out_of_range_values_are_refused(admin_client):
    photo = PhotoFactory()
    url = reverse("admin:photos_photo_change", args=[photo.pk])
    fields = {"alt_text": photo.alt_text, "caption": "", "credit": photo.credit}

    response = admin_client.post(url, {**fields, "focal_x": "0.25", "focal_y": "0.8"})
    assert response.status_code == 302
    photo.refresh_from_db()
    assert (photo.focal_x, photo.focal_y) == (0.25, 0.8)

    response = admin_client.post(url, {**fields, "focal_x": "1.5", "focal_y": "0.8"})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["focal_x"] == [
        "Tiêu điểm là một số từ 0 đến 1 (0,5 là giữa ảnh)."]
    photo.refresh_from_db()
    assert photo.focal_x == 0.25


@pytest.mark.django_db
def test_a_photo_in_use_cannot_be_deleted_and_the_message_names_the_articles(admin_client):
    photo = PhotoFactory(alt_text="Hội nghị")
    ArticlePhotoFactory(photo=photo, article__title="Khai mạc lễ hội hang động")
    ArticlePhotoFactory(photo=photo, article__title="Đua thuyền truyền thống")
    url = reverse("admin:photos_photo_delete", args=[photo.pk])

    for response in (admin_client.get(url, follow=True), admin_client.post(url, {"post": "yes"}, follow=True)):
        assert response.redirect_chain == [(reverse("admin:photos_photo_change", args=[photo.pk]), 302)]
        assert [str(message) for message in response.context["messages"]] == [
            "Không thể xóa ảnh đang được dùng trong bài viết: “Hội nghị” («Đua thuyền truyền thống», "
            "«Khai mạc lễ hội hang động»). Hãy gỡ ảnh khỏi các bài đó trước."]
    assert Photo.objects.filter(pk=photo.pk).exists()


@pytest.mark.django_db
def test_bulk_delete_refuses_when_any_selected_photo_is_in_use(admin_client):
    used = PhotoFactory(alt_text="Ảnh đang dùng")
    ArticlePhotoFactory(photo=used, article__title="Bài có ảnh")
    unused = PhotoFactory(alt_text="Ảnh chưa dùng")

    response = admin_client.post(CHANGELIST, {"action": "delete_selected", "_selected_action": [used.pk, unused.pk],
                                              "post": "yes"})

    assert response.status_code == 302
    assert messages_of(response) == [
        "Không thể xóa ảnh đang được dùng trong bài viết: “Ảnh đang dùng” («Bài có ảnh»). "
        "Hãy gỡ ảnh khỏi các bài đó trước."]
    assert Photo.objects.count() == 2


@pytest.mark.django_db
def test_an_unused_photo_is_deleted_with_its_files(admin_client):
    photo = PhotoFactory()
    made = [r.file.name for r in __import__("photos.renditions").renditions.ensure_renditions(photo)]
    original = photo.image.name

    response = admin_client.post(CHANGELIST, {"action": "delete_selected", "_selected_action": [photo.pk],
                                              "post": "yes"})

    assert response.status_code == 302
    assert not Photo.objects.exists() and not Rendition.objects.exists()
    assert not any(default_storage.exists(name) for name in made)
    assert not photo.image.storage.exists(original)


@pytest.mark.django_db
def test_add_page_offers_an_image_upload_limited_to_the_accepted_types(admin_client):
    html = admin_client.get("/admin/photos/photo/add/").content.decode()

    assert 'accept="image/jpeg,image/png,image/webp,image/gif"' in html
    assert "Lưu ảnh để xem trước và chọn tiêu điểm." in html
