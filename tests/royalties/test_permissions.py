"""Who may do what with royalties: Reporter, Editor, Chief editor, Accountant, on
the rule functions and on the admin pages (the server decides, not the buttons)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from royalties import rules
from royalties.models import AdjustmentKind, RecordStatus, RoyaltyRecord

ROLES = ["reporter", "editor", "chief_editor", "accountant"]
MARCH = datetime.date(2025, 3, 1)


@pytest.fixture
def article(make_article, make_author):
    return make_article(authors=[make_author("Ngô Quang Văn")],
                        published=timezone.make_aware(datetime.datetime(2025, 3, 10, 9)))


@pytest.fixture
def proposed(article, grading, editor):
    return rules.propose(article=article, user=editor, grading_row=grading["tin"])


@pytest.fixture
def approved(proposed, chief_editor):
    return rules.approve(record=proposed, user=chief_editor)


def _attempt(action, user, request):
    grading = request.getfixturevalue("grading")
    if action == "propose":
        article = request.getfixturevalue("article")
        return rules.propose(article=article, user=user, grading_row=grading["tin"])
    if action == "change_coefficient":
        record = request.getfixturevalue("proposed")
        return rules.change_grading(record=record, user=user, grading_row=grading["tin"], coefficient="1.20")
    if action == "approve":
        return rules.approve(record=request.getfixturevalue("proposed"), user=user)
    if action == "adjust_approved":
        return rules.add_adjustment(record=request.getfixturevalue("approved"), user=user, month=MARCH,
                                    kind=AdjustmentKind.PERCENT, value="50", reason="Tác nghiệp nguy hiểm")
    if action == "mark_paid":
        request.getfixturevalue("approved")
        return rules.mark_paid(user=user, month=MARCH, paid_on=datetime.date(2025, 4, 2))
    raise AssertionError(action)


MATRIX = {
    #                    reporter editor chief  accountant
    "propose":            (False, True, True, False),
    "change_coefficient": (False, True, True, False),
    "approve":            (False, False, True, False),
    "adjust_approved":    (False, False, True, False),
    "mark_paid":          (False, False, False, True),
}


@pytest.mark.parametrize("action", list(MATRIX))
@pytest.mark.parametrize("role", ROLES)
def test_rule_functions_follow_the_role_matrix(request, role, action):
    user = request.getfixturevalue(role)
    allowed = MATRIX[action][ROLES.index(role)]
    if allowed:
        assert _attempt(action, user, request)
    else:
        with pytest.raises(PermissionDenied):
            _attempt(action, user, request)
        if action == "mark_paid":
            assert not RoyaltyRecord.objects.filter(status=RecordStatus.PAID).exists()
        if action == "propose":
            assert not RoyaltyRecord.objects.exists()


def test_an_accountant_cannot_change_a_coefficient_even_on_an_approved_record(approved, accountant, grading):
    with pytest.raises(PermissionDenied):
        rules.change_grading(record=approved, user=accountant, grading_row=grading["tin"], coefficient="2.00")
    approved.refresh_from_db()
    assert str(approved.coefficient) == "1.00"


PAGES = {
    # page: (reporter, editor, chief, accountant) may open it
    "admin:royalties_royaltyrecord_changelist": (False, True, True, True),
    "admin:royalties_pending": (False, True, True, False),
    "admin:royalties_sheet": (False, False, True, True),
    "admin:royalties_sheet_xlsx": (False, False, True, True),
    "admin:royalties_gradingtable_add": (False, False, True, False),
    "admin:royalties_unitvalue_add": (False, False, True, True),
    "admin:royalties_auditlog_changelist": (False, False, True, True),
}


@pytest.mark.parametrize("page", list(PAGES))
@pytest.mark.parametrize("role", ROLES)
def test_admin_pages_follow_the_role_matrix(client, request, grading, role, page):
    client.force_login(request.getfixturevalue(role))
    response = client.get(reverse(page) + ("?month=2025-03" if "sheet" in page else ""))
    if PAGES[page][ROLES.index(role)]:
        assert response.status_code == 200
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_the_record_page_offers_only_what_the_role_may_do(client, request, proposed, role):
    client.force_login(request.getfixturevalue(role))
    response = client.get(reverse("admin:royalties_record", args=[proposed.pk]))
    if role == "reporter":
        assert response.status_code == 403
        return
    html = response.content.decode()
    assert ("Duyệt nhuận bút" in html) == (role == "chief_editor")
    assert ("Lưu hệ số" in html) == (role in {"editor", "chief_editor"})


def test_posting_an_approval_as_an_editor_is_refused_on_the_server(client, editor, proposed):
    client.force_login(editor)
    response = client.post(reverse("admin:royalties_record", args=[proposed.pk]), {"action": "approve"}, follow=True)
    assert "Chỉ trưởng ban biên tập được duyệt nhuận bút." in response.content.decode()
    proposed.refresh_from_db()
    assert proposed.status == RecordStatus.PROPOSED


def test_posting_a_payment_as_a_chief_editor_is_refused_on_the_server(client, chief_editor, approved):
    client.force_login(chief_editor)
    response = client.post(reverse("admin:royalties_sheet") + "?month=2025-03", {"paid_on": "2025-04-02"},
                           follow=True)
    assert "Chỉ kế toán được ghi nhận chi trả nhuận bút." in response.content.decode()
    approved.refresh_from_db()
    assert approved.status == RecordStatus.APPROVED


@pytest.mark.parametrize("role", ROLES)
def test_the_admin_index_lists_royalties_only_for_the_royalty_roles(client, request, grading, role):
    client.force_login(request.getfixturevalue(role))
    html = client.get(reverse("admin:index")).content.decode()
    assert (reverse("admin:app_list", args=["royalties"]) in html) == (role != "reporter")
    assert (reverse("admin:royalties_auditlog_changelist") in html) == (role in {"chief_editor", "accountant"})


def test_the_editor_panel_counts_published_articles_waiting_for_a_grade(client, editor, grading, make_article,
                                                                        make_author):
    make_article(authors=[make_author("An")], published=timezone.now() - datetime.timedelta(minutes=1))
    client.force_login(editor)
    html = client.get(reverse("admin:royalties_royaltyrecord_changelist")).content.decode()
    assert "Bài đã đăng chưa chấm nhuận bút</a> (1)" in html
    assert "Nhuận bút chờ tôi duyệt" not in html and "Đã duyệt, chưa chi trả" not in html
