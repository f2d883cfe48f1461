"""Search reads the whole body (issue #14): headings weigh above paragraphs, and photo captions are found.

Run on SQLite and PostgreSQL (the trigger of migration 0013 weighs headings B and captions C).
"""

import datetime
import re

import pytest

from photos.models import ArticlePhoto
from tests.helpers.body import block
from tests.helpers.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def found(client, q) -> list[str]:
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    titles = re.findall(r'<h2 class="card__title"><a href="[^"]+">(.*?)</a></h2>', response.content.decode())
    return [re.sub(r"</?mark>", "", title) for title in titles]


def test_a_word_in_a_heading_ranks_above_the_same_word_in_a_paragraph(client):
    ArticleFactory(title="Bài có tiêu đề phụ", live=True, publish_at=datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC),
                   body=[block("heading", {"level": 2, "text": "Kết quả tuyển sinh"}),
                         block("paragraph", "Năm nay có nhiều thay đổi.")])
    ArticleFactory(title="Bài mới hơn", live=True, publish_at=datetime.datetime(2026, 11, 20, tzinfo=datetime.UTC),
                   body=[block("paragraph", "Sở công bố kết quả tuyển sinh lớp 10.")])
    assert found(client, "tuyen sinh") == ["Bài có tiêu đề phụ", "Bài mới hơn"]
    assert found(client, "tuyển sinh") == ["Bài có tiêu đề phụ", "Bài mới hơn"]


def test_a_photo_caption_is_found_and_follows_its_changes(client):
    article = ArticleFactory(title="Lễ hội đường phố", live=True, body=[block("paragraph", "Nhiều hoạt động.")])
    slot = ArticlePhoto.objects.create(article=article, caption="Đoàn diễu hành qua cầu Nhật Lệ", order=0)
    assert found(client, "nhat le") == ["Lễ hội đường phố"]
    slot.caption = "Đoàn diễu hành trên phố Quang Trung"
    slot.save()
    assert found(client, "nhat le") == []
    assert found(client, "quang trung") == ["Lễ hội đường phố"]
    slot.delete()
    assert found(client, "quang trung") == []
