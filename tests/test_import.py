"""The legacy text importer: the seed parse, layout variants, idempotency, bad input."""

import json

import pytest
from django.core.management import CommandError, call_command

from articles.importer import BadExport, parse_export
from articles.models import Article
from authors.models import Author


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
