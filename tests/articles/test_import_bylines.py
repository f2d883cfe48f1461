"""The legacy importer's last line: a byline only when it names someone, never a sentence (issue #18).

The importer feeds the award suggestions (texts_of_parsed): a last paragraph
taken for a byline was lost to them.
"""

import json

import pytest
from django.core.management import call_command

from articles.importer import parse_export

TEXT = "Tiêu đề bài\n\n12\n\nSapo của bài.\n\nĐoạn đầu của bài viết.\n\n{last}\n"


def parse(last: str):
    return parse_export(TEXT.format(last=last).encode("utf-8"), "x")


@pytest.mark.parametrize("last", ["Đoạn một.", "Hết.", "Xin cảm ơn!", "Trân trọng.", "Còn tiếp…",
                                  "Ngô Quang Văn.", "Ai sẽ thắng?"])
def test_a_short_last_sentence_is_the_last_paragraph(last):
    parsed = parse(last)
    assert parsed.byline is None
    assert parsed.paragraphs == ["Đoạn đầu của bài viết.", last]


@pytest.mark.parametrize("last", ["mời bạn đọc theo dõi", "Năm 2019 có 3 vụ", "Tin, ảnh: còn tiếp trong số sau."])
def test_a_short_line_that_names_nobody_is_no_byline(last):
    """Without a full stop it stays what it was before the byline rule: a caption line."""
    parsed = parse(last)
    assert parsed.byline is None
    assert [photo.caption for photo in parsed.photos] != []


@pytest.mark.parametrize("last, byline", [
    ("Ngô Quang Văn", "Ngô Quang Văn"),
    ("NGÔ QUANG VĂN", "Ngô Quang Văn"),
    ("N.L", "N.L"),
    ("N.L.", "N.L."),
    ("P.V.T", "P.V.T"),
    ("– CABT –", "CABT"),
    ("- Công an thành phố -", "Công an thành phố"),
    ("Tin, ảnh: Lê Minh", "Lê Minh"),
    ("Bài và ảnh: Trần Thị Hoa", "Trần Thị Hoa"),
    ("Thu Hà - Thanh Tâm", "Thu Hà - Thanh Tâm"),
    ("TTXVN", "TTXVN"),
])
def test_a_name_initials_a_unit_or_a_credit_is_the_byline(last, byline):
    parsed = parse(last)
    assert parsed.byline == byline
    assert parsed.paragraphs == ["Đoạn đầu của bài viết."]


def test_the_dry_run_json_contract_is_unchanged(db, tmp_path, capsys):
    path = tmp_path / "bai_mot.txt"
    path.write_text(TEXT.format(last="Đoạn một."), encoding="utf-8")
    named = tmp_path / "bai_hai.txt"
    named.write_text(TEXT.format(last="Tin, ảnh: Lê Minh"), encoding="utf-8")
    call_command("import_articles", str(path), str(named), "--dry-run", "--json")
    data = json.loads(capsys.readouterr().out)
    assert [list(item) for item in data] == [["source", "title", "view_count", "lead", "paragraphs", "photos",
                                              "byline"]] * 2
    assert [(item["source"], item["paragraphs"], item["byline"]) for item in data] == [
        ("bai_mot", ["Đoạn đầu của bài viết.", "Đoạn một."], None),
        ("bai_hai", ["Đoạn đầu của bài viết."], "Lê Minh"),
    ]
