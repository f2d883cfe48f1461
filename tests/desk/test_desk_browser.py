"""Two people on one article, each in their own headless Chromium: presence, the merge's choice, autosave."""

import json

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.expected_conditions import staleness_of
from selenium.webdriver.support.ui import WebDriverWait

from articles.admin import presence
from articles.models import Article, Autosave
from tests.helpers.browser import requires_chromium, start_chromium
from tests.helpers.factories import ArticleFactory

pytestmark = [pytest.mark.browser, requires_chromium]
PASSWORD = "mat-khau-dai-1"


def _browser(profile):
    """Chromium asking for Vietnamese pages, as the newsroom's browsers do (headless ones ask for English)."""
    browser = start_chromium(profile)
    browser.execute_cdp_cmd("Network.enable", {})
    browser.execute_cdp_cmd("Network.setExtraHTTPHeaders", {"headers": {"Accept-Language": "vi"}})
    return browser


def _log_in(browser, live_server, username):
    browser.get(live_server.url + "/admin/login/")
    browser.find_element(By.NAME, "username").send_keys(username)
    browser.find_element(By.NAME, "password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "input[type=submit]").click()
    WebDriverWait(browser, 10).until(lambda b: "/admin/login/" not in b.current_url)


def _person(django_user_model, username, first_name):
    # Superusers: a live server's database is emptied between tests, the groups' permissions with it
    # (who may do what is tested with the test client: test_presence.py, test_server_autosave.py).
    return django_user_model.objects.create_user(username, password=PASSWORD, is_staff=True, is_superuser=True,
                                                 first_name=first_name)


def _open(browser, live_server, article):
    browser.get(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    WebDriverWait(browser, 10).until(lambda b: b.find_element(By.ID, "article_form"))


def _save(browser):
    """Press "Lưu và tiếp tục sửa" and wait for the next page (the old one gone, the new one loaded)."""
    old = browser.find_element(By.TAG_NAME, "html")
    browser.find_element(By.CSS_SELECTOR, "input[name=_continue]").click()
    WebDriverWait(browser, 20).until(staleness_of(old))
    WebDriverWait(browser, 20).until(lambda b: b.execute_script("return document.readyState") == "complete")


@pytest.fixture
def two(django_user_model, tmp_path):
    lan = _person(django_user_model, "lan", "Lan")
    minh = _person(django_user_model, "minh", "Minh")
    browsers = [_browser(tmp_path / "lan"), _browser(tmp_path / "minh")]
    yield (lan, browsers[0]), (minh, browsers[1])
    for browser in browsers:
        browser.quit()


def test_the_second_editor_sees_who_has_the_article_open_and_the_line_goes_when_the_tab_closes(
        live_server, two, monkeypatch):
    monkeypatch.setattr(presence, "BEAT_SECONDS", 1)
    (_lan, first), (_minh, second) = two
    article = ArticleFactory(title="Bài hai người mở")
    _log_in(first, live_server, "lan")
    _log_in(second, live_server, "minh")
    _open(first, live_server, article)
    _open(second, live_server, article)
    line = second.find_element(By.ID, "presence-line")
    assert line.is_displayed()
    assert line.text.startswith("Đang được sửa bởi Lan (từ ")
    # Lan's page shows Minh once her next beat comes back.
    WebDriverWait(first, 10).until(lambda b: b.find_element(By.ID, "presence-line").text.startswith(
        "Đang được sửa bởi Minh (từ "))
    first.get(live_server.url + "/admin/")  # the tab leaves the article: its beacon ends Lan's entry
    WebDriverWait(second, 10).until(lambda b: not b.find_element(By.ID, "presence-line").is_displayed())


def test_a_conflicting_block_is_chosen_in_the_browser_and_both_changes_stay(live_server, two):
    (_lan, first), (_minh, second) = two
    article = ArticleFactory(title="Tiêu đề gốc", paragraphs=["Đoạn một.", "Đoạn hai."])
    _log_in(first, live_server, "lan")
    _log_in(second, live_server, "minh")
    _open(first, live_server, article)
    _open(second, live_server, article)
    blocks = article.body

    def set_body(browser, first_text):
        body = json.dumps([{**blocks[0], "value": first_text}, blocks[1]], ensure_ascii=False)
        browser.execute_script("document.querySelector('[name=body]').value = arguments[0]", body)

    title = first.find_element(By.NAME, "title")
    title.clear()
    title.send_keys("Tiêu đề của Lan")
    set_body(first, "Đoạn một theo Lan.")
    _save(first)
    assert Article.objects.get(pk=article.pk).title == "Tiêu đề của Lan"

    set_body(second, "Đoạn một theo Minh.")
    _save(second)
    panel = WebDriverWait(second, 10).until(lambda b: b.find_element(By.ID, "merge-conflicts"))
    assert "Bạn và Lan cùng sửa những phần dưới đây" in panel.text
    assert second.find_element(By.TAG_NAME, "html").get_attribute("lang") == "vi"
    assert "Please correct" not in second.page_source
    conflict = panel.find_element(By.CSS_SELECTOR, ".merge-conflict")
    assert "Đoạn một theo Lan." in conflict.find_element(By.CSS_SELECTOR, ".merge-theirs").text
    assert "Đoạn một theo Minh." in conflict.find_element(By.CSS_SELECTOR, ".merge-mine").text
    # The form already holds Lan's title (merged), the conflicting block as Minh typed it.
    assert second.find_element(By.NAME, "title").get_attribute("value") == "Tiêu đề của Lan"
    conflict.find_element(By.CSS_SELECTOR, ".merge-mine input[type=radio]").click()
    _save(second)
    WebDriverWait(second, 10).until(lambda b: b.find_elements(By.CSS_SELECTOR, ".messagelist .success"))
    article.refresh_from_db()
    assert article.title == "Tiêu đề của Lan"
    assert [block["value"] for block in article.body] == ["Đoạn một theo Minh.", "Đoạn hai."]


def test_text_typed_in_one_browser_is_offered_in_another_and_restored(live_server, django_user_model, tmp_path):
    reporter = _person(django_user_model, "phongvien", "Hà")
    article = ArticleFactory(created_by=reporter, title="Bản nháp", paragraphs=["Đoạn đã lưu."])
    typed = "Bản nháp — gõ trên máy thứ nhất"
    office = _browser(tmp_path / "office")
    try:
        _log_in(office, live_server, "phongvien")
        _open(office, live_server, article)
        office.find_element(By.NAME, "title").send_keys(" — gõ trên máy thứ nhất")
        WebDriverWait(office, 20).until(lambda b: Autosave.objects.filter(article=article).exists())
    finally:
        office.quit()  # closed without saving
    assert Autosave.objects.get(article=article).data["title"] == typed
    home = _browser(tmp_path / "home")  # another profile: nothing in its browser storage
    try:
        _log_in(home, live_server, "phongvien")
        _open(home, live_server, article)
        banner = WebDriverWait(home, 10).until(lambda b: b.find_element(By.CSS_SELECTOR, ".server-autosave-banner"))
        assert "Có bản tự lưu lúc " in banner.text and "trên máy chủ" in banner.text
        assert home.find_elements(By.CSS_SELECTOR, ".autosave-banner") == []
        assert home.find_element(By.NAME, "title").get_attribute("value") == "Bản nháp"
        home.execute_script("document.querySelector('[name=body]').addEventListener('newsroom:body-replaced',"
                            " function () { window.bodyReplaced = true; })")
        banner.find_element(By.CSS_SELECTOR, ".server-autosave-restore").click()
        assert home.find_element(By.NAME, "title").get_attribute("value") == typed
        assert home.execute_script("return window.bodyReplaced === true")
        _save(home)
        article.refresh_from_db()
        assert article.title == typed
        assert not Autosave.objects.filter(article=article).exists()
    finally:
        home.quit()
