"""The awards CSV in a clerk's words: Vietnamese headers, a sample file, and pages in the site's and admin's styles."""

import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone

from awards.importer import HEADER_NAMES, VIETNAMESE_HEADERS, column_of, import_csv, parse_csv, sample_csv
from awards.models import Award, AwardRecipient, Visibility
from tests.helpers.factories import ArticleFactory, AwardFactory

pytestmark = pytest.mark.django_db

ROW = "125/QĐ-CAT,08/03/2019,Giấy khen,Giám đốc Công an tỉnh,,,2018,,tập thể,Công an phường Nam Lý,Đồng Hới,"
ENGLISH = ("decision_number,decision_date,form,issuer_title,issuer_organization,movement,period,reason,"
           "recipient_kind,recipient_name,recipient_unit,citation")


def imported(header: str):
    groups, report = parse_csv((header + "\n" + ROW + "\n").encode())
    assert report.errors == []
    return [(g.decision_number, g.decision_date, g.form.name, g.issuer_title, g.period_start,
             [(r.kind, r.name, r.unit) for r in g.recipients]) for g in groups]


@pytest.mark.parametrize("header", [
    "Số quyết định,Ngày,Hình thức,Cấp khen thưởng,Cơ quan khen thưởng,Phong trào,Năm,Lý do,Loại người nhận,"
    "Người nhận,Đơn vị,Trích dẫn",
    "SO QUYET DINH,NGAY,HINH THUC,CAP KHEN THUONG,CO QUAN,PHONG TRAO,NAM,LY DO,TAP THE/CA NHAN,NGUOI NHAN,DON VI,"
    "GHI CHU",
    "số qđ , ngày ký,hình thức khen thưởng,Người ký,Cơ quan ban hành,Phong trào thi đua,Kỳ khen thưởng,Lí do,"
    "Đối tượng,Họ tên,Đơn vị công tác,Trích dẫn:",
    "Số quyết định,decision_date,Hình thức,ISSUER_TITLE,Cơ quan khen thưởng,movement,Năm,reason,Loại người nhận,"
    "recipient_name,Đơn vị,citation",
])
def test_vietnamese_headers_with_or_without_diacritics_read_as_the_english_ones(header):
    assert imported(header) == imported(ENGLISH)


def test_headers_in_decomposed_unicode_are_read_too():
    import unicodedata

    assert column_of(unicodedata.normalize("NFD", "Người nhận")) == "recipient_name"


def test_every_vietnamese_spelling_names_one_column_only():
    from newsroom.text import fold

    spellings = [" ".join(fold(name).split()) for names in VIETNAMESE_HEADERS.values() for name in names]
    assert len(spellings) == len(set(spellings))
    assert all(HEADER_NAMES[column] == column for column in VIETNAMESE_HEADERS)


def test_a_column_named_twice_in_two_languages_is_refused():
    report = import_csv(("Ngày," + ENGLISH + "\n,").encode())
    assert [str(error) for error in report.errors] == ["Dòng 1: dòng tiêu đề có cột lặp lại: Ngày / decision_date"]


def test_the_sample_has_vietnamese_headers_a_bom_and_imports_cleanly():
    raw = sample_csv()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.decode("utf-8-sig").splitlines()[0] == (
        "Số quyết định,Ngày quyết định,Hình thức,Cấp khen thưởng,Cơ quan khen thưởng,Phong trào,Năm,Lý do,"
        "Loại người nhận,Người nhận,Đơn vị,Trích dẫn")
    assert b"\r\n" in raw
    report = import_csv(raw)
    assert report.ok and report.notes == []
    assert sorted(Award.objects.values_list("decision_number", "form__name", "year")) == [
        ("125/QĐ-CAT", "Giấy khen", 2018), ("47/QĐ-UBND", "Bằng khen", 2020)]
    assert AwardRecipient.objects.count() == 3


def test_the_import_page_offers_the_sample_and_it_imports_through_the_page(client, editor):
    client.force_login(editor)
    page = client.get(reverse("admin:awards_award_import")).content.decode()
    sample_url = reverse("admin:awards_award_import_sample")
    assert f'href="{sample_url}"' in page
    response = client.get(sample_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="mau-khen-thuong.csv"'
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("mau-khen-thuong.csv", response.content, content_type="text/csv")
    result = client.post(reverse("admin:awards_award_import"), {"file": upload, "public": "on"})
    assert result.status_code == 302
    assert Award.objects.filter(visibility=Visibility.PUBLIC).count() == 2


def test_the_sample_is_for_whoever_may_import(client, reporter):
    client.force_login(reporter)
    assert client.get(reverse("admin:awards_award_import_sample")).status_code == 403


def test_the_import_page_is_an_admin_page_with_admin_form_rows(client, editor):
    client.force_login(editor)
    page = client.get(reverse("admin:awards_award_import")).content.decode()
    assert 'id="header"' in page and 'class="breadcrumbs"' in page  # admin/base_site.html
    assert "admin/css/forms.css" in page
    assert page.count('class="form-row field-') == 3
    assert "<td>Người nhận</td>" in page and "<code>recipient_name</code>" in page


def _main(html: str) -> str:
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


def test_the_public_awards_pages_use_the_site_base_and_every_class_they_use_is_styled(client):
    article = ArticleFactory(title="Bài về khen thưởng", live=True)
    award = AwardFactory(decision_number="125/QĐ-CAT", decision_date=timezone.datetime(2019, 3, 8).date(),
                         reason="Có thành tích", recipients=[("collective", "Công an phường Nam Lý", "Xuất sắc")],
                         articles=[article], public=True)
    recipient = award.recipient_links.get().recipient
    stylesheet = open(finders.find("css/site.css"), encoding="utf-8").read()
    for url in [reverse("awards:index"), reverse("awards:year", args=[2018]), award.get_absolute_url(),
                recipient.get_absolute_url()]:
        html = client.get(url).content.decode()
        assert 'class="site-header"' in html, url  # templates/base.html
        assert re.search(r'<link rel="stylesheet" href="[^"]*site[^"]*\.css"', html), url
        classes = {name for attr in re.findall(r'class="([^"]+)"', _main(html)) for name in attr.split()}
        unstyled = sorted(name for name in classes if not re.search(r"\." + re.escape(name) + r"\b", stylesheet))
        assert unstyled == [], url
