"""A NUL byte in a query parameter or a form field is a 400 with a Vietnamese body, never a 500.

PostgreSQL refuses strings that hold NUL (0x00); before the middleware, each of
these requests was a 500 there. Run on PostgreSQL too:
DATABASE_URL=postgres://... pytest tests/attack/test_attack_nul.py
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from awards.models import Award, AwardForm, Visibility

pytestmark = pytest.mark.django_db

MESSAGE = "Yêu cầu không hợp lệ: địa chỉ hoặc dữ liệu gửi lên có ký tự NUL (mã 0), không xử lý được."


@pytest.fixture
def public_award(db):
    return Award.objects.create(form=AwardForm.objects.get(slug="giay-khen"), issuer_title="Giám đốc Công an tỉnh",
                                decision_number="1/QĐ", period_start=2020, visibility=Visibility.PUBLIC)


def assert_refused(response):
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode("utf-8") == MESSAGE


@pytest.mark.parametrize("query", ["issuer=%00", "issuer=Gi%C3%A1m%00", "form=%00", "%00=1"])
def test_nul_in_the_public_award_filters_is_a_400(client, public_award, query):
    assert_refused(client.get(f"/khen-thuong/nam/2020/?{query}"))


def test_the_same_filters_without_nul_still_work(client, public_award):
    response = client.get("/khen-thuong/nam/2020/", {"issuer": "Giám đốc Công an tỉnh"})
    assert response.status_code == 200
    assert "1/QĐ" in response.content.decode()


def test_nul_in_the_site_search_is_a_400(client):
    assert_refused(client.get(reverse("articles:search") + "?q=%00"))
    assert_refused(client.get(reverse("articles:search") + "?q=kh%00en"))


def test_nul_in_admin_filters_and_admin_search_is_a_400(client, superuser, public_award):
    client.force_login(superuser)
    changelist = reverse("admin:awards_award_changelist")
    for query in ["issuer_title=%00", "q=%00", "year=%00", "recipient_kind=%00"]:
        assert_refused(client.get(f"{changelist}?{query}"))
    assert client.get(changelist, {"q": "Giám đốc"}).status_code == 200


def test_nul_in_a_posted_form_field_is_a_400_and_writes_nothing(client, superuser, public_award):
    client.force_login(superuser)
    response = client.post(reverse("admin:awards_awardform_add"), {"name": "Bằng\x00 khen mới", "order": "1"})
    assert_refused(response)
    assert not AwardForm.objects.filter(name__startswith="Bằng").exclude(slug="bang-khen").exists()


def test_nul_in_a_urlencoded_body_is_a_400(client):
    response = client.post(reverse("admin:login"), "username=a%00&password=b",
                           content_type="application/x-www-form-urlencoded")
    assert_refused(response)


def test_an_uploaded_file_may_hold_nul_bytes(client, superuser):
    """Binary files are not form text: the CSV import still gets to say what is wrong with the file."""
    client.force_login(superuser)
    upload = SimpleUploadedFile("khen.xlsx", b"PK\x03\x04\x00\x00binary", content_type="application/octet-stream")
    response = client.post(reverse("admin:awards_award_import"), {"file": upload})
    assert response.status_code == 200
    assert "tệp nhị phân (có thể là .xlsx)" in response.content.decode()


def test_nul_in_the_path_is_a_400(client):
    assert_refused(client.get("/khen-thuong/nguoi-nhan/a%00b/"))
