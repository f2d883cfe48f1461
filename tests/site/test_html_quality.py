"""The public pages are valid HTML (the Nu Html Checker) and accessible (axe-core in Chromium).

Both tools come from the npm registry into var/tools (`make tools`; .ci/run does
it); Java runs the checker, Debian's chromium runs axe-core. Without them these
tests skip and say how to get them.
"""

import datetime
import json
import shutil
import subprocess

import pytest
from django.conf import settings
from django.utils import timezone

from awards.models import Award, AwardForm, AwardRecipient, Recipient, RecipientKind, Visibility
from photos import renditions
from tests.helpers.browser import requires_chromium, start_chromium
from tests.helpers.factories import ArticleFactory, ArticlePhotoFactory, AuthorFactory, SectionFactory
from tests.helpers.public import make_live

TOOLS = settings.BASE_DIR / "var" / "tools" / "node_modules"
VNU_JAR = TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = TOOLS / "axe-core" / "axe.min.js"
JAVA = shutil.which("java")

requires_vnu = pytest.mark.skipif(not (VNU_JAR.exists() and JAVA),
                                  reason="needs the Nu Html Checker and Java: run `make tools` (npm) and install Java")
requires_axe = pytest.mark.skipif(not AXE_JS.exists(), reason="needs axe-core: run `make tools` (npm)")


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
    files = []
    for number, url in enumerate(public_site()):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        path = tmp_path / f"page-{number}.html"
        path.write_bytes(response.content)
        files.append((str(path), url))
    result = subprocess.run([JAVA, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--stdout",
                             *(path for path, _url in files)], capture_output=True, text=True, timeout=300)
    pages = dict(files)
    errors = [f"{pages[m['url'].removeprefix('file:')]}:{m.get('lastLine')}: {m['message']}"
              for m in json.loads(result.stdout)["messages"] if m["type"] == "error"]
    assert errors == []


@requires_chromium
@requires_axe
@pytest.mark.browser
def test_public_pages_have_no_serious_accessibility_violations(live_server, transactional_db, tmp_path):
    urls = public_site()
    axe = AXE_JS.read_text()
    browser = start_chromium(tmp_path / "profile", width=390, height=844)  # a phone
    found = {}
    try:
        for url in urls:
            browser.get(live_server.url + url)
            browser.execute_script(axe)
            violations = browser.execute_async_script(
                "const done = arguments[arguments.length - 1];"
                "axe.run(document, {resultTypes: ['violations']}).then(r => done("
                "r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length}))));")
            serious = [v for v in violations if v["impact"] in ("serious", "critical")]
            if serious:
                found[url] = serious
    finally:
        browser.quit()
    assert found == {}
