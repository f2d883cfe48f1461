"""The awards admin: adding an award with recipients inline, search and filters."""

import pytest
from django.urls import reverse

from awards.models import Award, AwardForm, Recipient, RecipientKind, Visibility
from tests.helpers.factories import AwardFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    # Logging in is not what these tests are about; the default hasher costs a second per user.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client

def changelist_numbers(admin_client, **params):
    response = admin_client.get(reverse("admin:awards_award_changelist"), params)
    assert response.status_code == 200
    return sorted(award.decision_number for award in response.context["cl"].result_list)


def test_editor_adds_an_award_with_recipients_inline(admin_client):
    person = Recipient.objects.create(kind=RecipientKind.INDIVIDUAL, name="Trần Thị Bình")
    data = {
        "form": AwardForm.objects.get(slug="bang-khen").pk, "issuer_title": "Chủ tịch UBND tỉnh",
        "issuer_organization": "", "decision_number": "1520/QĐ-UBND", "decision_date": "15/01/2019",
        "movement": "Toàn dân bảo vệ ANTQ", "period_start": "2018", "period_end": "", "reason": "Thành tích xuất sắc",
        "visibility": "public", "note": "",
        "recipient_links-TOTAL_FORMS": "1", "recipient_links-INITIAL_FORMS": "0",
        "recipient_links-MIN_NUM_FORMS": "0", "recipient_links-MAX_NUM_FORMS": "1000",
        "recipient_links-0-recipient": person.pk, "recipient_links-0-citation": "Bắt giữ 3 đối tượng",
        "recipient_links-0-order": "0",
    }
    response = admin_client.post(reverse("admin:awards_award_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    award = Award.objects.get()
    assert (award.form.name, award.issuer_title, award.year, award.visibility) == (
        "Bằng khen", "Chủ tịch UBND tỉnh", 2018, Visibility.PUBLIC)
    assert [(link.recipient.name, link.citation) for link in award.recipient_links.all()] == [
        ("Trần Thị Bình", "Bắt giữ 3 đối tượng")]


def test_admin_refuses_a_period_that_ends_before_it_starts(admin_client):
    data = {"form": AwardForm.objects.get(slug="bang-khen").pk, "issuer_title": "Chủ tịch UBND tỉnh",
            "period_start": "2020", "period_end": "2018", "visibility": "internal",
            "recipient_links-TOTAL_FORMS": "0", "recipient_links-INITIAL_FORMS": "0"}
    response = admin_client.post(reverse("admin:awards_award_add"), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["period_end"] == ["Năm kết thúc không được trước năm bắt đầu."]
    assert Award.objects.count() == 0


def test_admin_searches_by_recipient_issuer_and_decision_number(admin_client):
    AwardFactory(decision_number="1/QĐ-CAT", recipients=[(RecipientKind.COLLECTIVE, "Công an phường Nam Lý")])
    AwardFactory(decision_number="2/QĐ-UBND", issuer_title="Chủ tịch UBND thành phố",
                 recipients=[(RecipientKind.INDIVIDUAL, "Trần Thị Bình")])
    assert changelist_numbers(admin_client, q="Nam Lý") == ["1/QĐ-CAT"]
    assert changelist_numbers(admin_client, q="Chủ tịch UBND") == ["2/QĐ-UBND"]
    assert changelist_numbers(admin_client, q="2/QĐ") == ["2/QĐ-UBND"]


def test_admin_filters_by_form_issuer_year_and_recipient_kind(admin_client):
    AwardFactory(decision_number="1/QĐ", recipients=[(RecipientKind.COLLECTIVE, "Công an phường Nam Lý"),
                                                     (RecipientKind.COLLECTIVE, "Công an phường Bắc Lý")])
    AwardFactory(decision_number="2/QĐ", issuer_title="Chủ tịch UBND thành phố", form="bang-khen", period_start=2019,
                 recipients=[(RecipientKind.INDIVIDUAL, "Trần Thị Bình")])
    bang_khen = AwardForm.objects.get(slug="bang-khen")
    assert changelist_numbers(admin_client, form__id__exact=bang_khen.pk) == ["2/QĐ"]
    assert changelist_numbers(admin_client, issuer_title="Giám đốc Công an tỉnh") == ["1/QĐ"]
    assert changelist_numbers(admin_client, year=2019) == ["2/QĐ"]
    assert changelist_numbers(admin_client, recipient_kind="collective") == ["1/QĐ"]
    assert changelist_numbers(admin_client, recipient_kind="individual") == ["2/QĐ"]


def test_admin_changelist_offers_import_export_and_suggestions(admin_client):
    response = admin_client.get(reverse("admin:awards_award_changelist"))
    html = response.content.decode()
    assert reverse("admin:awards_award_import") in html
    assert reverse("admin:awards_award_export") in html
    assert reverse("admin:awards_award_suggest") in html


def test_admin_makes_selected_awards_public(admin_client):
    award = AwardFactory(decision_number="1/QĐ")
    response = admin_client.post(reverse("admin:awards_award_changelist"),
                                 {"action": "make_public", "_selected_action": [award.pk]})
    assert response.status_code == 302
    award.refresh_from_db()
    assert award.visibility == Visibility.PUBLIC


def test_recipient_admin_searches_names(admin_client):
    Recipient.objects.create(kind=RecipientKind.INDIVIDUAL, name="Trần Thị Bình")
    response = admin_client.get(reverse("admin:awards_recipient_changelist"), {"q": "Bình"})
    assert [r.name for r in response.context["cl"].result_list] == ["Trần Thị Bình"]


def test_admin_pages_open(admin_client):
    award = AwardFactory(decision_number="1/QĐ", recipients=[(RecipientKind.COLLECTIVE, "Công an phường Nam Lý")])
    recipient = Recipient.objects.get()
    pages = {
        reverse("admin:awards_award_add"): "Thêm khen thưởng",
        reverse("admin:awards_award_change", args=[award.pk]): "Thay đổi khen thưởng",
        reverse("admin:awards_recipient_change", args=[recipient.pk]): "Thay đổi người/tập thể được khen",
        reverse("admin:awards_awardform_changelist"): "Chọn hình thức khen thưởng để thay đổi",
        reverse("admin:awards_award_import"): "Nhập khen thưởng từ tệp CSV",
        reverse("admin:awards_award_suggest"): "Gợi ý khen thưởng từ bài viết",
    }
    for url, heading in pages.items():
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert f"<h1>{heading}</h1>" in response.content.decode(), url
    change = admin_client.get(reverse("admin:awards_award_change", args=[award.pk])).content.decode()
    assert ("<title>Giấy khen của Giám đốc Công an tỉnh số 1/QĐ (2018) | Thay đổi khen thưởng | Newsroom</title>"
            in change)
    assert "Công an phường Nam Lý" in change


@pytest.mark.django_db
def test_editors_keep_award_records_and_reporters_have_none(client, editor, reporter):
    from django.urls import reverse

    assert editor.has_perms(["awards.add_award", "awards.change_award", "awards.change_recipient"])
    assert not editor.has_perm("awards.delete_award")
    assert not any(reporter.has_perm(f"awards.{code}") for code in ("view_award", "add_award", "change_award"))
    award = AwardFactory(decision_number="5/QĐ")
    client.force_login(editor)
    response = client.get(reverse("admin:awards_award_changelist"))
    assert response.status_code == 200
    assert "<h1>Chọn khen thưởng để thay đổi</h1>" in response.content.decode()
    assert list(response.context["cl"].result_list) == [award]
    client.force_login(reporter)
    assert client.get(reverse("admin:awards_award_changelist")).status_code == 403
