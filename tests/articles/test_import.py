"""The legacy text importer: the seed parse, layout variants, idempotency, bad input."""

import json

import pytest
from django.core.management import CommandError, call_command

from articles.importer import BadExport, parse_export
from articles.models import Article
from authors.models import Author
from tests.helpers.body import paragraphs_of, slot_places


def parse(text: str, source="x"):
    return parse_export(text.encode("utf-8"), source)


def test_seed_parse_is_pinned(seed_path):
    parsed = parse_export(seed_path.read_bytes(), "000_e54cdf6b1a378940")
    assert parsed.title.startswith("Đồng Hới: Triển khai chương trình")
    assert parsed.view_count == 41
    assert parsed.lead.startswith("Ngày 8 tháng 3")
    assert [p.split(",")[0].split()[0:2] for p in parsed.paragraphs] == [["Năm", "2018"], ["Tuy", "nhiên"],
                                                                          ["Dịp", "này"]]
    assert [photo.after_paragraph for photo in parsed.photos] == [0, 0, 1, 1, 1, 3, 3, 3]
    assert parsed.photos[1].caption == "Các đại biểu tham dự hội nghị"
    assert all(photo.credit is None for photo in parsed.photos)
    assert parsed.byline == "Ngô Quang Văn"


SAMPLE_VARIANT = """Quảng Ninh: Khánh thành cầu mới
15/04/2021

Sáng 15/4, tỉnh tổ chức lễ khánh thành cầu mới nối hai bờ sông.

Toàn cảnh buổi lễ khánh thành. Ảnh: Ngọc Minh
Lãnh đạo tỉnh cắt băng (Ảnh: Lê Minh)

Cây cầu dài 500 mét, rộng 12 mét, được xây dựng trong hai năm.

Tin, ảnh: Lê Minh
"""


def test_a_date_after_the_title_is_the_original_publication_date():
    parsed = parse(SAMPLE_VARIANT)
    assert parsed.view_count is None
    assert str(parsed.published_on) == "2021-04-15"
    assert parsed.lead.startswith("Sáng 15/4")


def test_caption_credits_become_credits_not_caption_text():
    parsed = parse(SAMPLE_VARIANT)
    assert [(p.caption, p.credit, p.after_paragraph) for p in parsed.photos] == [
        ("Toàn cảnh buổi lễ khánh thành.", "Ngọc Minh", 0),
        ("Lãnh đạo tỉnh cắt băng", "Lê Minh", 0),
    ]
    assert parsed.paragraphs == ["Cây cầu dài 500 mét, rộng 12 mét, được xây dựng trong hai năm."]


@pytest.mark.parametrize("line, byline", [
    ("Tin, ảnh: Lê Minh", "Lê Minh"),
    ("Bài và ảnh: Trần Thị Hoa", "Trần Thị Hoa"),
    ("NGÔ QUANG VĂN", "Ngô Quang Văn"),
    ("N.L", "N.L"),
    ("– CABT –", "CABT"),
    ("- Công an thành phố -", "Công an thành phố"),
    ("Ngô Quang Văn", "Ngô Quang Văn"),
])
def test_byline_variants(line, byline):
    parsed = parse(f"Tiêu đề bài\n\n12\n\nSapo của bài.\n\nĐoạn một của bài viết.\n\n{line}\n")
    assert parsed.byline == byline
    assert parsed.paragraphs == ["Đoạn một của bài viết."]


def test_a_missing_byline_is_null_and_the_last_paragraph_is_kept():
    parsed = parse("Tiêu đề bài\n\nSapo của bài.\n\nĐoạn cuối cùng của bài viết, kết thúc bằng dấu chấm.\n")
    assert parsed.byline is None
    assert parsed.view_count is None
    assert parsed.paragraphs == ["Đoạn cuối cùng của bài viết, kết thúc bằng dấu chấm."]


def test_thousands_separator_in_view_count():
    assert parse("Tiêu đề\n\n1.234\n\nSapo.\n").view_count == 1234


def test_bom_crlf_and_decomposed_text_are_normalised(seed_path):
    import unicodedata

    text = seed_path.read_text(encoding="utf-8")
    raw = b"\xef\xbb\xbf" + unicodedata.normalize("NFD", text).replace("\n", "\r\n").encode("utf-8")
    parsed = parse_export(raw, "x")
    reference = parse_export(seed_path.read_bytes(), "x")
    assert parsed == reference
    assert parsed.title == unicodedata.normalize("NFC", parsed.title)
    assert parsed.title.startswith("Đồng Hới")


@pytest.mark.parametrize("raw, reason", [
    (b"", "tệp rỗng"),
    (b"   \n\n  \n", "tệp rỗng"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "tệp nhị phân"),
    ("Tiêu đề\n\nSapo.".encode("cp1258", errors="replace") + b"\xff\xfe", "không phải văn bản UTF-8"),
    (b"41\n\nSapo.\n", "không có tiêu đề"),
    (b"08/03/2019\n\nSapo.\n", "không có tiêu đề"),
])
def test_bad_input_is_refused_with_a_reason(raw, reason):
    with pytest.raises(BadExport, match=reason):
        parse_export(raw, "bad")


# --- The command: writes, idempotency, bad files among good ones -------------------------


def test_import_creates_a_draft_with_slots_and_byline(db, seed_path):
    call_command("import_articles", str(seed_path))
    article = Article.objects.get()
    assert article.source_id == "000_e54cdf6b1a378940"
    assert article.status == "draft"
    assert article.slug == "dong-hoi-trien-khai-chuong-trinh-cong-tac-xay-dung-phong-trao-toan-dan-bao-ve-antq-nam-2019"
    assert article.view_count == 41
    assert len(paragraphs_of(article)) == 3
    # Each group of captions became one photos block in place (the legacy "after paragraph n").
    places = slot_places(article)
    assert [places[s.pk] for s in article.photo_slots.all()] == [0, 0, 1, 1, 1, 3, 3, 3]
    assert [block["type"] for block in article.body] == [
        "photos", "paragraph", "photos", "paragraph", "paragraph", "photos"]
    assert all(s.photo is None for s in article.photo_slots.all())
    assert [a.name for a in article.byline()] == ["Ngô Quang Văn"]


def test_importing_twice_updates_the_same_article(db, seed_path, tmp_path, author):
    call_command("import_articles", str(seed_path))
    first = Article.objects.get()
    slot_ids = list(first.photo_slots.values_list("pk", flat=True))
    call_command("import_articles", str(seed_path))
    assert Article.objects.count() == 1
    assert Author.objects.filter(name="Ngô Quang Văn").count() == 1
    again = Article.objects.get()
    assert again.pk == first.pk and again.slug == first.slug
    assert list(again.photo_slots.values_list("pk", flat=True)) == slot_ids

    changed = tmp_path / "000_e54cdf6b1a378940.txt"
    changed.write_text(seed_path.read_text(encoding="utf-8").replace("\n41\n", "\n97\n"), encoding="utf-8")
    call_command("import_articles", str(changed))
    assert Article.objects.get().view_count == 97
    assert Article.objects.count() == 1


def test_byline_matches_an_existing_author_ignoring_case(db, tmp_path, author):
    export = tmp_path / "a.txt"
    export.write_text("Tiêu đề\n\nSapo.\n\nĐoạn một.\n\nNGÔ QUANG VĂN\n", encoding="utf-8")
    call_command("import_articles", str(export))
    assert Article.objects.get().byline() == [author]
    assert Author.objects.count() == 1


def test_dry_run_json_writes_nothing_and_prints_the_contract_shape(db, seed_path, capsys):
    call_command("import_articles", str(seed_path), "--dry-run", "--json")
    assert Article.objects.count() == 0
    assert Author.objects.count() == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data) == 1
    item = data[0]
    assert list(item) == ["source", "title", "view_count", "lead", "paragraphs", "photos", "byline"]
    assert item["source"] == "000_e54cdf6b1a378940"
    assert item["view_count"] == 41
    assert item["byline"] == "Ngô Quang Văn"
    assert item["photos"][0] == {"caption": "Hội nghị triển khai công tác xây dựng phong trào toàn dân bảo vệ "
                                            "ANTQ năm 2019", "credit": None, "after_paragraph": 0}


def test_bad_files_fail_alone_and_the_exit_status_says_so(db, seed_path, tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\x01\x02garbage")
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Tiêu đề\n\nSapo.".encode("utf-16"))
    missing = tmp_path / "missing.txt"
    with pytest.raises(CommandError, match="4 tệp không nhập được"):
        call_command("import_articles", str(empty), str(binary), str(seed_path), str(latin), str(missing))
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"{empty}: lỗi: tệp rỗng",
        f"{binary}: lỗi: tệp nhị phân, không phải văn bản",
        f"{latin}: lỗi: tệp nhị phân, không phải văn bản",
        f"{missing}: lỗi: không tìm thấy tệp",
    ]
    assert Article.objects.count() == 1


def test_the_exit_status_of_the_real_command_is_non_zero(tmp_path):
    import subprocess
    import sys

    from django.conf import settings

    result = subprocess.run([sys.executable, "manage.py", "import_articles", "--dry-run", str(tmp_path / "nope.txt")],
                            cwd=settings.BASE_DIR, capture_output=True, text=True)
    assert result.returncode == 1
    assert "nope.txt: lỗi: không tìm thấy tệp" in result.stderr
