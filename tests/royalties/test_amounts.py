"""Royalty arithmetic with exact figures, and the refusals that write nothing."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError

from royalties import rules, selectors
from royalties.models import AdjustmentKind, AuditLog, RecordStatus, Role, RoyaltyRecord, RoyaltyShare, UnitValue


MARCH = datetime.date(2025, 3, 1)
APRIL = datetime.date(2025, 4, 1)


def local(year, month, day, hour=9):
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime(year, month, day, hour, 0))


def graded(article, row, editor, chief_editor, coefficient=None):
    record = rules.propose(article=article, user=editor, grading_row=row, coefficient=coefficient)
    return rules.approve(record=record, user=chief_editor)


def amounts(month):
    return {(line["author"], entry["article_id"], entry["role"]): entry["amount"]
            for line in selectors.sheet_json(month) for entry in line["lines"]}


def test_two_co_authors_share_the_issue_example_equally(grading, make_article, make_author, editor, chief_editor):
    lan, minh = make_author("Trần Thị Lan"), make_author("Lê Minh")
    article = make_article(authors=[lan, minh])
    graded(article, grading["tin"], editor, chief_editor, coefficient="1.50")

    sheet = selectors.sheet_json(MARCH)

    assert sheet == [
        {"author": "Lê Minh", "author_id": minh.pk, "lines": [{
            "article_id": article.pk, "title": article.title, "published_at": "2025-03-10T09:00:00+07:00",
            "genre": "Tin", "role": "writer", "coefficient": "1.50", "share_percent": "50.00", "amount": 1755000}],
         "total": 1755000},
        {"author": "Trần Thị Lan", "author_id": lan.pk, "lines": [{
            "article_id": article.pk, "title": article.title, "published_at": "2025-03-10T09:00:00+07:00",
            "genre": "Tin", "role": "writer", "coefficient": "1.50", "share_percent": "50.00", "amount": 1755000}],
         "total": 1755000},
    ]


def test_three_writers_split_to_the_cent_and_the_lines_sum_to_the_piece(grading, make_article, make_author, editor,
                                                                        chief_editor):
    a, b, c = make_author("An"), make_author("Bình"), make_author("Cúc")
    article = make_article(authors=[a, b, c])
    record = graded(article, grading["tin"], editor, chief_editor)  # default without photo: 1.00

    assert [(s.author.name, s.percent) for s in record.shares.order_by("pk")] == [
        ("An", Decimal("33.34")), ("Bình", Decimal("33.33")), ("Cúc", Decimal("33.33"))]
    assert amounts(MARCH) == {("An", article.pk, "writer"): 780156, ("Bình", article.pk, "writer"): 779922,
                              ("Cúc", article.pk, "writer"): 779922}
    assert selectors.sheet_total(MARCH) == 2340000


def test_each_line_is_rounded_half_up_and_the_total_is_the_sum_of_lines(grading, make_article, make_author, editor,
                                                                        chief_editor):
    UnitValue.objects.filter(starts_on=datetime.date(2025, 1, 1)).update(amount=Decimal("100001"))
    a, b = make_author("An"), make_author("Bình")
    article = make_article(authors=[a, b])
    graded(article, grading["tin"], editor, chief_editor, coefficient="1.00")

    sheet = selectors.sheet_json(MARCH)

    # 100,001 × 50% = 50,000.5 -> 50,001 on each line; the total is 100,002, not 100,001.
    assert [line["lines"][0]["amount"] for line in sheet] == [50001, 50001]
    assert sum(line["total"] for line in sheet) == 100002 == selectors.sheet_total(MARCH)


def test_photographer_takes_the_photo_part_and_a_reused_photo_is_not_paid_twice(
        grading, make_article, make_author, make_photo, editor, chief_editor):
    writer, minh, hoa = make_author("Ngô Quang Văn"), make_author("Ngọc Minh"), make_author("Thu Hòa")
    first_photo, second_photo, new_photo = make_photo("Ảnh: Ngọc Minh"), make_photo(), make_photo()
    first = make_article(authors=[writer], photos=[(first_photo, ""), (second_photo, "Ảnh: ngọc minh")])
    record = graded(first, grading["tin"], editor, chief_editor)  # with photos: 1.50 -> 3,510,000

    assert record.coefficient == Decimal("1.50")
    assert amounts(MARCH) == {("Ngô Quang Văn", first.pk, "writer"): 2457000,  # 70%
                              ("Ngọc Minh", first.pk, "photo"): 1053000}  # 30%

    # Later, the same photo again, and a new one by another photographer.
    second = make_article(authors=[writer], photos=[(first_photo, ""), (new_photo, "Ảnh: Thu Hòa")],
                          published=local(2025, 3, 20))
    graded(second, grading["tin"], editor, chief_editor)
    assert amounts(MARCH)[("Thu Hòa", second.pk, "photo")] == 1053000
    assert ("Ngọc Minh", second.pk, "photo") not in amounts(MARCH)

    # Only the old photo again: the writer takes everything.
    third = make_article(authors=[writer], photos=[(first_photo, "")], published=local(2025, 3, 25))
    graded(third, grading["tin"], editor, chief_editor)
    assert amounts(MARCH)[("Ngô Quang Văn", third.pk, "writer")] == 3510000
    assert sum(1 for key in amounts(MARCH) if key[1] == third.pk) == 1


def test_adjustments_in_the_month_are_split_by_the_shares(grading, make_article, make_author, editor, chief_editor):
    a, b = make_author("An"), make_author("Bình")
    article = make_article(authors=[a, b])
    record = graded(article, grading["phong-su"], editor, chief_editor, coefficient="5.00")  # 11,700,000
    rules.add_adjustment(record=record, user=chief_editor, month=MARCH, kind=AdjustmentKind.PERCENT, value="100",
                         reason="Tác nghiệp trong vùng lũ")
    rules.add_adjustment(record=record, user=chief_editor, month=MARCH, kind=AdjustmentKind.AMOUNT, value="-50001",
                         reason="Trừ chi phí đi lại")

    # Each: 5,850,000 + 5,850,000 - 25,000.5 = 11,674,999.5 -> 11,675,000.
    assert amounts(MARCH) == {("An", article.pk, "writer"): 11675000, ("Bình", article.pk, "writer"): 11675000}


def test_a_unit_value_changing_mid_month_applies_from_its_day(grading, make_article, make_author, editor,
                                                              chief_editor):
    UnitValue.objects.create(starts_on=datetime.date(2025, 3, 15), amount=Decimal("2500000"))
    author = make_author("An")
    before = make_article(authors=[author], published=local(2025, 3, 14, 23))
    after = make_article(authors=[author], published=local(2025, 3, 15, 0))
    graded(before, grading["tin"], editor, chief_editor)
    graded(after, grading["tin"], editor, chief_editor)

    assert amounts(MARCH) == {("An", before.pk, "writer"): 2340000, ("An", after.pk, "writer"): 2500000}
    assert selectors.sheet_json(MARCH)[0]["total"] == 4840000


def test_a_paid_line_is_locked_and_corrected_in_a_later_month(grading, make_article, make_author, editor,
                                                              chief_editor, accountant):
    author = make_author("An")
    article = make_article(authors=[author])
    record = graded(article, grading["tin"], editor, chief_editor)
    assert rules.mark_paid(user=accountant, month=MARCH, paid_on=datetime.date(2025, 4, 5)) == 1
    record.refresh_from_db()
    assert (record.status, record.paid_on, record.paid_by) == (RecordStatus.PAID, datetime.date(2025, 4, 5),
                                                               accountant)
    logs_before = AuditLog.objects.count()

    for attempt in (
        lambda: rules.change_grading(record=record, user=chief_editor, grading_row=grading["tin"], coefficient="2.00"),
        lambda: rules.set_shares(record=record, user=chief_editor,
                                 shares=[rules.ShareSpec(author, Role.WRITER, Decimal("100"))]),
        lambda: rules.add_adjustment(record=record, user=chief_editor, month=MARCH, kind=AdjustmentKind.AMOUNT,
                                     value="100000", reason="Sửa sai"),
        lambda: rules.reopen(record=record, user=chief_editor, reason="Sửa"),
    ):
        with pytest.raises(ValidationError) as refused:
            attempt()
        assert "chi trả" in " ".join(refused.value.messages)
    assert AuditLog.objects.count() == logs_before

    rules.add_adjustment(record=record, user=chief_editor, month=APRIL, kind=AdjustmentKind.AMOUNT, value="117000",
                         reason="Bổ sung: hệ số đúng là 1,05")
    record.refresh_from_db()
    assert record.coefficient == Decimal("1.00")
    assert amounts(MARCH) == {("An", article.pk, "writer"): 2340000}
    assert amounts(APRIL) == {("An", article.pk, "writer"): 117000}
    assert rules.mark_paid(user=accountant, month=APRIL, paid_on=datetime.date(2025, 5, 5)) == 1
    assert amounts(APRIL) == {("An", article.pk, "writer"): 117000}  # paid lines stay on their sheet


@pytest.mark.parametrize("percents, message", [
    (["60", "30"], "phải đúng 100%, hiện là 90.00%"),
    (["60.00", "40.01"], "phải đúng 100%, hiện là 100.01%"),
    (["100", "0"], "phải lớn hơn 0"),
])
def test_shares_not_summing_to_100_are_refused_and_nothing_changes(grading, make_article, make_author, editor,
                                                                   percents, message):
    a, b = make_author("An"), make_author("Bình")
    record = rules.propose(article=make_article(authors=[a, b]), user=editor, grading_row=grading["tin"])
    logs = AuditLog.objects.count()
    with pytest.raises(ValidationError) as refused:
        rules.set_shares(record=record, user=editor, shares=[
            rules.ShareSpec(a, Role.WRITER, Decimal(percents[0])), rules.ShareSpec(b, Role.WRITER, Decimal(percents[1]))])
    assert message in refused.value.messages[0]
    assert list(RoyaltyShare.objects.filter(record=record).values_list("percent", flat=True).order_by("pk")) == [
        Decimal("50.00"), Decimal("50.00")]
    assert AuditLog.objects.count() == logs


@pytest.mark.parametrize("genre, coefficient, message", [
    ("tin", "2.50", "nằm ngoài khung 1.00–2.00 của thể loại “Tin”"),
    ("tin", "0.50", "nằm ngoài khung"),
    ("anh", "11.00", "vượt mức trần 10.00 của thể loại “Ảnh” theo nghị định"),
    ("tin", "1.555", "tối đa hai chữ số thập phân"),
    ("tin", "abc", "phải là một số"),
])
def test_a_coefficient_outside_the_range_or_above_the_cap_is_refused(grading, make_article, make_author, editor,
                                                                      genre, coefficient, message):
    article = make_article(authors=[make_author("An")])
    with pytest.raises(ValidationError) as refused:
        rules.propose(article=article, user=editor, grading_row=grading[genre], coefficient=coefficient)
    assert message in refused.value.messages[0]
    assert not RoyaltyRecord.objects.exists() and not AuditLog.objects.exists()


def test_a_month_with_no_unit_value_is_refused(grading, make_article, make_author, editor):
    UnitValue.objects.all().delete()
    article = make_article(authors=[make_author("An")])
    with pytest.raises(ValidationError) as refused:
        rules.propose(article=article, user=editor, grading_row=grading["tin"])
    assert refused.value.messages == [
        "Chưa có giá trị một đơn vị hệ số cho tháng 03/2025: kế toán hoặc trưởng ban cần nhập trước."]
    assert not RoyaltyRecord.objects.exists()
    with pytest.raises(ValidationError):
        rules.require_unit_value_for_month(MARCH)


def test_a_table_of_another_period_is_refused(grading, make_article, make_author, editor):
    from royalties.models import GradingRow

    old_row = GradingRow.objects.filter(table__starts_on=datetime.date(2024, 7, 1), genre="tin").get()
    with pytest.raises(ValidationError) as refused:
        rules.propose(article=make_article(authors=[make_author("An")]), user=editor, grading_row=old_row)
    assert "không thuộc bảng hệ số áp dụng cho ngày đăng 10/03/2025" in refused.value.messages[0]


def test_an_article_is_graded_once(grading, make_article, make_author, editor):
    article = make_article(authors=[make_author("An")])
    rules.propose(article=article, user=editor, grading_row=grading["tin"])
    with pytest.raises(ValidationError) as refused:
        rules.propose(article=article, user=editor, grading_row=grading["tin"])
    assert refused.value.messages == ["Bài này đã có nhuận bút: hãy sửa đề xuất đã có."]
    assert RoyaltyRecord.objects.count() == 1


def test_unpublishing_an_approved_article_keeps_and_flags_its_record(grading, make_article, make_author, editor,
                                                                     chief_editor):
    from articles.models import Status

    article = make_article(authors=[make_author("An")])
    record = graded(article, grading["tin"], editor, chief_editor)
    article.status = Status.UNPUBLISHED  # as articles' workflow.unpublish leaves it
    article.save(update_fields=["status", "publish_at", "updated_at"])

    record.refresh_from_db()
    assert record.status == RecordStatus.APPROVED and record.flagged
    assert record.flag_reason == "Bài đã bị gỡ khỏi cổng sau khi nhuận bút ở trạng thái “Đã duyệt”."
    assert amounts(MARCH) == {("An", article.pk, "writer"): 2340000}
    assert [panel["records"] for panel in selectors.dashboard_panel(chief_editor) if panel["key"] == "flagged"] == [
        [record]]


def test_trashing_and_purging_never_delete_a_paid_line(grading, make_article, make_author, editor, chief_editor,
                                                       accountant):
    from django.utils import timezone

    paid_article = make_article(authors=[make_author("An")])
    record = graded(paid_article, grading["tin"], editor, chief_editor)
    rules.mark_paid(user=accountant, month=MARCH, paid_on=datetime.date(2025, 4, 1))
    paid_article.deleted_at = timezone.now()  # as workflow.trash leaves it
    paid_article.save(update_fields=["deleted_at", "deleted_by", "updated_at"])
    record.refresh_from_db()
    assert record.flagged and "thùng rác" in record.flag_reason

    with pytest.raises(ProtectedError):
        paid_article.delete()  # workflow.purge
    assert RoyaltyRecord.objects.filter(pk=record.pk, status=RecordStatus.PAID).exists()

    unpaid_article = make_article(authors=[make_author("Bình")])
    unpaid = rules.propose(article=unpaid_article, user=editor, grading_row=grading["tin"])
    unpaid_article.delete()
    assert not RoyaltyRecord.objects.filter(pk=unpaid.pk).exists()


def test_every_change_is_logged_with_before_and_after(grading, make_article, make_author, editor, chief_editor):
    article = make_article(authors=[make_author("An")])
    record = rules.propose(article=article, user=editor, grading_row=grading["tin"])
    rules.change_grading(record=record, user=editor, grading_row=grading["tin"], coefficient="1.20")
    rules.approve(record=record, user=chief_editor)

    entries = [(entry.action, entry.user.username, entry.before and entry.before["coefficient"],
                entry.after["coefficient"], entry.after["status"]) for entry in record.logs.order_by("pk")]
    assert entries == [("propose", "editor", None, "1.00", "proposed"),
                       ("change_grading", "editor", "1.00", "1.20", "proposed"),
                       ("approve", "chief", "1.20", "1.20", "approved")]


def test_adjustment_refusals(grading, make_article, make_author, editor, chief_editor):
    record = graded(make_article(authors=[make_author("An")]), grading["tin"], editor, chief_editor)
    cases = [
        (dict(month=datetime.date(2025, 2, 1), kind="amount", value="1000", reason="x"), "trước tháng đăng bài"),
        (dict(month=MARCH, kind="percent", value="150", reason="x"), "từ -100% đến +100%"),
        (dict(month=MARCH, kind="amount", value="0", reason="x"), "phải khác 0"),
        (dict(month=MARCH, kind="amount", value="1000", reason="  "), "Cần ghi lý do"),
    ]
    for arguments, message in cases:
        with pytest.raises(ValidationError) as refused:
            rules.add_adjustment(record=record, user=chief_editor, **arguments)
        assert message in refused.value.messages[0]
    assert not record.adjustments.exists()


def test_purging_an_article_with_a_paid_line_is_refused_in_vietnamese(grading, make_article, make_author, editor,
                                                                      chief_editor, accountant, superuser, client):
    from django.core.exceptions import ValidationError

    from articles import workflow
    from articles.models import Article

    paid_article = make_article(authors=[make_author("An")], title="Bài đã trả nhuận bút")
    graded(paid_article, grading["tin"], editor, chief_editor)
    rules.mark_paid(user=accountant, month=MARCH, paid_on=datetime.date(2025, 4, 1))
    workflow.trash(paid_article, superuser)
    with pytest.raises(ValidationError) as refused:
        workflow.purge(paid_article, superuser)
    assert "Không thể xóa vĩnh viễn" in " ".join(refused.value.messages)
    assert Article.objects.filter(pk=paid_article.pk).exists()
    # The admin's bulk purge reports it by title and deletes nothing.
    client.force_login(superuser)
    response = client.post("/admin/articles/article/?trash=1", {"action": "purge_selected", "post": "yes",
                                                                "_selected_action": [str(paid_article.pk)]},
                           follow=True)
    assert "“Bài đã trả nhuận bút”: Không thể xóa vĩnh viễn" in response.content.decode()
    assert Article.objects.filter(pk=paid_article.pk).exists()
