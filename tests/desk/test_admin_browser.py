"""The admin as a person sees it, in headless Chromium: the dashboard's layout and contrast, and
no serious or critical axe-core violation on the pages reporters and editors use."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from selenium.webdriver.support.ui import WebDriverWait

from articles import workflow
from articles.models import Transition
from tests.helpers.browser import requires_chromium, start_chromium
from tests.helpers.factories import ArticleFactory, AuthorFactory, SectionFactory
from tests.helpers.quality import requires_axe, serious_violations

pytestmark = [pytest.mark.browser, requires_chromium, pytest.mark.django_db(transaction=True)]


def _channels(colour: str) -> tuple[float, float, float, float]:
    numbers = [float(n) for n in re.findall(r"[\d.]+", colour)]
    return (*numbers[:3], numbers[3] if len(numbers) > 3 else 1.0)


def contrast(foreground: str, background: str) -> float:
    """WCAG contrast ratio of two computed CSS colours ("rgb(…)")."""
    def luminance(colour):
        def linear(c):
            c /= 255
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
        r, g, b, _ = _channels(colour)
        return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
    light, dark = sorted([luminance(foreground), luminance(background)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


# The colour behind an element: the first ancestor (or itself) with an opaque background.
_BACKGROUND = ("let e = arguments[0];"
               "while (e) { const c = getComputedStyle(e).backgroundColor;"
               "  if (c && !c.startsWith('rgba(0, 0, 0, 0)') && c !== 'transparent') return c; e = e.parentElement; }"
               "return 'rgb(255, 255, 255)';")


def loaded(browser):
    WebDriverWait(browser, 10).until(lambda b: b.execute_script("return document.readyState") == "complete")


def open_in_vietnamese(browser, server, path):
    """Open `path` with Vietnamese chosen the way a person does (the language link's cookie): headless
    Chromium asks for English, which the site also speaks."""
    from urllib.parse import quote

    browser.get(f"{server}/ngon-ngu/vi/?next={quote(path)}")
    loaded(browser)
    assert browser.execute_script("return document.documentElement.lang") == "vi"


@pytest.fixture
def desk(superuser, reporter, editor):
    """Articles in every list of the desk, one published long ago and one published today."""
    section = SectionFactory(name="Thời sự")
    waiting = ArticleFactory(title="Bài chờ duyệt về an toàn giao thông dịp cuối năm", created_by=reporter,
                             section=section)
    workflow.submit(waiting, reporter)
    Transition.objects.filter(article=waiting).update(created_at=timezone.now() - datetime.timedelta(minutes=10))
    ArticleFactory(title="Bản nháp của quản trị", created_by=superuser, section=section)
    old = ArticleFactory(title="Bài đăng từ tuần trước", section=section)
    old.author_links.create(author=AuthorFactory(), order=0)
    workflow.publish(old, editor)
    week_ago = timezone.now() - datetime.timedelta(days=7)
    type(old).objects.filter(pk=old.pk).update(publish_at=week_ago)
    Transition.objects.filter(article=old).update(created_at=week_ago)
    today = ArticleFactory(title="Bài đăng sáng nay", section=section)
    workflow.publish(today, editor)
    soon = ArticleFactory(title="Bài hẹn giờ ngày mai", section=section)
    workflow.publish(soon, editor, at=timezone.now() + datetime.timedelta(days=1))
    return {"waiting": waiting, "old": old, "today": today, "soon": soon}


def test_the_dashboard_loads_its_stylesheet_uses_the_width_and_shows_the_calendar_link(admin_server, desk,
                                                                                       tmp_path):
    browser = start_chromium(tmp_path / "profile", width=1280, height=900)
    try:
        open_in_vietnamese(browser, admin_server, "/admin/")
        sheets = browser.execute_script("return Array.from(document.styleSheets).map(s => s.href || '')")
        assert any(href.endswith("/articles/admin-workflow.css") for href in sheets), sheets
        widths = browser.execute_script(
            "return Array.from(document.querySelectorAll('#workflow-dashboard .desk-panels > table'))"
            ".map(t => [t.id, Math.round(t.getBoundingClientRect().width)])")
        assert [name for name, _ in widths] == ["dashboard-my_drafts", "dashboard-returned", "dashboard-in_review",
                                               "dashboard-my_approval", "dashboard-scheduled",
                                               "dashboard-published_today"]
        assert all(width >= 300 for _, width in widths), widths  # 133 px before
        royalties = browser.execute_script(
            "return Array.from(document.querySelectorAll('#royalties-dashboard .desk-panels > table'))"
            ".map(t => Math.round(t.getBoundingClientRect().width))")
        assert royalties and all(width >= 300 for width in royalties), royalties
        for caption in browser.find_elements("css selector", ".desk-panels > table > caption, .desk-panels caption a"):
            colour = browser.execute_script("return getComputedStyle(arguments[0]).color", caption)
            assert contrast(colour, browser.execute_script(_BACKGROUND, caption)) >= 4.5, caption.text
        link = browser.find_element("id", "dashboard-calendar-link")
        assert link.is_displayed()
        colour = browser.execute_script("return getComputedStyle(arguments[0]).color", link)
        behind = browser.execute_script(_BACKGROUND, link)
        assert contrast(colour, behind) >= 4.5, (colour, behind)
        # Times: the article waiting for review counts from its submission, published ones show when.
        in_review = browser.find_element("id", "dashboard-in_review").text
        assert "Chờ duyệt · chờ 10 phút" in in_review
        published = browser.find_element("id", "dashboard-published_today").text
        assert "Bài đăng sáng nay" in published and "chờ" not in published
        assert "Bài đăng từ tuần trước" not in published
        desk["today"].refresh_from_db()  # the time publish() stored, not the factory's
        when = timezone.localtime(desk["today"].publish_at).strftime("%H:%M")
        assert when in published
        assert "chờ" not in browser.find_element("id", "dashboard-scheduled").text
        browser.save_screenshot(str(tmp_path / "dashboard.png"))
    finally:
        browser.quit()


# --- The workflow panel ------------------------------------------------------------------------


def test_the_checklist_follows_the_form_and_the_preview_link_copies(admin_server, superuser, tmp_path):
    article = ArticleFactory(title="Bài thiếu sapo", lead="", created_by=superuser)
    browser = start_chromium(tmp_path / "profile")
    try:
        open_in_vietnamese(browser, admin_server, f"/admin/articles/article/{article.pk}/change/")
        checklist = browser.find_element("id", "publish-checklist")
        assert [li.text for li in checklist.find_elements("tag name", "li")] == ["Thiếu sapo."]
        lead = browser.find_element("id", "id_lead")
        lead.send_keys("Sapo gõ trong trình duyệt.")
        WebDriverWait(browser, 10).until(lambda b: "ready" in checklist.get_attribute("class"))
        assert checklist.find_elements("tag name", "li") == []
        assert "Bài đã đủ điều kiện để đăng." in checklist.text
        browser.find_element("id", "id_title").clear()
        WebDriverWait(browser, 10).until(lambda b: [li.text for li in checklist.find_elements("tag name", "li")]
                                         == ["Thiếu tiêu đề."])
        article.refresh_from_db()
        assert (article.title, article.lead) == ("Bài thiếu sapo", "")  # nothing saved

        # The panel's buttons: the destructive ones last, and red.
        names = [b.text for b in browser.find_elements("css selector", "#workflow-actions button")]
        assert names[-1] == "Chuyển vào thùng rác"
        trash = browser.find_element("id", "workflow-trash")
        assert contrast(browser.execute_script("return getComputedStyle(arguments[0]).color", trash),
                        browser.execute_script("return getComputedStyle(arguments[0]).backgroundColor", trash)) >= 4.5
        assert browser.execute_script("return getComputedStyle(arguments[0]).backgroundColor", trash) \
            == "rgb(186, 33, 33)"

        # A preview link, then "Sao chép".
        browser.execute_cdp_cmd("Browser.grantPermissions", {"origin": admin_server,
                                                             "permissions": ["clipboardReadWrite",
                                                                             "clipboardSanitizedWrite"]})
        browser.find_element("css selector", "#preview-hours ~ button").click()
        loaded(browser)
        link = browser.find_element("id", "preview-link-url")
        assert link.get_attribute("href").startswith(f"{admin_server}/xem-truoc/")
        browser.find_element("css selector", "button[data-copy]").click()
        status = browser.find_element("css selector", "#preview-link .copy-status")
        WebDriverWait(browser, 5).until(lambda b: status.text)
        assert status.text == "Đã sao chép liên kết."
        copied = browser.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "navigator.clipboard.readText().then(done, e => done('lỗi: ' + e));")
        assert copied == link.get_attribute("href")
    finally:
        browser.quit()


# --- axe-core on the pages reporters and editors use -----------------------------------------


PAGES = {
    "dashboard": lambda desk: "/admin/",
    "article list": lambda desk: "/admin/articles/article/",
    "article form": lambda desk: f"/admin/articles/article/{desk['waiting'].pk}/change/",
    "new article": lambda desk: "/admin/articles/article/add/",
    "revisions": lambda desk: f"/admin/articles/article/{desk['today'].pk}/revisions/",
    "revision diff": lambda desk: f"/admin/articles/article/{desk['today'].pk}/revisions/1/",
    "calendar": lambda desk: "/admin/articles/article/calendar/",
    "awards import": lambda desk: reverse("admin:awards_award_import"),
}


@requires_axe
@pytest.mark.parametrize("page", list(PAGES))
def test_no_serious_accessibility_violation(admin_server, desk, tmp_path, page):
    browser = start_chromium(tmp_path / "profile")
    try:
        open_in_vietnamese(browser, admin_server, PAGES[page](desk))
        assert serious_violations(browser) == []
    finally:
        browser.quit()
