"""Fixtures: an article whose body has every block type, built the way the admin and the shell build one."""

import pytest

from photos import renditions
from tests.helpers.body import attach, block
from tests.helpers.factories import ArticleFactory, ArticlePhotoFactory
from tests.helpers.public import make_live


@pytest.fixture
def target(db):
    """A live article that a related block points at."""
    return ArticleFactory(title="Bài được nhắc tới: Đồng Hới mở đường mới", live=True)


@pytest.fixture
def rich(db, target, section):
    """A live article with one block of every type (two photos in one gallery, one alone)."""
    article = ArticleFactory(title="Đồng Hới công bố số liệu năm 2025", lead="Sapo của bài đầy đủ.",
                             section=section, tags=["Đồng Hới"], paragraphs=[])
    slots = [ArticlePhotoFactory(article=article, after_paragraph=False, caption=f"Ảnh số {n}",
                                 photo__alt_text=f"Mô tả ảnh {n}") for n in range(3)]
    for slot in slots:  # as an upload in the admin does (photos/admin.py)
        renditions.ensure_renditions(slot.photo)
        renditions.ensure_og(slot.photo)
    file = attach(article)
    article.body = [
        block("paragraph", 'Mở đầu có <strong>chữ đậm</strong> và <a href="https://moj.gov.vn/qd">một liên kết</a>'
                           ' cùng <a href="/chuyen-muc/thoi-su/">trang của cổng</a>.'),
        block("heading", {"level": 2, "text": "Kết quả chính"}),
        block("list", {"style": "bullet", "items": ["Mục thứ nhất", "Mục <em>thứ hai</em>"]}),
        block("photos", {"slots": [slots[0].pk, slots[1].pk]}),
        block("heading", {"level": 3, "text": "Chi tiết theo phường"}),
        block("table", {"caption": "Số hộ theo phường", "header": True,
                        "rows": [["Phường", "Số hộ"], ["Hải Đình", "300"], ["Đồng Phú", "420"]]}),
        block("quote", {"text": "Chúng tôi sẽ hoàn thành trước hạn.", "cite": "Ông Nguyễn Văn A"}),
        block("box", {"title": "Tóm tắt", "text": "Ba phường hoàn thành chỉ tiêu."}),
        block("video", {"url": "https://youtu.be/dQw4w9WgXcQ", "caption": "Phóng sự lễ ra quân"}),
        block("attachment", {"file": file.pk, "title": "Toàn văn quyết định"}),
        block("related", {"article": target.pk}),
        block("list", {"style": "number", "items": ["Bước một", "Bước hai"]}),
        block("photos", {"slots": [slots[2].pk]}),
        block("paragraph", "Đoạn kết của bài."),
    ]
    article.save()
    return make_live(article)
