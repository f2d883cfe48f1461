"""The editor's pickers: the photo library, related articles, attachments."""

from django.core.files.uploadedfile import SimpleUploadedFile

from articles.models import Attachment, Status
from tests.helpers.body import PDF
from tests.helpers.factories import ArticleFactory, ArticlePhotoFactory, PhotoFactory

LIBRARY = "/admin/photos/photo/editor/library/"
RELATED = "/admin/articles/article/editor/related/"
ATTACHMENT = "/admin/articles/article/editor/attachment/"


# --- Library ---------------------------------------------------------------------------------


def test_library_search_ignores_accents_and_case(as_user, editor):
    wanted = PhotoFactory(caption="Lễ ra quân ở phường Đồng Phú", alt_text="Đoàn viên xếp hàng")
    PhotoFactory(caption="Cầu Nhật Lệ", alt_text="Cây cầu")
    by_credit = PhotoFactory(caption="", alt_text="", credit="Ảnh: ĐỒNG PHÚ")

    response = as_user(editor).get(LIBRARY, {"q": "dong phu"})

    assert response.status_code == 200
    results = response.json()["results"]
    assert [item["id"] for item in results] == [by_credit.pk, wanted.pk]  # newest first
    assert results[1]["caption"] == "Lễ ra quân ở phường Đồng Phú"
    assert results[1]["thumb"].startswith("/xem-truoc/anh/")
    assert response.json()["more"] is False


def test_library_pages_hold_24_photos(as_user, editor):
    photos = [PhotoFactory(caption=f"Ảnh {n}") for n in range(25)]
    client = as_user(editor)

    first = client.get(LIBRARY, {"page": 1}).json()
    second = client.get(LIBRARY, {"page": 2}).json()

    assert len(first["results"]) == 24 and first["more"] is True
    assert [item["id"] for item in second["results"]] == [photos[0].pk]
    assert second["more"] is False


def test_a_reporter_never_sees_another_reporters_draft_only_photo(as_user, reporter, other_reporter):
    ArticlePhotoFactory(article=ArticleFactory(created_by=other_reporter), photo__caption="Đồng Phú bí mật",
                        photo__uploaded_by=other_reporter)
    mine = PhotoFactory(caption="Đồng Phú của tôi", uploaded_by=reporter)
    live = ArticlePhotoFactory(article=ArticleFactory(live=True, created_by=other_reporter),
                               photo__caption="Đồng Phú đã đăng").photo

    results = as_user(reporter).get(LIBRARY, {"q": "đồng phú"}).json()["results"]

    assert sorted(item["id"] for item in results) == sorted([mine.pk, live.pk])


def test_a_bad_page_number_is_a_vietnamese_400(as_user, editor):
    response = as_user(editor).get(LIBRARY, {"page": "hai"})
    assert response.status_code == 400
    assert response.json() == {"error": "Số trang phải là một số từ 1 đến 1000."}


# --- Related articles --------------------------------------------------------------------------


def test_related_search_folds_the_title_and_leaves_out_the_article_itself(as_user, editor):
    current = ArticleFactory(title="Đồng Phú ra quân")
    other = ArticleFactory(title="Phường Đồng Phú đón Tết", live=True)
    ArticleFactory(title="Cầu Nhật Lệ")
    ArticleFactory(title="Đồng Phú trong thùng rác", trashed=True)

    response = as_user(editor).get(RELATED, {"q": "dong phu", "exclude": current.pk})

    assert response.status_code == 200
    assert response.json() == {"results": [{"id": other.pk, "title": "Phường Đồng Phú đón Tết",
                                            "status": Status.PUBLISHED.label}]}


def test_related_search_shows_a_reporter_only_their_own_articles(as_user, reporter, other_reporter):
    mine = ArticleFactory(title="Đồng Phú của tôi", created_by=reporter)
    ArticleFactory(title="Đồng Phú của bạn", created_by=other_reporter)

    results = as_user(reporter).get(RELATED, {"q": "Đồng"}).json()["results"]

    assert results == [{"id": mine.pk, "title": "Đồng Phú của tôi", "status": Status.DRAFT.label}]


def test_related_search_gives_at_most_20(as_user, editor):
    for n in range(22):
        ArticleFactory(title=f"Tin Đồng Hới {n}")
    assert len(as_user(editor).get(RELATED, {"q": "dong hoi"}).json()["results"]) == 20


# --- Attachments -----------------------------------------------------------------------------


def pdf(name="Quyết định 12.pdf", data=PDF):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def test_a_document_is_attached_to_a_saved_article(as_user, reporter):
    article = ArticleFactory(created_by=reporter)

    response = as_user(reporter).post(ATTACHMENT, {"file": pdf(), "article": article.pk, "title": "Toàn văn"})

    assert response.status_code == 200
    attachment = Attachment.objects.get()
    assert response.json() == {"attachment": {"id": attachment.pk, "title": "Toàn văn",
                                              "file_name": "Quyết định 12.pdf", "size": len(PDF)}}
    assert (attachment.article, attachment.uploaded_by, attachment.content_type) == (
        article, reporter, "application/pdf")


def test_a_file_of_the_wrong_kind_is_refused(as_user, reporter):
    article = ArticleFactory(created_by=reporter)

    response = as_user(reporter).post(ATTACHMENT, {"file": pdf("bao-cao.pdf", b"just text"), "article": article.pk})

    assert response.status_code == 400
    assert response.json()["error"].startswith("Tệp “bao-cao.pdf”: Nội dung tệp “bao-cao.pdf” không phải là tệp PDF")
    assert not Attachment.objects.exists()


def test_another_reporters_article_is_refused(as_user, reporter, other_reporter):
    theirs = ArticleFactory(created_by=other_reporter)
    response = as_user(reporter).post(ATTACHMENT, {"file": pdf(), "article": theirs.pk})
    assert response.status_code == 404
    assert response.json() == {"error": "Không có bài viết này."}
    assert not Attachment.objects.exists()


def test_a_reporters_article_in_review_is_refused(as_user, reporter):
    article = ArticleFactory(created_by=reporter, in_review=True)
    response = as_user(reporter).post(ATTACHMENT, {"file": pdf(), "article": article.pk})
    assert response.status_code == 403
    assert not Attachment.objects.exists()


def test_an_article_not_saved_yet_is_asked_to_be_saved_first(as_user, reporter):
    response = as_user(reporter).post(ATTACHMENT, {"file": pdf(), "article": ""})
    assert response.status_code == 400
    assert response.json() == {"error": "Lưu bài một lần trước khi đính kèm tệp."}


def test_the_editor_posts_with_the_csrf_header_it_is_given(reporter):
    from django.test import Client

    from tests.helpers.photos import image_bytes, upload

    client = Client(enforce_csrf_checks=True)
    client.force_login(reporter)
    client.get("/admin/articles/article/add/")
    token = client.cookies["csrftoken"].value

    response = client.post("/admin/photos/photo/editor/upload/", {"file": upload(image_bytes())},
                           headers={"X-CSRFToken": token})

    assert response.status_code == 200
    assert response.json()["reused"] is False


def test_roleless_staff_see_no_library_and_no_articles(as_user, staff_without_role):
    client = as_user(staff_without_role)
    assert client.get(LIBRARY).status_code == 403
    assert client.get(RELATED).status_code == 403
    assert client.post(ATTACHMENT, {"file": pdf(), "article": ArticleFactory().pk}).status_code == 403


def library_queries(client) -> tuple[int, int]:
    """(photos on the first page, queries the request made)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(LIBRARY, {"q": "dong phu"})  # the session and the user's groups, read once
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIBRARY, {"q": "dong phu"})
    return len(response.json()["results"]), len(queries)


def test_a_library_page_costs_the_same_queries_for_3_photos_as_for_24(as_user, editor):
    from photos.renditions import ensure_renditions

    client = as_user(editor)
    for n in range(3):
        ensure_renditions(PhotoFactory(caption=f"Đồng Phú {n}"))  # as an upload does
    few = library_queries(client)
    for n in range(21):
        ensure_renditions(PhotoFactory(caption=f"Đồng Phú {n}"))
    many = library_queries(client)

    assert (few[0], many[0]) == (3, 24)
    assert few[1] == many[1]
