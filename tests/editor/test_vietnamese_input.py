"""Typing Vietnamese in the body editor never loses or doubles a letter, both ways Vietnamese
keyboards type: composition (macOS Telex, IBus: Input.imeSetComposition then Input.insertText) and
Unikey/EVKey's backspace-and-replace (key events: the bare letter, Backspace, the accented letter).
A long paragraph goes into the middle of existing text, inside bold and inside a table cell; the
saved body is compared with what was meant."""

import pytest

from articles.models import Article
from tests.helpers import editor as ed
from tests.helpers.body import block
from tests.helpers.browser import requires_chromium
from tests.helpers.factories import ArticleFactory

pytestmark = [pytest.mark.browser, requires_chromium, pytest.mark.django_db(transaction=True)]

LONG = ("Người dân phường Đồng Phú được hướng dẫn thủ tục cấp giấy chứng nhận quyền sử dụng đất nhanh chóng, "
        "thuận tiện hơn trước; ông Nguyễn Văn Hưởng nói: “Tôi rất mừng vì không phải đi lại nhiều lần.” "
        "Ở xã Bảo Ninh, những ngư dân trẻ tuổi đã quen khai báo trực tuyến")
SHORT = "Quảng Bình ưu tiên đường ven biển"
CELL = "Đồng Hới: 3.450 hộ được hỗ trợ"


@pytest.fixture
def article(db, section):
    return ArticleFactory(title="Bài để gõ tiếng Việt", section=section, paragraphs=[], body=[
        block("paragraph", "Mở đầu. Kết đoạn."),
        block("paragraph", "Trước <strong>ĐẬM</strong> sau."),
        block("table", {"caption": "Số hộ", "header": True, "rows": [["Nơi", "Ghi chú"], ["Hải Đình", "cũ"]]}),
    ])


def _type_everywhere(browser, type_text):
    ed.put_cursor(browser, "p", "Kết đoạn.", 0)
    type_text(browser, LONG + " ")
    ed.put_cursor(browser, "strong", "ĐẬM", 2)
    type_text(browser, SHORT)
    ed.put_cursor(browser, "td", "cũ", 2)
    type_text(browser, " " + CELL)


MEANT = [
    ("paragraph", f"Mở đầu. {LONG} Kết đoạn."),
    ("paragraph", f"Trước <strong>ĐẬ{SHORT}M</strong> sau."),
    ("table", {"caption": "Số hộ", "header": True, "rows": [["Nơi", "Ghi chú"], ["Hải Đình", f"cũ {CELL}"]]}),
]


@pytest.mark.parametrize("way", ["composition", "unikey"])
def test_vietnamese_typed_in_the_middle_in_bold_and_in_a_cell_is_saved_as_meant(way, article, admin_server, superuser,
                                                                               browser):
    ed.open_form(browser, f"{admin_server}/admin/articles/article/{article.pk}/change/")
    _type_everywhere(browser, ed.ime_type if way == "composition" else ed.unikey_type)

    shown = [(b["type"], b["value"]) for b in ed.posted_body(browser)]
    assert shown == MEANT
    ed.save(browser)
    assert ed.errors(browser) == []
    article.refresh_from_db()
    assert [(b["type"], b["value"]) for b in article.body] == MEANT
    assert [b["id"] for b in article.body] == [b["id"] for b in Article.objects.get(pk=article.pk).body]
