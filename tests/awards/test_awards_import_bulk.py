"""The awards import at the size the admin accepts: bulk reads and writes, free slugs, all or nothing, caches told."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards import importer
from awards.importer import COLUMNS, import_csv
from awards.models import Award, AwardRecipient, Recipient
from pagecache.signals import content_changed

pytestmark = pytest.mark.django_db


def csv_bytes(rows) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def row(number, name, *, kind="cá nhân", unit="", citation="", period="2019", issuer="Chủ tịch UBND tỉnh"):
    return [number, "08/03/2019", "Giấy khen", issuer, "", "", period, "", kind, name, unit, citation]


def many_rows(count, per_award=10, citation="TT", series="QĐ"):
    return [row(f"{n // per_award}/{series}", f"Nguyễn Văn {series} {n}", unit=f"Đội {n % 5}", citation=f"{citation} {n}")
            for n in range(count)]


def queries_for(data: bytes) -> tuple[int, importer.ImportReport]:
    with CaptureQueriesContext(connection) as queries:
        report = import_csv(data)
    assert report.ok, report.errors[:3]
    return len(queries), report


def test_the_number_of_queries_does_not_grow_with_the_rows():
    small, _report = queries_for(csv_bytes(many_rows(100)))
    large, report = queries_for(csv_bytes(many_rows(3000, series="QĐ-UBND")))
    assert (report.awards_created, report.recipients_created, report.links_added) == (300, 3000, 3000)
    # A few per batch of 500, never a few per row (before: several per row, thousands here).
    assert large <= small + 60
    assert AwardRecipient.objects.count() == 3100


def test_a_large_file_gives_exactly_what_the_rows_say():
    import_csv(csv_bytes(many_rows(1200)))
    edited = many_rows(1200, citation="Sửa")
    del edited[5]  # one recipient leaves award 0
    report = import_csv(csv_bytes(edited))
    assert report.ok
    assert (report.awards_created, report.awards_updated, report.awards_unchanged) == (0, 120, 0)
    assert (report.links_added, report.links_updated, report.links_removed) == (0, 1199, 1)
    award = Award.objects.get(decision_number="0/QĐ")
    assert award.year == 2019
    assert [(link.recipient.name, link.citation, link.order) for link in award.recipient_links.all()][4:6] == [
        ("Nguyễn Văn QĐ 4", "Sửa 4", 4), ("Nguyễn Văn QĐ 6", "Sửa 6", 5)]
    again = import_csv(csv_bytes(edited))
    assert (again.awards_unchanged, again.changed) == (120, False)


def test_new_recipients_with_the_same_slug_each_get_a_free_one():
    Recipient.objects.create(kind="individual", name="Nguyễn Văn An")  # nguyen-van-an
    Recipient.objects.create(kind="individual", name="Nguyễn Văn An", unit="x", slug="nguyen-van-an-2")
    report = import_csv(csv_bytes([
        row("1/QĐ", "Nguyễn Văn An", kind="tập thể"),
        row("1/QĐ", "NGUYỄN VĂN AN"),
        row("2/QĐ", "Nguyễn Văn An", kind="tập thể"),  # the same collective again: one recipient
    ]))
    assert report.ok and report.recipients_created == 2
    assert sorted(Recipient.objects.values_list("name", "kind", "slug")) == [
        ("NGUYỄN VĂN AN", "individual", "nguyen-van-an-4"),
        ("Nguyễn Văn An", "collective", "nguyen-van-an-3"),
        ("Nguyễn Văn An", "individual", "nguyen-van-an"),
        ("Nguyễn Văn An", "individual", "nguyen-van-an-2"),
    ]


def test_a_derived_year_and_period_are_stored_as_save_would():
    import_csv(csv_bytes([row("1/QĐ", "A", period="2016-2020"), row("2/QĐ", "B", period="2018-2018")]))
    assert list(Award.objects.order_by("decision_number").values_list("period_start", "period_end", "year")) == [
        (2016, 2020, 2020), (2018, None, 2018)]


def test_a_failure_while_writing_leaves_nothing_written(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    import_csv(csv_bytes(many_rows(50)))
    monkeypatch.setattr(importer, "_update_rows", broken)  # after new recipients and links are written
    with pytest.raises(RuntimeError):
        import_csv(csv_bytes(many_rows(80, citation="Sửa")))
    assert AwardRecipient.objects.count() == 50
    assert set(AwardRecipient.objects.values_list("citation", flat=True)) == {f"TT {n}" for n in range(50)}


def test_an_import_that_changes_something_tells_the_public_caches_once():
    senders = []

    def receiver(sender, **kwargs):
        senders.append(sender)

    content_changed.connect(receiver)
    try:
        import_csv(csv_bytes(many_rows(30)))
        assert senders == [Award]
        import_csv(csv_bytes(many_rows(30)))  # nothing changes
        assert senders == [Award]
    finally:
        content_changed.disconnect(receiver)


def test_a_file_with_too_many_rows_is_refused_with_a_reason(monkeypatch):
    monkeypatch.setattr(importer, "MAX_ROWS", 20)
    report = import_csv(csv_bytes(many_rows(25)))
    assert [str(error) for error in report.errors] == [
        "Dòng 22: tệp có hơn 20 dòng dữ liệu: hãy chia thành nhiều tệp nhỏ hơn"]
    assert Award.objects.count() == 0
