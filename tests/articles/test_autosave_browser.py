"""A reporter's unsaved text survives closing the browser (autosave in browser storage)."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from articles.models import Article
from tests.helpers.browser import requires_chromium, start_chromium
from tests.helpers.editor import EDITABLE, posted_body

pytestmark = [pytest.mark.browser, requires_chromium]


def _log_in(browser, live_server, username, password):
    browser.get(live_server.url + "/admin/login/")
    browser.find_element(By.NAME, "username").send_keys(username)
    browser.find_element(By.NAME, "password").send_keys(password)
    browser.find_element(By.CSS_SELECTOR, "input[type=submit]").click()
    WebDriverWait(browser, 10).until(lambda b: "/admin/login/" not in b.current_url)


def test_unsaved_text_is_offered_back_after_the_browser_closes(live_server, django_user_model, tmp_path):
    django_user_model.objects.create_user("phongvien", password="mat-khau-dai-1", is_staff=True,
                                          is_superuser=True)
    profile = tmp_path / "profile"
    typed_title = "Bài chưa lưu: Đồng Hới khánh thành cầu"
    typed_body = ["Đoạn một chưa lưu.", "Đoạn hai chưa lưu."]

    browser = start_chromium(profile)
    try:
        _log_in(browser, live_server, "phongvien", "mat-khau-dai-1")
        browser.get(live_server.url + "/admin/articles/article/add/")
        browser.find_element(By.NAME, "title").send_keys(typed_title)
        # The body is written in the editor (articles/editor/), which keeps the field `body` up to date.
        area = WebDriverWait(browser, 10).until(lambda b: b.find_element(By.CSS_SELECTOR, EDITABLE))
        area.click()
        area.send_keys(typed_body[0], Keys.ENTER, typed_body[1])
        # Autosave runs every few seconds; wait until the copy is kept.
        WebDriverWait(browser, 15).until(lambda b: b.execute_script(
            "return Object.keys(localStorage).some(k => k.startsWith('newsroom:autosave:'))"))
    finally:
        browser.quit()  # the tab closes without saving
    assert Article.objects.count() == 0

    browser = start_chromium(profile)
    try:
        browser.get(live_server.url + "/admin/articles/article/add/")
        if "/admin/login/" in browser.current_url:
            _log_in(browser, live_server, "phongvien", "mat-khau-dai-1")
            browser.get(live_server.url + "/admin/articles/article/add/")
        banner = WebDriverWait(browser, 10).until(lambda b: b.find_element(By.CSS_SELECTOR, ".autosave-banner"))
        assert "Có bản nội dung chưa lưu" in banner.text
        assert browser.find_element(By.NAME, "title").get_attribute("value") == ""
        banner.find_element(By.CSS_SELECTOR, ".autosave-restore").click()
        assert browser.find_element(By.NAME, "title").get_attribute("value") == typed_title
        assert [block["value"] for block in posted_body(browser)] == typed_body
        area = browser.find_element(By.CSS_SELECTOR, EDITABLE)  # the editor shows what was restored
        assert [p.text for p in area.find_elements(By.TAG_NAME, "p") if p.text] == typed_body
        assert browser.find_elements(By.CSS_SELECTOR, ".autosave-banner") == []
    finally:
        browser.quit()
