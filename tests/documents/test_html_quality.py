"""The register's public pages are valid HTML (the Nu Html Checker) and accessible (axe-core in Chromium),
as the rest of the site (tests/site/test_html_quality.py). Tools: `make tools`; without them these skip."""

import datetime

import pytest
from django.utils import timezone

from documents import consultation as consultation_actions
from documents import workflow
from documents.demo import seed_demo
from tests.helpers.browser import requires_chromium, start_chromium
from tests.helpers.quality import html_errors, requires_axe, requires_vnu, serious_violations



def register_site(make_document, make_consultation, clerk) -> list[str]:
    """The demo register plus a withdrawn document and a closed draft with its report."""
    made = seed_demo(publisher=clerk)
    withdrawn = make_document(number="7/QĐ-UBND", summary="Văn bản đã thu hồi")
    workflow.withdraw(withdrawn, clerk, note="Sai thẩm quyền")
    now = timezone.now()
    closed = make_consultation(summary="Dự thảo đã hết hạn", opens_at=now - datetime.timedelta(days=20),
                               closes_at=now - datetime.timedelta(days=1))
    closed.report_text = "Đã nhận 3 ý kiến, tiếp thu 2."
    closed.save()
    comment = consultation_actions.submit_comment(
        made["consultation"], consultation_actions.CommentData(name="Lê Văn Công", email="c@example.com",
                                                                body="Đồng ý.", publish_name=True),
        address=None, token=consultation_actions.form_token(made["consultation"]))
    consultation_actions.moderate(comment, clerk, "accept")
    return ["/van-ban/", "/van-ban/?q=146+qd", "/van-ban/?trang-thai=het-hieu-luc",
            made["146/QĐ-UBND"].get_absolute_url(), made["25/2019/QĐ-UBND"].get_absolute_url(),
            made["draft"].get_absolute_url(), withdrawn.get_absolute_url(), "/lay-y-kien/",
            made["consultation"].get_absolute_url(), closed.get_absolute_url()]


@requires_vnu
def test_register_pages_are_valid_html(client, db, tmp_path, make_document, make_consultation, clerk):
    urls = register_site(make_document, make_consultation, clerk)
    pages = []
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 410), url
        pages.append((url, response.content))
    consultation_url = urls[8]
    refused = client.post(consultation_url, {"name": "", "body": "", "ts": "x"})  # every error shown
    assert refused.status_code == 400
    pages.append((consultation_url + " (lỗi)", refused.content))
    assert html_errors(tmp_path, pages) == []


@requires_chromium
@requires_axe
@pytest.mark.browser
def test_register_pages_have_no_serious_accessibility_violations(live_server, transactional_db, tmp_path,
                                                                  make_document, make_consultation, clerk):
    urls = register_site(make_document, make_consultation, clerk)
    browser = start_chromium(tmp_path / "profile", width=390, height=844)
    found = {}
    try:
        for url in urls:
            browser.get(live_server.url + url)
            serious = serious_violations(browser)
            if serious:
                found[url] = serious
    finally:
        browser.quit()
    assert found == {}
