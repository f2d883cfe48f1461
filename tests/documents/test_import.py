"""import_documents: all-or-nothing per file, every bad row by line, idempotent, files by name."""

import pytest
from django.core.management import CommandError, call_command

from documents.importer import import_csv
from documents.models import Document, DocumentRelation, IssuingBody, LegalStatus, RelationKind, State

pytestmark = pytest.mark.django_db

HEADER = "kind,number,issuing_body,signer,signer_title,issued_on,effective_on,expires_on,sector,summary,files,replaces\n"
GOOD = (HEADER
        + 'Quyết định,10/QĐ-UBND,UBND thành phố Đồng Hới,Trần Phong,Chủ tịch,02/01/2020,12/01/2020,,Đất đai,'
          '"Quy chế quản lý đất đai, bản cũ",qd10.pdf,\n'
        + 'quyet dinh,146/QĐ-UBND,UBND thành phố Đồng Hới,Trần Phong,Chủ tịch,2026-01-05,2026-01-15,,Đất đai,'
          'Quy chế quản lý đất đai (thay thế),qd146.pdf;phu-luc.xlsx,10/QD-UBND\n')


@pytest.fixture
def files_dir(tmp_path, files):
    folder = tmp_path / "tep"
    folder.mkdir()
    (folder / "qd10.pdf").write_bytes(files["pdf"])
    (folder / "qd146.pdf").write_bytes(files["pdf"] + b"% 146\n")
    (folder / "phu-luc.xlsx").write_bytes(files["xlsx"])
    (folder / "virus.pdf").write_bytes(b"MZ\x90\x00")
    return folder


def test_a_good_file_brings_in_documents_files_and_links_unpublished(files_dir):
    report = import_csv(GOOD.encode("utf-8-sig"), files_dir=files_dir)
    assert report.ok, report.errors
    assert (report.created, report.files_added, report.relations_added) == (2, 3, 1)
    new = Document.objects.get(number="146/QĐ-UBND")
    assert new.state == State.DRAFT
    assert [item.name for item in new.files.all()] == ["qd146.pdf", "phu-luc.xlsx"]
    assert [item.file_type for item in new.files.all()] == ["PDF", "XLSX"]
    relation = DocumentRelation.objects.get()
    assert (relation.source, relation.kind, relation.target.number) == (new, RelationKind.REPLACES, "10/QĐ-UBND")
    assert "Thêm cơ quan ban hành mới: UBND thành phố Đồng Hới." in report.notes
    assert new.issuing_body.name == "UBND thành phố Đồng Hới" and IssuingBody.objects.count() == 1
    assert Document.objects.with_legal_status().get(number="10/QĐ-UBND").legal_status in (
        LegalStatus.IN_FORCE,)  # the replacement is not published: the old one stays in force


def test_importing_the_same_file_again_changes_nothing(files_dir):
    import_csv(GOOD.encode(), files_dir=files_dir)
    again = import_csv(GOOD.encode(), files_dir=files_dir)
    assert (again.created, again.updated, again.unchanged, again.files_added, again.relations_added) == (0, 0, 2, 0, 0)
    assert Document.objects.count() == 2
    assert sum(document.files.count() for document in Document.objects.all()) == 3


def test_a_changed_row_updates_its_document_found_by_number_in_any_spelling(files_dir):
    import_csv(GOOD.encode(), files_dir=files_dir)
    changed = GOOD.replace("Quy chế quản lý đất đai (thay thế)", "Quy chế quản lý đất đai (sửa)").replace(
        "146/QĐ-UBND", "146/qd-ubnd")
    report = import_csv(changed.encode(), files_dir=files_dir)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    assert Document.objects.get(number_key="146qdubnd").summary == "Quy chế quản lý đất đai (sửa)"


def test_every_bad_row_is_reported_by_line_and_nothing_is_written(files_dir):
    bad = (HEADER
           + "Quyết định,1/QĐ,UBND,,,31/02/2026,,,,Ngày sai,,\n"
           + "Loại lạ,2/QĐ,UBND,,,01/01/2026,,,,Loại không có,,\n"
           + "Quyết định,3/QĐ,UBND,,,01/01/2026,10/01/2026,05/01/2026,,Hết trước khi có,,\n"
           + "Quyết định,4/QĐ,UBND,,,01/01/2026,,,,Tệp xấu,virus.pdf;khong-co.pdf;../x.pdf,\n"
           + "Quyết định,,UBND,,,01/01/2026,,,,,,\n"
           + "Quyết định,5/QĐ,UBND,,,01/01/2026,,,,Tốt,,\n"
           + "Quyết định,5/QD,UBND,,,01/01/2026,,,,Trùng,,\n")
    report = import_csv(bad.encode(), files_dir=files_dir)
    assert [str(error) for error in report.errors] == [
        "Dòng 2: ngày ban hành «31/02/2026» không có thật",
        "Dòng 3: loại văn bản «Loại lạ» chưa có trong danh mục (thêm trong trang quản trị, mục «Loại văn bản», "
        "nếu đúng là loại mới)",
        "Dòng 4: ngày hết hiệu lực phải sau ngày có hiệu lực",
        "Dòng 5: tệp «virus.pdf»: Tệp này không phải PDF, DOC/DOCX, XLS/XLSX hoặc ODT/ODS (kiểm tra theo nội dung "
        "tệp, không theo tên tệp).",
        f"Dòng 5: không thấy tệp «khong-co.pdf» trong {files_dir}",
        "Dòng 5: tên tệp «../x.pdf» chỉ được là tên tệp trong thư mục --files, không có đường dẫn",
        "Dòng 6: thiếu số ký hiệu (cột number)",
        "Dòng 6: thiếu trích yếu (cột summary)",
        "Dòng 8: văn bản 5/QD của UBND đã có ở dòng 7",
    ]
    assert Document.objects.count() == 0 and IssuingBody.objects.count() == 0


def test_a_link_to_an_unknown_number_is_a_row_error(files_dir):
    report = import_csv((HEADER + "Quyết định,9/QĐ,UBND,,,01/01/2026,,,,X,,77/QĐ\n").encode(), files_dir=files_dir)
    assert [str(error) for error in report.errors] == ["Dòng 2: không tìm thấy văn bản số 77/QĐ (trong tệp hoặc sổ)"]


def test_a_spreadsheet_saved_as_xlsx_is_refused_with_advice(files):
    report = import_csv(files["xlsx"])
    assert [str(error) for error in report.errors] == [
        "Dòng 1: tệp nhị phân (có thể là .xlsx), không phải CSV: hãy lưu bảng tính dưới dạng CSV UTF-8"]


def test_files_named_without_a_files_folder_are_refused(files_dir):
    report = import_csv(GOOD.encode())
    assert str(report.errors[0]) == "Dòng 2: cột files có tên tệp nhưng lệnh thiếu --files THƯ_MỤC"


def test_the_command_dry_run_writes_nothing_and_a_bad_file_fails(tmp_path, files_dir, capsys):
    csv_path = tmp_path / "so-van-ban.csv"
    csv_path.write_text(GOOD, encoding="utf-8")
    call_command("import_documents", str(csv_path), "--files", str(files_dir), "--dry-run")
    assert "tệp hợp lệ, 2 dòng (chạy thử, chưa ghi gì)" in capsys.readouterr().out
    assert Document.objects.count() == 0
    call_command("import_documents", str(csv_path), "--files", str(files_dir))
    assert "2 văn bản mới (chưa công bố)" in capsys.readouterr().out
    csv_path.write_text(HEADER + "Quyết định,,UBND,,,01/01/2026,,,,X,,\n", encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("import_documents", str(csv_path))
    assert "Không nhập gì: 1 lỗi." in str(error.value)
    assert "Dòng 2: thiếu số ký hiệu (cột number)" in capsys.readouterr().err


def test_a_file_whose_content_changed_replaces_the_stored_one(files_dir, files, django_capture_on_commit_callbacks):
    import_csv(GOOD.encode(), files_dir=files_dir)
    (files_dir / "qd10.pdf").write_bytes(files["pdf"] + b"% ban moi\n")
    with django_capture_on_commit_callbacks(execute=True):
        report = import_csv(GOOD.encode(), files_dir=files_dir)
    assert (report.files_replaced, report.files_added, report.updated, report.unchanged) == (1, 0, 1, 1)
    item = Document.objects.get(number="10/QĐ-UBND").files.get()
    with item.file.open("rb") as handle:
        assert handle.read().endswith(b"% ban moi\n")


def test_re_importing_a_published_document_shows_the_new_text_at_once(client, files_dir, clerk):
    from documents import workflow

    import_csv(GOOD.encode(), files_dir=files_dir)
    document = workflow.publish(Document.objects.get(number="146/QĐ-UBND"), clerk)
    assert "(thay thế)" in client.get(document.get_absolute_url()).content.decode()
    assert client.get(document.get_absolute_url())["X-Page-Cache"] == "hit"
    import_csv(GOOD.replace("(thay thế)", "(bản sửa)").encode(), files_dir=files_dir)
    assert "(bản sửa)" in client.get(document.get_absolute_url()).content.decode()
