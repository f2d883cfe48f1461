"""The comment flow on a draft: the form, every refusal (nothing half-saved), the closing time
passing during the test, the email after commit, what the public sees, the summary report."""

import datetime
import re
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from documents import consultation as consultation_actions
from documents.models import Comment, CommentStatus, ConsultationPart

pytestmark = pytest.mark.django_db


def token_of(response) -> str:
    return re.search(r'name="ts" value="([^"]+)"', response.content.decode()).group(1)


def fill(consultation, client, **overrides):
    data = {"name": "Nguyễn Thị Hoa", "email": "hoa@example.com", "phone": "", "organisation": "Hội Kiến trúc sư",
            "part": "", "body": "Đề nghị bổ sung quy định về giấy phép xây dựng tạm.", "publish_name": "on",
            "website": "", "ts": token_of(client.get(consultation.get_absolute_url()))}
    data.update(overrides)
    return data


def post(client, consultation, data, **extra):
    return client.post(consultation.get_absolute_url(), data, **extra)


def test_the_open_drafts_page_shows_the_days_left_and_the_closed_ones(client, make_consultation):
    open_one = make_consultation(days=3, summary="Dự thảo đang mở")
    now = timezone.now()
    closed = make_consultation(opens_at=now - datetime.timedelta(days=30), closes_at=now - datetime.timedelta(days=1),
                               summary="Dự thảo đã đóng")
    page = client.get("/lay-y-kien/").content.decode()
    assert "Còn 3 ngày" in page
    assert page.index("Dự thảo đang mở") < page.index("Đã hết hạn lấy ý kiến") < page.index("Dự thảo đã đóng")
    assert open_one.get_absolute_url() in page and closed.get_absolute_url() in page


def test_a_comment_is_stored_privately_and_emails_the_unit_once_after_commit(
        client, make_consultation, mailoutbox, django_capture_on_commit_callbacks):
    consultation = make_consultation()
    part = consultation.parts.get(label="Điều 5")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = post(client, consultation, fill(consultation, client, part=str(part.pk)))
    assert response.status_code == 302
    assert response["Location"] == consultation.get_absolute_url() + "?da-gui=1#gop-y"
    comment = Comment.objects.get()
    assert (comment.name, comment.email, comment.part, comment.status, comment.publish_name) == (
        "Nguyễn Thị Hoa", "hoa@example.com", part, CommentStatus.PENDING, True)
    assert len(callbacks) == 1
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["qldt@example.gov.vn"]
    assert "Đề nghị bổ sung quy định về giấy phép xây dựng tạm." in mailoutbox[0].body
    assert "Phần góp ý: Điều 5. Nội dung Điều 5" in mailoutbox[0].body
    thanks = client.get(response["Location"]).content.decode()
    assert "Cảm ơn bạn đã góp ý." in thanks
    assert "Đề nghị bổ sung quy định" not in thanks  # not public before moderation


def _refused(client, consultation, data, status, message, mailoutbox):
    response = post(client, consultation, data)
    assert response.status_code == status
    assert message in response.content.decode()
    assert Comment.objects.count() == 0
    assert mailoutbox == []
    return response


def test_a_filled_hidden_field_is_refused(client, make_consultation, mailoutbox):
    consultation = make_consultation()
    _refused(client, consultation, fill(consultation, client, website="http://spam.example"), 400,
             "ô “Để trống ô này” phải để trống", mailoutbox)


def test_a_comment_sent_too_soon_after_the_page_opened_is_refused(client, settings, make_consultation, mailoutbox):
    settings.DOCUMENT_COMMENT_MIN_SECONDS = 5
    consultation = make_consultation()
    _refused(client, consultation, fill(consultation, client), 400, "Góp ý được gửi quá nhanh", mailoutbox)
    older = consultation_actions.form_token(consultation, issued_at=time.time() - 6)
    assert post(client, consultation, fill(consultation, client, ts=older)).status_code == 302


@pytest.mark.parametrize("token,message", [
    ("", "Biểu mẫu không hợp lệ."),
    ("forged:token", "Biểu mẫu không hợp lệ."),
])
def test_a_missing_or_forged_time_field_is_refused(client, make_consultation, mailoutbox, token, message):
    consultation = make_consultation()
    _refused(client, consultation, fill(consultation, client, ts=token), 400, message, mailoutbox)


def test_a_page_left_open_for_days_must_be_reloaded(client, make_consultation, mailoutbox):
    consultation = make_consultation()
    stale = consultation_actions.form_token(consultation, issued_at=time.time() - 3 * 24 * 3600)
    _refused(client, consultation, fill(consultation, client, ts=stale), 400, "Trang góp ý đã mở quá lâu",
             mailoutbox)


def test_a_token_of_another_draft_is_refused(client, make_consultation, mailoutbox):
    consultation = make_consultation()
    other = make_consultation(summary="Dự thảo khác")
    _refused(client, consultation, fill(consultation, client, ts=consultation_actions.form_token(other)), 400,
             "Biểu mẫu không hợp lệ.", mailoutbox)


def test_one_address_may_send_only_a_few_comments_per_hour(client, settings, make_consultation, mailoutbox):
    settings.DOCUMENT_COMMENT_RATE_LIMIT = 2
    consultation = make_consultation()
    for _ in range(2):
        assert post(client, consultation, fill(consultation, client)).status_code == 302
    mailoutbox.clear()
    response = post(client, consultation, fill(consultation, client))
    assert response.status_code == 429
    assert "Địa chỉ mạng này đã gửi 2 góp ý trong 60 phút qua" in response.content.decode()
    assert Comment.objects.count() == 2
    other_address = post(client, consultation, fill(consultation, client), REMOTE_ADDR="10.9.9.9")
    assert other_address.status_code == 302


@pytest.mark.parametrize("overrides,message", [
    ({"name": ""}, "Vui lòng nhập họ và tên."),
    ({"body": "   "}, "Vui lòng nhập nội dung góp ý."),
    ({"email": "", "phone": ""}, "Vui lòng để lại thư điện tử hoặc số điện thoại"),
    ({"email": "khong-phai-email"}, "Địa chỉ thư điện tử không hợp lệ."),
    ({"email": "", "phone": "gọi tôi"}, "Số điện thoại không hợp lệ"),
    ({"name": "A" * 121}, "Họ và tên dài quá: tối đa 120 ký tự (hiện có 121)."),
    ({"body": "x" * 5001}, "Nội dung góp ý dài quá: tối đa 5000 ký tự (hiện có 5001)."),
    ({"part": "999999"}, "Phần được chọn không thuộc dự thảo này."),
])
def test_bad_input_is_refused_with_a_vietnamese_message_and_the_form_kept(client, make_consultation, mailoutbox,
                                                                        overrides, message):
    consultation = make_consultation()
    response = _refused(client, consultation, fill(consultation, client, **overrides), 400, message, mailoutbox)
    assert 'name="ts"' in response.content.decode()  # the form is shown again, with a fresh time


def test_a_part_of_another_draft_is_refused(client, make_consultation, mailoutbox):
    consultation = make_consultation()
    other_part = make_consultation(summary="Dự thảo khác").parts.first()
    _refused(client, consultation, fill(consultation, client, part=str(other_part.pk)), 400,
             "Phần được chọn không thuộc dự thảo này.", mailoutbox)


def test_the_form_closes_by_itself_when_the_closing_time_passes(client, make_consultation, mailoutbox):
    consultation = make_consultation(closes_at=timezone.now() + datetime.timedelta(seconds=2))
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert 'name="ts"' in page
    data = fill(consultation, client)
    time.sleep(max((consultation.closes_at - timezone.now()).total_seconds(), 0) + 0.1)
    shown = timezone.localtime(consultation.closes_at).strftime("%d/%m/%Y %H:%M")
    response = _refused(client, consultation, data, 403, f"Đã hết hạn lấy ý kiến lúc {shown}: góp ý không được nhận.",
                        mailoutbox)
    assert 'name="ts"' not in response.content.decode()
    assert 'name="ts"' not in client.get(consultation.get_absolute_url()).content.decode()


def test_the_closing_time_is_shown_in_ho_chi_minh_time(client, make_consultation):
    closes = datetime.datetime(2030, 1, 15, 10, 0, tzinfo=datetime.timezone.utc)  # 17:00 in Hà Nội
    consultation = make_consultation(closes_at=closes)
    assert "đến 15/01/2030 17:00" in client.get(consultation.get_absolute_url()).content.decode()


def test_a_comment_before_the_opening_time_is_refused(client, make_consultation, mailoutbox):
    now = timezone.now()
    consultation = make_consultation(opens_at=now + datetime.timedelta(days=1), closes_at=now + datetime.timedelta(days=5))
    token = consultation_actions.form_token(consultation)
    data = {"name": "A", "email": "a@example.com", "body": "x", "ts": token, "website": ""}
    _refused(client, consultation, data, 403, "Dự thảo chưa mở lấy ý kiến", mailoutbox)


def test_the_public_sees_only_accepted_comments_and_names_only_with_consent(client, make_consultation, clerk):
    consultation = make_consultation()
    token = consultation_actions.form_token(consultation)
    made = {}
    for name, body, consent in [("Lê Văn Công", "Góp ý công khai có tên", True),
                                ("Trần Ẩn", "Góp ý công khai không tên", False),
                                ("Phạm Riêng", "Góp ý giữ nội bộ", True), ("Spam Bot", "Mua thuốc giá rẻ", True),
                                ("Chờ Duyệt", "Góp ý chưa xử lý", True)]:
        made[body] = consultation_actions.submit_comment(
            consultation, consultation_actions.CommentData(name=name, email="x@example.com", phone="0912345678",
                                                            body=body, publish_name=consent),
            address=None, token=token)
    for body, decision in [("Góp ý công khai có tên", "accept"), ("Góp ý công khai không tên", "accept"),
                           ("Góp ý giữ nội bộ", "keep_private"), ("Mua thuốc giá rẻ", "spam")]:
        consultation_actions.moderate(made[body], clerk, decision)
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert "Góp ý công khai có tên" in page and "Lê Văn Công" in page
    assert "Góp ý công khai không tên" in page and "Trần Ẩn" not in page and "Người góp ý đề nghị ẩn danh" in page
    for hidden in ("Góp ý giữ nội bộ", "Mua thuốc giá rẻ", "Góp ý chưa xử lý", "x@example.com", "0912345678"):
        assert hidden not in page


def test_the_summary_report_is_refused_before_closing_and_shown_after(client, make_consultation, files):
    from django.core.exceptions import ValidationError

    consultation = make_consultation()
    consultation.report_text = "Đã tiếp thu 12 ý kiến."
    with pytest.raises(ValidationError) as error:
        consultation.full_clean()
    assert "Chỉ công bố báo cáo tổng hợp sau khi hết hạn lấy ý kiến" in error.value.message_dict["report_text"][0]
    consultation.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    consultation.opens_at = timezone.now() - datetime.timedelta(days=10)
    consultation.report_file = SimpleUploadedFile("Báo cáo tổng hợp.pdf", files["pdf"])
    consultation.full_clean()
    consultation.save()
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert "Đã tiếp thu 12 ý kiến." in page
    assert "Báo cáo tổng hợp.pdf</a> <span class=\"doc-files__meta\">(PDF, " in page
    report = client.get(f"/lay-y-kien/{consultation.document.slug}/bao-cao/")
    assert report.status_code == 200 and report["Content-Type"] == "application/pdf"


def test_the_consultation_page_is_never_served_from_the_page_cache(client, make_consultation):
    consultation = make_consultation()
    first, second = (client.get(consultation.get_absolute_url()) for _ in range(2))
    assert token_of(first) and second.get("X-Page-Cache") != "hit"
    assert "no-store" in second["Cache-Control"]


def test_the_form_works_without_javascript_and_without_inline_script_or_style(client, make_consultation):
    page = client.get(make_consultation().get_absolute_url()).content.decode()
    assert '<form method="post"' in page
    assert " style=" not in page and "<style" not in page
    assert [tag for tag in re.findall(r"<script[^>]*>", page) if "src=" not in tag] == []


def test_a_draft_consultation_of_an_unpublished_document_is_a_404(client, make_consultation):
    consultation = make_consultation(publish=False)
    assert client.get(consultation.get_absolute_url()).status_code == 404
    assert consultation.document.summary not in client.get("/lay-y-kien/").content.decode()
    assert ConsultationPart.objects.filter(consultation=consultation).count() == 2
