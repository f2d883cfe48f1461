"""The body contract: validation with Vietnamese messages naming the block, sanitising, nothing saved on error."""

import pytest
from django.core.exceptions import ValidationError

from articles.body import MAX_BLOCKS, MAX_INLINE_LENGTH, body_text, validate_body
from articles.models import Article
from tests.helpers.body import attach, block
from tests.helpers.factories import ArticleFactory, ArticlePhotoFactory


def refusal(blocks, article=None) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        validate_body(blocks, article=article)
    return caught.value.messages


OK = block("paragraph", "Đoạn một.")


@pytest.mark.parametrize("bad,message", [
    (block("heading", {"level": 4, "text": "Tiêu đề"}), "Khối 2 (tiêu đề): cấp tiêu đề phải là 2 hoặc 3."),
    (block("banner", {"text": "x"}), "Khối 2: loại khối “banner” không có (các loại: paragraph, heading, list, "
                                     "quote, table, photos, video, attachment, box, related)."),
    (block("heading", {"level": 2}), "Khối 2 (tiêu đề): thiếu trường text."),
    (block("quote", {"text": "Lời", "cite": "A", "style": "red"}), "Khối 2 (trích dẫn): trường lạ style."),
    (block("paragraph", '<a href="javascript:alert(1)">bấm</a>'),
     "Khối 2 (đoạn văn): Đoạn văn: liên kết “javascript:alert(1)” không được dùng (chỉ http, https, mailto, tel "
     "hoặc một trang của cổng)."),
    (block("paragraph", '<a href="java\tscript:alert(1)">bấm</a>'),
     "Khối 2 (đoạn văn): Đoạn văn: liên kết “java\tscript:alert(1)” không được dùng (chỉ http, https, mailto, "
     "tel hoặc một trang của cổng)."),
    (block("paragraph", '<a href="//evil.example/">bấm</a>'),
     "Khối 2 (đoạn văn): Đoạn văn: liên kết “//evil.example/” không được dùng (chỉ http, https, mailto, tel "
     "hoặc một trang của cổng)."),
    (block("paragraph", "<div>khối</div>"),
     "Khối 2 (đoạn văn): Đoạn văn: thẻ <div> không được dùng; thẻ </div> không được dùng."),
    (block("paragraph", '<strong onclick="x()">đậm</strong>'),
     "Khối 2 (đoạn văn): Đoạn văn: thuộc tính onclick của <strong> không được dùng."),
    (block("list", {"style": "bullet", "items": ["a", '<span style="color:red">b</span>']}),
     "Khối 2 (danh sách): Mục 2: thẻ <span> không được dùng; thẻ </span> không được dùng."),
    (block("table", {"rows": [["a", "b"], ["c"]]}),
     "Khối 2 (bảng): hàng 2 có 1 ô, hàng đầu có 2: mọi hàng phải có cùng số ô."),
    (block("video", {"url": "https://www.facebook.com/watch?v=1"}),
     "Khối 2 (video): địa chỉ video phải là một video YouTube hoặc Vimeo (ví dụ https://www.youtube.com/watch?v=…)."),
    (block("paragraph", "x" * (MAX_INLINE_LENGTH + 1)),
     f"Khối 2 (đoạn văn): Đoạn văn dài {MAX_INLINE_LENGTH + 1} ký tự, tối đa {MAX_INLINE_LENGTH}."),
    (block("heading", {"level": 2, "text": "t" * 301}), "Khối 2 (tiêu đề): Tiêu đề dài 301 ký tự, tối đa 300."),
    ({"id": "not-a-uuid", "type": "paragraph", "value": "x"}, "Khối 2 (đoạn văn): mã khối phải là một UUID."),
    ("văn bản", "Khối 2: mỗi khối phải là một đối tượng JSON {id, type, value}."),
])
def test_a_bad_block_is_refused_with_a_message_naming_it(bad, message):
    assert refusal([OK, bad]) == [message]


def test_every_bad_block_is_named_and_too_many_blocks_are_refused_at_once():
    assert refusal([block("heading", {"level": 1, "text": "a"}), OK, block("list", {"style": "x", "items": []})]) == [
        "Khối 1 (tiêu đề): cấp tiêu đề phải là 2 hoặc 3.",
        "Khối 3 (danh sách): kiểu danh sách phải là bullet hoặc number."]
    assert refusal([OK] * (MAX_BLOCKS + 1)) == [
        f"Mỗi bài tối đa {MAX_BLOCKS} khối; nội dung này có {MAX_BLOCKS + 1} khối."]
    assert refusal([OK, dict(OK)]) == [f"Khối 2 (đoạn văn): mã khối {OK['id']} trùng với một khối trước."]


def test_inline_html_is_sanitised_and_normalised_on_save(db):
    article = ArticleFactory(body=[
        {"type": "paragraph", "value": "  Đồng Ho\u031b\u0301i <strong>đậm</strong>&amp; <a href='tel:0232'>gọi</a><br>"},
        block("heading", {"level": 3, "text": "  Hai   dấu  cách \x07"})])
    article.refresh_from_db()
    assert article.body[0]["value"] == 'Đồng Hới <strong>đậm</strong>&amp; <a href="tel:0232">gọi</a><br>'
    assert len(article.body[0]["id"]) == 36  # a missing id is filled in
    assert article.body[1]["value"] == {"level": 3, "text": "Hai dấu cách"}
    assert article.body_plain == "Đồng Hới đậm& gọi\nHai dấu cách"


def test_nothing_is_saved_when_the_body_is_refused_whatever_the_path(db):
    article = ArticleFactory(title="Bài gốc")
    before = Article.objects.filter(pk=article.pk).values("title", "body", "version").get()
    article.title = "Tiêu đề mới"
    article.body = [block("heading", {"level": 4, "text": "Sai"})]
    with pytest.raises(ValidationError) as caught:
        article.save()  # the shell, the importer, a restore
    assert caught.value.messages == ["Khối 1 (tiêu đề): cấp tiêu đề phải là 2 hoặc 3."]
    assert Article.objects.filter(pk=article.pk).values("title", "body", "version").get() == before
    with pytest.raises(ValidationError) as caught:
        article.full_clean()  # forms
    assert caught.value.message_dict["body"] == ["Khối 1 (tiêu đề): cấp tiêu đề phải là 2 hoặc 3."]


def test_photo_slots_and_files_must_be_the_articles_own_and_related_articles_must_exist(db):
    article, other = ArticleFactory(), ArticleFactory()
    own = ArticlePhotoFactory(article=article, after_paragraph=False)
    foreign = ArticlePhotoFactory(article=other, after_paragraph=False)
    foreign_file = attach(other)
    messages = refusal([block("photos", {"slots": [own.pk, foreign.pk]}),
                        block("attachment", {"file": foreign_file.pk}),
                        block("related", {"article": article.pk}),
                        block("related", {"article": 999_999})], article=article)
    assert messages == [f"Khối 1 (ảnh): ảnh số {foreign.pk} không thuộc bài này.",
                        f"Khối 2 (tệp đính kèm): tệp số {foreign_file.pk} không thuộc bài này.",
                        "Khối 3 (bài liên quan): không liên kết một bài với chính nó.",
                        "Khối 4 (bài liên quan): không có bài số 999999."]
    assert validate_body([block("photos", {"slots": [own.pk]}), block("related", {"article": other.pk})],
                         article=article)[0]["value"] == {"slots": [own.pk]}


def test_a_new_article_cannot_name_slots_at_all():
    assert refusal([block("photos", {"slots": [1]})], article=Article()) == [
        "Khối 1 (ảnh): ảnh số 1 không thuộc bài này."]


def test_video_addresses_are_read_into_the_canonical_youtube_or_vimeo_address():
    cleaned = validate_body([block("video", {"url": url}) for url in [
        "https://youtu.be/dQw4w9WgXcQ?t=3", "https://m.youtube.com/watch?v=dQw4w9WgXcQ&list=x",
        "https://www.youtube.com/shorts/dQw4w9WgXcQ", "https://vimeo.com/76979871"]])
    assert [item["value"]["url"] for item in cleaned] == [
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ"] * 3 + ["https://vimeo.com/76979871"]


def test_body_text_reads_every_text_of_the_body_in_order(rich):
    assert body_text(rich.body).split("\n") == [
        "Mở đầu có chữ đậm và một liên kết cùng trang của cổng.", "Kết quả chính", "Mục thứ nhất", "Mục thứ hai",
        "Chi tiết theo phường", "Số hộ theo phường", "Phường", "Số hộ", "Hải Đình", "300", "Đồng Phú", "420",
        "Chúng tôi sẽ hoàn thành trước hạn.", "Ông Nguyễn Văn A", "Tóm tắt", "Ba phường hoàn thành chỉ tiêu.",
        "Phóng sự lễ ra quân", "Toàn văn quyết định", "Bước một", "Bước hai", "Đoạn kết của bài."]
    assert rich.body_plain == body_text(rich.body)
