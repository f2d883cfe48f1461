"""Drafting in the admin: every model's pages answer, and a reporter's form saves what they typed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article, Section, Tag
from authors.models import Author
from photos.models import ArticlePhoto, Photo
from tests.helpers.factories import (ArticleFactory, ArticlePhotoFactory, AuthorFactory, PhotoFactory, SectionFactory,
                                     TagFactory)
from tests.helpers.photos import make_image_bytes


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.mark.parametrize("model, factory, name", [
    (Article, ArticleFactory, "bài viết"), (Section, SectionFactory, "chuyên mục"), (Author, AuthorFactory, "tác giả"),
    (Photo, PhotoFactory, "ảnh"), (Tag, TagFactory, "thẻ"),
], ids=["article", "section", "author", "photo", "tag"])
def test_admin_list_add_and_change_pages_answer(admin_client, model, factory, name):
    opts = model._meta
    obj = factory()

    changelist = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assert changelist.status_code == 200
    assert f"<h1>Chọn {name} để thay đổi</h1>" in changelist.content.decode()
    assert list(changelist.context["cl"].result_list) == [obj]

    add = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    assert add.status_code == 200
    assert f"<h1>Thêm {name}</h1>" in add.content.decode()

    change = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
    assert change.status_code == 200
    assert f"<title>{obj} | Thay đổi {name} | Newsroom</title>" in change.content.decode()
    assert change.context["original"] == obj


def test_article_change_page_shows_text_slots_and_vietnamese_interface(admin_client):
    slot = ArticlePhotoFactory(caption="Các đại biểu tham dự hội nghị")
    response = admin_client.get(reverse("admin:articles_article_change", args=[slot.article.pk]))
    html = response.content.decode()
    # The body field holds the blocks as JSON (the editor of issue #15 builds on it).
    assert 'data-editor="body"' in html
    assert "&quot;value&quot;: &quot;Đoạn thứ nhất.&quot;" in html and "&quot;type&quot;: &quot;photos&quot;" in html
    assert "Các đại biểu tham dự hội nghị" in html
    assert "Newsroom – Quản trị tòa soạn" in html
    assert "Lưu và tiếp tục chỉnh sửa" in html
    assert 'lang="vi"' in html


def test_article_list_search_filters_and_date_hierarchy(admin_client):
    ArticleFactory(title="Đồng Hới khánh thành cầu")
    ArticleFactory(title="Huế mùa lễ hội")
    url = reverse("admin:articles_article_changelist")
    for query in ["dong hoi", "Đồng Hới", "ĐỒNG HỚI"]:
        response = admin_client.get(url, {"q": query})
        assert [a.title for a in response.context["cl"].result_list] == ["Đồng Hới khánh thành cầu"], query
    response = admin_client.get(url, {"status__exact": "published"})
    assert list(response.context["cl"].result_list) == []
    response = admin_client.get(url, {"status__exact": "draft"})
    assert len(response.context["cl"].result_list) == 2
    assert '<nav class="toplinks">' in response.content.decode()  # the date hierarchy bar


def _article_form_data(**overrides):
    section = Section.objects.first() or SectionFactory()
    author = Author.objects.first() or AuthorFactory(name="Lê Minh")
    data = {
        "title": "Đồng Hới: Khánh thành cầu Nhật Lệ 3",
        "slug": "",
        "lead": "Sáng nay, thành phố khánh thành cầu mới.",
        "body": "Đoạn một của bài.\r\n\r\nĐoạn hai\r\ncủa bài.",
        "section": section.pk,
        "tags": "Đồng Hới, Giao thông",
        "source_published_on": "",
        "author_links-TOTAL_FORMS": "1", "author_links-INITIAL_FORMS": "0",
        "author_links-MIN_NUM_FORMS": "0", "author_links-MAX_NUM_FORMS": "1000",
        "author_links-0-author": author.pk, "author_links-0-order": "0",
        "photo_slots-TOTAL_FORMS": "1", "photo_slots-INITIAL_FORMS": "0",
        "photo_slots-MIN_NUM_FORMS": "0", "photo_slots-MAX_NUM_FORMS": "1000",
        "photo_slots-0-upload": SimpleUploadedFile("cau.jpg", make_image_bytes(), content_type="image/jpeg"),
        "photo_slots-0-alt_text": "Cầu Nhật Lệ 3 nhìn từ trên cao",
        "photo_slots-0-caption": "Cầu Nhật Lệ 3 ngày khánh thành",
        "photo_slots-0-credit": "Ngọc Minh",
        "photo_slots-0-order": "0",
        "attachments-TOTAL_FORMS": "0", "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0", "attachments-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def test_adding_an_article_through_the_admin_saves_everything(admin_client, superuser):
    response = admin_client.post(reverse("admin:articles_article_add"), _article_form_data())
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    article = Article.objects.get()
    assert article.slug == "dong-hoi-khanh-thanh-cau-nhat-le-3"
    # Plain text typed into the body field became paragraph blocks; the new photo went at the end.
    assert [(block["type"], block["value"]) for block in article.body] == [
        ("paragraph", "Đoạn một của bài."), ("paragraph", "Đoạn hai của bài."),
        ("photos", {"slots": [ArticlePhoto.objects.get().pk]})]
    assert article.status == "draft"
    assert article.created_by == superuser
    assert sorted(article.tags.names()) == ["Giao thông", "Đồng Hới"]
    assert [a.name for a in article.byline()] == ["Lê Minh"]
    slot = ArticlePhoto.objects.get()
    assert (slot.caption, slot.credit) == ("Cầu Nhật Lệ 3 ngày khánh thành", "Ngọc Minh")
    assert slot.photo.alt_text == "Cầu Nhật Lệ 3 nhìn từ trên cao"
    assert (slot.photo.width, slot.photo.height) == (640, 480)


def test_a_status_posted_to_the_admin_form_is_ignored(admin_client):
    response = admin_client.post(reverse("admin:articles_article_add"),
                                 _article_form_data(status="published", **{"photo_slots-TOTAL_FORMS": "0"}))
    assert response.status_code == 302
    assert Article.objects.get().status == "draft"


def test_str_is_readable_everywhere(db):
    slot = ArticlePhotoFactory(caption="Chú thích ảnh")
    assert str(slot) == "Chú thích ảnh"
    assert str(slot.photo) == "Các đại biểu tham dự hội nghị"
    assert str(slot.article) == slot.article.title
    assert str(slot.article.author_links.first()) == slot.article.byline()[0].name
    child = Section.objects.create(name="Đô thị", parent=slot.article.section)
    assert str(child) == f"{slot.article.section.name} › Đô thị"
    assert str(ArticlePhoto(caption="")) == "(chưa có ảnh)"
