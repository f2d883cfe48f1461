"""The awards spreadsheet: a good file, idempotency, every kind of bad row, export and round trip, admin upload."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from awards.importer import COLUMNS, export_csv, import_csv, parse_csv
from awards.models import Award, AwardForm, AwardRecipient, Recipient, Visibility

pytestmark = pytest.mark.django_db

HEADER = ",".join(COLUMNS)
GOOD = "\n".join([
    HEADER,
    '125/QĐ-CAT,08/03/2019,Giấy khen,Giám đốc Công an tỉnh,Công an tỉnh Quảng Bình,Toàn dân bảo vệ ANTQ,2018,'
    '"Có thành tích xuất sắc trong phong trào, năm 2018",tập thể,Công an phường Nam Lý,Công an thành phố Đồng Hới,',
    '125/QĐ-CAT,08/03/2019,Giấy khen,Giám đốc Công an tỉnh,Công an tỉnh Quảng Bình,Toàn dân bảo vệ ANTQ,2018,'
    '"Có thành tích xuất sắc trong phong trào, năm 2018",ca nhan,Trần Thị Bình,Công an phường Nam Lý,'
    'Phát hiện 3 vụ việc',
    '88/QĐ-UBND,2019-03-08,bằng khen,Chủ tịch UBND thành phố,,,2016-2020,,Collective,Tổ dân phố 5,'
    'Phường Nam Lý,',
]) + "\n"


def rows_of(awards=None):
    return export_csv(awards).decode("utf-8-sig").splitlines()


def good_import(**kwargs):
    report = import_csv(GOOD.encode("utf-8"), **kwargs)
    assert report.ok, report.errors
    return report


def test_good_file_creates_awards_recipients_and_citations():
    report = good_import()
    assert (report.rows, report.awards_created, report.recipients_created, report.links_added) == (3, 2, 3, 3)
    assert report.summary() == ("Đã nhập 3 dòng: 2 quyết định mới, 0 quyết định cập nhật, 0 không đổi; 3 người/tập "
                                "thể mới; 3 lượt khen thêm, 0 sửa, 0 gỡ.")
    police = Award.objects.get(decision_number="125/QĐ-CAT")
    assert (police.form.name, police.issuer_title, police.issuer_organization, police.decision_date,
            police.movement, police.period, police.year, police.reason, police.visibility) == (
        "Giấy khen", "Giám đốc Công an tỉnh", "Công an tỉnh Quảng Bình", datetime.date(2019, 3, 8),
        "Toàn dân bảo vệ ANTQ", "2018", 2018, "Có thành tích xuất sắc trong phong trào, năm 2018",
        Visibility.INTERNAL)
    assert [(link.recipient.kind, link.recipient.name, link.recipient.unit, link.citation)
            for link in police.recipient_links.all()] == [
        ("collective", "Công an phường Nam Lý", "Công an thành phố Đồng Hới", ""),
        ("individual", "Trần Thị Bình", "Công an phường Nam Lý", "Phát hiện 3 vụ việc")]
    city = Award.objects.get(decision_number="88/QĐ-UBND")
    assert (city.form.name, city.period, city.year, city.decision_date) == (
        "Bằng khen", "2016-2020", 2020, datetime.date(2019, 3, 8))
    assert Recipient.objects.get(name="Tổ dân phố 5").slug == "to-dan-pho-5-phuong-nam-ly"


def test_semicolon_separated_file_with_bom_and_crlf_reads_the_same():
    semicolon = "\r\n".join([
        ";".join(COLUMNS),
        "7/QĐ;31/12/2018;Giấy khen;Chủ tịch UBND thành phố;;;2018;Hoàn thành xuất sắc, nhiệm vụ;cá nhân;Lê Văn Cường;;",
    ]) + "\r\n"
    report = import_csv(b"\xef\xbb\xbf" + semicolon.encode("utf-8"))
    assert report.ok, report.errors
    award = Award.objects.get()
    assert (award.decision_number, award.reason, award.decision_date) == (
        "7/QĐ", "Hoàn thành xuất sắc, nhiệm vụ", datetime.date(2018, 12, 31))
    assert award.recipients.get().name == "Lê Văn Cường"


def test_public_option_makes_new_awards_public():
    good_import(visibility=Visibility.PUBLIC)
    assert set(Award.objects.values_list("visibility", flat=True)) == {Visibility.PUBLIC}


def test_importing_the_same_file_twice_changes_nothing():
    good_import()
    before = rows_of()
    updated_at = dict(Award.objects.values_list("pk", "updated_at"))
    report = good_import(visibility=Visibility.PUBLIC)
    assert not report.changed
    assert report.summary() == "Không có thay đổi nào: 3 dòng, 2 quyết định đã khớp với dữ liệu hiện có."
    assert rows_of() == before
    assert dict(Award.objects.values_list("pk", "updated_at")) == updated_at
    assert (Award.objects.count(), Recipient.objects.count(), AwardRecipient.objects.count()) == (2, 3, 3)
    # Visibility is the newsroom's decision, never the spreadsheet's.
    assert set(Award.objects.values_list("visibility", flat=True)) == {Visibility.INTERNAL}


def test_reimport_of_a_corrected_file_updates_the_award_and_its_recipients():
    good_import()
    corrected = GOOD.replace("Trần Thị Bình", "Trần Thị Bính").replace("Phát hiện 3 vụ việc", "Phát hiện 4 vụ việc")
    report = import_csv(corrected.encode("utf-8"))
    assert report.ok
    assert (report.awards_updated, report.awards_unchanged, report.recipients_created, report.links_added,
            report.links_removed) == (1, 1, 1, 1, 1)
    police = Award.objects.get(decision_number="125/QĐ-CAT")
    assert [(link.recipient.name, link.citation) for link in police.recipient_links.all()] == [
        ("Công an phường Nam Lý", ""), ("Trần Thị Bính", "Phát hiện 4 vụ việc")]
    # The misspelt recipient stays (it may have other awards) but is off this award.
    assert Recipient.objects.filter(name="Trần Thị Bình").exists()


BAD_ROWS = [
    (",08/03/2019,Giấy khen,Giám đốc Công an tỉnh,,,2018,,tập thể,Công an phường Nam Lý,,",
     "thiếu số quyết định (cột decision_number)"),
    ("1/QĐ,8/3/19,Giấy khen,Giám đốc Công an tỉnh,,,2018,,tập thể,Công an phường Nam Lý,,",
     "ngày quyết định «8/3/19» phải viết DD/MM/YYYY hoặc YYYY-MM-DD"),
    ("1/QĐ,31/02/2019,Giấy khen,Giám đốc Công an tỉnh,,,2018,,tập thể,Công an phường Nam Lý,,",
     "ngày quyết định «31/02/2019» không có thật"),
    ("1/QĐ,08/03/2019,Giấy khen danh dự,Giám đốc Công an tỉnh,,,2018,,tập thể,Công an phường Nam Lý,,",
     "hình thức khen thưởng «Giấy khen danh dự» chưa có trong danh mục (thêm nó trong trang quản trị, mục "
     "«Hình thức khen thưởng», nếu đúng là một hình thức mới)"),
    ("1/QĐ,08/03/2019,,Giám đốc Công an tỉnh,,,2018,,tập thể,Công an phường Nam Lý,,",
     "thiếu hình thức khen thưởng (cột form)"),
    ("1/QĐ,08/03/2019,Giấy khen,,,,2018,,tập thể,Công an phường Nam Lý,,",
     "thiếu người/cấp khen thưởng (cột issuer_title)"),
    ("1/QĐ,08/03/2019,Giấy khen,Giám đốc Công an tỉnh,,,,,tập thể,Công an phường Nam Lý,,",
     "thiếu kỳ khen thưởng (năm) (cột period)"),
    ("1/QĐ,08/03/2019,Giấy khen,Giám đốc Công an tỉnh,,,năm 2018,,tập thể,Công an phường Nam Lý,,",
     "kỳ khen thưởng «năm 2018» phải là một năm (2018) hoặc một khoảng năm (2016-2020)"),
    ("1/QĐ,08/03/2019,Giấy khen,Giám đốc Công an tỉnh,,,2018,,đơn vị,Công an phường Nam Lý,,",
     "loại người nhận «đơn vị» phải là «tập thể» hoặc «cá nhân»"),
    ("1/QĐ,08/03/2019,Giấy khen,Giám đốc Công an tỉnh,,,2018,,,Công an phường Nam Lý,,",
     "thiếu loại người nhận (cột recipient_kind: «tập thể» hoặc «cá nhân»)"),
    ("1/QĐ,08/03/2019,Giấy khen,Giám đốc Công an tỉnh,,,2018,,tập thể,,,Có thành tích",
     "thiếu tên người/tập thể được khen (cột recipient_name)"),
    ("1/QĐ,08/03/2019,Giấy khen,Giám đốc Công an tỉnh,,,2018,,cá nhân," + "A" * 256 + ",,",
     "cột recipient_name dài 256 ký tự (tối đa 255)"),
]


@pytest.mark.parametrize("row, reason", BAD_ROWS)
def test_each_kind_of_bad_row_is_reported_and_nothing_is_written(row, reason):
    text = GOOD + row + "\n"
    report = import_csv(text.encode("utf-8"))
    assert [str(error) for error in report.errors] == [f"Dòng 5: {reason}"]
    assert report.summary() == "Không nhập gì: 1 dòng lỗi."
    assert (Award.objects.count(), Recipient.objects.count(), AwardRecipient.objects.count()) == (0, 0, 0)


def test_every_bad_row_is_reported_with_its_line_number():
    text = "\n".join([
        HEADER,
        "1/QĐ,08/03/2019,Giấy khen,Giám đốc Công an tỉnh,,,2018,,tập thể,Công an phường Nam Lý,,",
        '2/QĐ,08/03/2019,Giấy khen,Giám đốc Công an tỉnh,,,2018,"Lý do\nhai dòng",tập thể,Tổ 1,,',
        "2/QĐ,08/03/2019,Giấy khen,Giám đốc Công an tỉnh,,,2018,Lý do khác,tập thể,Tổ 2,,",
        "",
        "1/QĐ,08/03/2019,Giấy khen,Giám đốc Công an tỉnh,,,2018,,Tập thể,Công an  phường Nam Lý,,",
        "3/QĐ,xx,Giấy khen,,,,2018,,tập thể,Tổ 3,,",
    ]) + "\n"
    report = import_csv(text.encode("utf-8"))
    assert [str(error) for error in report.errors] == [
        "Dòng 5: cùng quyết định 2/QĐ với dòng 3 nhưng khác ở cột reason",
        "Dòng 7: «Công an phường Nam Lý» đã có trong quyết định 1/QĐ ở dòng 2",
        "Dòng 8: thiếu người/cấp khen thưởng (cột issuer_title)",
        "Dòng 8: ngày quyết định «xx» phải viết DD/MM/YYYY hoặc YYYY-MM-DD",
    ]
    assert Award.objects.count() == 0


@pytest.mark.parametrize("raw, reason", [
    (b"", "Dòng 1: tệp rỗng"),
    ("decision_number,form\n1,Giấy khen\n".encode(), "Dòng 1: dòng tiêu đề thiếu cột decision_date (Ngày quyết "
     "định), issuer_title (Cấp khen thưởng), issuer_organization (Cơ quan khen thưởng), movement (Phong trào), "
     "period (Năm), reason (Lý do), recipient_kind (Loại người nhận), recipient_name (Người nhận), recipient_unit "
     "(Đơn vị), citation (Trích dẫn) (tải tệp mẫu ở trang nhập để xem tên cột)"),
    (HEADER.encode() + b"\n", "Dòng 1: tệp không có dòng dữ liệu nào"),
    (b"Gi\xe1y khen", "Dòng 1: tệp không phải UTF-8 (byte lỗi ở vị trí 2): hãy lưu dưới dạng CSV UTF-8"),
    (b"PK\x03\x04\x00\x00", "Dòng 1: tệp nhị phân (có thể là .xlsx), không phải CSV: hãy lưu bảng tính dưới dạng CSV "
     "UTF-8"),
])
def test_unreadable_files_are_refused_with_a_reason(raw, reason):
    report = import_csv(raw)
    assert [str(error) for error in report.errors] == [reason]


def test_extra_columns_such_as_a_row_number_are_ignored_with_a_note():
    text = "STT," + HEADER + "\n1,1/QĐ,,Giấy khen,Giám đốc Công an tỉnh,,,2018,,tập thể,Tổ 1,,\n"
    groups, report = parse_csv(text.encode())
    assert report.ok
    assert report.notes == ["Bỏ qua các cột ngoài mẫu: STT."]
    assert [(g.decision_number, [r.name for r in g.recipients]) for g in groups] == [("1/QĐ", ["Tổ 1"])]


def test_a_form_added_in_the_admin_is_accepted_by_the_import():
    AwardForm.objects.create(name="Giấy khen danh dự")
    row = "1/QĐ,08/03/2019,Giấy khen danh dự,Giám đốc Công an tỉnh,,,2018,,tập thể,Công an phường Nam Lý,,"
    assert import_csv((HEADER + "\n" + row + "\n").encode()).ok
    assert Award.objects.get().form.name == "Giấy khen danh dự"


def test_export_gives_back_the_import_layout():
    good_import()
    assert rows_of() == [
        HEADER,
        '125/QĐ-CAT,08/03/2019,Giấy khen,Giám đốc Công an tỉnh,Công an tỉnh Quảng Bình,Toàn dân bảo vệ ANTQ,2018,'
        '"Có thành tích xuất sắc trong phong trào, năm 2018",tập thể,Công an phường Nam Lý,Công an thành phố Đồng '
        'Hới,',
        '125/QĐ-CAT,08/03/2019,Giấy khen,Giám đốc Công an tỉnh,Công an tỉnh Quảng Bình,Toàn dân bảo vệ ANTQ,2018,'
        '"Có thành tích xuất sắc trong phong trào, năm 2018",cá nhân,Trần Thị Bình,Công an phường Nam Lý,'
        'Phát hiện 3 vụ việc',
        "88/QĐ-UBND,08/03/2019,Bằng khen,Chủ tịch UBND thành phố,,,2016-2020,,tập thể,Tổ dân phố 5,Phường Nam Lý,",
    ]
    assert export_csv().startswith(b"\xef\xbb\xbf")
    assert rows_of(Award.objects.filter(decision_number="88/QĐ-UBND"))[1:] == [rows_of()[3]]


def test_export_wipe_import_export_is_byte_identical(tmp_path):
    good_import()
    award = Award.objects.get(decision_number="88/QĐ-UBND")
    award.reason = "Lý do có dấu \"ngoặc\" và\nxuống dòng; chấm phẩy"
    award.save()
    Award.objects.create(form=AwardForm.objects.get(slug="co-thi-dua"), issuer_title="Thủ tướng Chính phủ",
                         decision_number="99/QĐ-TTg", period_start=2017)  # no recipients yet
    first = tmp_path / "first.csv"
    call_command("export_awards", str(first))
    AwardRecipient.objects.all().delete()
    Award.objects.all().delete()
    Recipient.objects.all().delete()
    call_command("import_awards", str(first))
    second = tmp_path / "second.csv"
    call_command("export_awards", str(second))
    assert second.read_bytes() == first.read_bytes()
    assert Award.objects.count() == 3
    assert Award.objects.get(decision_number="99/QĐ-TTg").recipients.count() == 0


def test_export_leaves_out_drafts_without_a_decision_number(capsys):
    Award.objects.create(form=AwardForm.objects.get(slug="giay-khen"), issuer_title="Giám đốc Công an tỉnh",
                         period_start=2018)
    call_command("export_awards")
    out, err = capsys.readouterr()
    assert out == "\ufeff" + HEADER + "\r\n"
    assert err == "Bỏ qua 1 khen thưởng chưa có số quyết định.\n"


def test_import_command_reports_bad_rows_and_exits_non_zero(tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text(GOOD + "1/QĐ,,Giấy khen,,,,2018,,tập thể,Tổ 1,,\n", encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_command("import_awards", str(path))
    assert caught.value.returncode == 1
    assert str(caught.value) == f"{path}: Không nhập gì: 1 dòng lỗi."
    assert capsys.readouterr().err == f"{path}: Dòng 5: thiếu người/cấp khen thưởng (cột issuer_title)\n"
    assert Award.objects.count() == 0


def test_import_command_twice_says_nothing_changed(tmp_path, capsys):
    path = tmp_path / "good.csv"
    path.write_bytes(GOOD.encode("utf-8"))
    call_command("import_awards", str(path), "--public")
    call_command("import_awards", str(path))
    out = capsys.readouterr().out.splitlines()
    assert out[1] == f"{path}: Không có thay đổi nào: 3 dòng, 2 quyết định đã khớp với dữ liệu hiện có."
    assert set(Award.objects.values_list("visibility", flat=True)) == {Visibility.PUBLIC}


def test_import_command_dry_run_writes_nothing(tmp_path, capsys):
    path = tmp_path / "good.csv"
    path.write_bytes(GOOD.encode("utf-8"))
    call_command("import_awards", str(path), "--dry-run")
    assert capsys.readouterr().out == f"{path}: tệp hợp lệ, 3 dòng (chạy thử, chưa ghi gì).\n"
    assert Award.objects.count() == 0


def test_import_command_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError) as caught:
        call_command("import_awards", str(tmp_path / "none.csv"))
    assert str(caught.value) == f"{tmp_path / 'none.csv'}: không tìm thấy tệp."


@pytest.fixture
def admin_client(client, superuser, settings):
    client.force_login(superuser)
    return client


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_admin_upload_imports_a_good_file(admin_client):
    upload = SimpleUploadedFile("khen-thuong.csv", GOOD.encode("utf-8"), content_type="text/csv")
    response = admin_client.post(reverse("admin:awards_award_import"), {"file": upload, "public": "on"}, follow=True)
    assert response.redirect_chain == [(reverse("admin:awards_award_changelist"), 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "Đã nhập 3 dòng: 2 quyết định mới, 0 quyết định cập nhật, 0 không đổi; 3 người/tập thể mới; 3 lượt khen "
        "thêm, 0 sửa, 0 gỡ."]
    assert set(Award.objects.values_list("visibility", flat=True)) == {Visibility.PUBLIC}


def test_admin_upload_shows_every_bad_row_and_writes_nothing(admin_client):
    text = GOOD + "1/QĐ,,Giấy khen,,,,2018,,tập thể,Tổ 1,,\n1/QĐ,,Giấy khen,X,,,2018,,nhóm,Tổ 2,,\n"
    upload = SimpleUploadedFile("khen-thuong.csv", text.encode("utf-8"), content_type="text/csv")
    response = admin_client.post(reverse("admin:awards_award_import"), {"file": upload})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dòng 5: thiếu người/cấp khen thưởng (cột issuer_title)" in html
    assert "Dòng 6: loại người nhận «nhóm» phải là «tập thể» hoặc «cá nhân»" in html
    assert Award.objects.count() == 0


def test_admin_upload_requires_a_file(admin_client):
    response = admin_client.post(reverse("admin:awards_award_import"), {})
    assert response.status_code == 200
    assert response.context["form"].errors == {"file": ["Trường này là bắt buộc."]}


def test_admin_export_downloads_the_csv(admin_client):
    good_import()
    response = admin_client.get(reverse("admin:awards_award_export"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="khen-thuong-')
    assert response.content == export_csv()


def test_admin_export_action_exports_only_the_selected(admin_client):
    good_import()
    award = Award.objects.get(decision_number="88/QĐ-UBND")
    response = admin_client.post(reverse("admin:awards_award_changelist"),
                                 {"action": "export_selected", "_selected_action": [award.pk]})
    assert response.content.decode("utf-8-sig").splitlines() == [HEADER, rows_of()[3]]


def test_staff_without_award_permissions_cannot_import(client, reporter):
    client.force_login(reporter)
    response = client.get(reverse("admin:awards_award_import"))
    assert response.status_code == 403


def test_admin_dry_run_checks_the_file_and_writes_nothing(admin_client):
    upload = SimpleUploadedFile("khen-thuong.csv", GOOD.encode("utf-8"), content_type="text/csv")
    response = admin_client.post(reverse("admin:awards_award_import"), {"file": upload, "dry_run": "on"})
    assert response.status_code == 200
    assert "Tệp hợp lệ: 3 dòng (chạy thử, chưa ghi gì)." in response.content.decode()
    assert Award.objects.count() == 0


def test_admin_upload_of_a_spreadsheet_binary_is_refused_with_a_reason(admin_client):
    upload = SimpleUploadedFile("khen-thuong.xlsx", b"PK\x03\x04\x00\x00binary", content_type="application/zip")
    response = admin_client.post(reverse("admin:awards_award_import"), {"file": upload})
    assert response.status_code == 200
    assert "Dòng 1: tệp nhị phân (có thể là .xlsx), không phải CSV" in response.content.decode()
