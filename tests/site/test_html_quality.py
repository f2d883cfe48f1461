"""The public pages are valid HTML (the Nu Html Checker) and accessible (axe-core in Chromium).

Both tools come from the npm registry into var/tools (`make tools`; .ci/run does
it); Java runs the checker, Debian's chromium runs axe-core. Without them these
tests skip and say how to get them.
"""

import datetime

import pytest
from django.utils import timezone

from awards.models import Award, AwardForm, AwardRecipient, Recipient, RecipientKind, Visibility
from photos import renditions
from tests.helpers.browser import requires_chromium, start_chromium
from tests.helpers.factories import ArticleFactory, ArticlePhotoFactory, AuthorFactory, SectionFactory
from tests.helpers.public import make_live
from tests.helpers.quality import html_errors, requires_axe, requires_vnu, serious_violations



def public_site():
    """A small site with everything a page can show, and the addresses of its pages."""
    section = SectionFactory(name="An ninh – Trật tự")
    author = AuthorFactory(name="Ngô Quang Văn", bio="Phóng viên tin an ninh.")
    article = ArticleFactory(title="Đồng Hới: Triển khai phong trào toàn dân bảo vệ ANTQ", section=section,
                             byline=[author], paragraphs=["Năm 2018, Đồng Hới đạt kết quả.", "Tuy nhiên, còn hạn chế."])
    for number in range(3):
        slot = ArticlePhotoFactory(article=article, after_paragraph=number % 2, caption=f"Đại biểu dự hội nghị {number}")
        renditions.ensure_renditions(slot.photo)
    article.tags.add("Đồng Hới", "An ninh trật tự")
    make_live(article, datetime.timedelta(hours=2))
    other = ArticleFactory(title="Đồng Hới ra quân an toàn giao thông", section=section, byline=[author], live=True)
    other.tags.add("Đồng Hới")
    giay_khen, _ = AwardForm.objects.get_or_create(name="Giấy khen")  # a flushed test database lacks the seed
    award = Award.objects.create(form=giay_khen, issuer_title="Giám đốc Công an tỉnh",
                                 decision_number="123/QĐ-CAT", decision_date=timezone.localdate(),
                                 period_start=2018, reason="Có thành tích xuất sắc", visibility=Visibility.PUBLIC)
    recipient = Recipient.objects.create(kind=RecipientKind.COLLECTIVE, name="Công an phường Hải Thành")
    AwardRecipient.objects.create(award=award, recipient=recipient)
    award.articles.add(article)
    return [
        "/", article.get_absolute_url(), section.get_absolute_url(), "/the/dong-hoi/", author.get_absolute_url(),
        "/search/?q=dong+hoi", "/dinh-chinh/", "/khen-thuong/", award.get_absolute_url(),
        recipient.get_absolute_url(), "/khong-co-trang-nay/",
    ]


@requires_vnu
def test_public_pages_are_valid_html(client, db, tmp_path):
    pages = []
    for url in public_site():
        response = client.get(url)
        assert response.status_code in (200, 404), url
        pages.append((url, response.content))
    assert html_errors(tmp_path, pages) == []


@requires_chromium
@requires_axe
@pytest.mark.browser
def test_public_pages_have_no_serious_accessibility_violations(live_server, transactional_db, tmp_path):
    urls = public_site()
    browser = start_chromium(tmp_path / "profile", width=390, height=844)  # a phone
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
