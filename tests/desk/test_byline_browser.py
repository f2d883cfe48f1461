"""An editor creates a co-author from the byline itself (the "+" beside the author box), in Chromium."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from articles.models import Article
from authors.models import Author
from tests.helpers.browser import requires_chromium, start_chromium

pytestmark = [pytest.mark.browser, requires_chromium]


@pytest.mark.django_db(transaction=True)
def test_an_editor_adds_a_new_author_from_the_byline_and_saves_the_article(superuser, admin_server, tmp_path):
    browser = start_chromium(tmp_path / "profile")
    try:
        browser.get(f"{admin_server}/admin/articles/article/add/")
        browser.find_element(By.NAME, "title").send_keys("Bài có đồng tác giả mới")
        browser.find_element(By.NAME, "lead").send_keys("Sapo.")
        browser.find_element(By.NAME, "body").send_keys("Đoạn một.")
        browser.find_element(By.CSS_SELECTOR, "#author_links-group .add-row a").click()
        main = browser.current_window_handle
        plus = WebDriverWait(browser, 10).until(
            lambda b: b.find_element(By.CSS_SELECTOR, "#add_id_author_links-0-author"))
        browser.execute_script("arguments[0].scrollIntoView()", plus)
        plus.click()
        WebDriverWait(browser, 10).until(lambda b: len(b.window_handles) == 2)
        popup = next(handle for handle in browser.window_handles if handle != main)
        browser.switch_to.window(popup)
        WebDriverWait(browser, 10).until(lambda b: b.find_element(By.NAME, "name")).send_keys("Trần Thị Mai")
        browser.find_element(By.NAME, "_save").click()
        WebDriverWait(browser, 10).until(lambda b: len(b.window_handles) == 1)
        browser.switch_to.window(main)
        author = Author.objects.get(name="Trần Thị Mai")
        WebDriverWait(browser, 10).until(lambda b: b.execute_script(
            "return document.querySelector('[name=\"author_links-0-author\"]').value") == str(author.pk))
        assert "Trần Thị Mai" in browser.find_element(By.CSS_SELECTOR, "#author_links-group").text
        browser.find_element(By.NAME, "_save").click()
        WebDriverWait(browser, 10).until(lambda b: b.find_elements(By.CSS_SELECTOR, ".messagelist .success"))
        assert [a.name for a in Article.objects.get(title="Bài có đồng tác giả mới").byline()] == ["Trần Thị Mai"]
    finally:
        browser.quit()
