"""Tag chips in Chromium, as an editor uses them: plain names, suggestions typed without accents,
removal by mouse and by keyboard, a new tag, and the saved article holding exactly the chips."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from articles.models import Article
from tests.helpers.browser import requires_chromium, start_chromium
from tests.helpers.factories import ArticleFactory, TagFactory
from tests.helpers.quality import requires_axe, serious_violations

pytestmark = [pytest.mark.browser, requires_chromium]


def csp_refusals(browser):
    return [entry["message"] for entry in browser.get_log("browser") if "Content Security Policy" in entry["message"]]


def chips(browser):
    return [chip.text for chip in browser.find_elements(By.CSS_SELECTOR, ".tag-chip__name")]


@requires_axe
@pytest.mark.django_db(transaction=True)
def test_tags_are_chips_with_suggestions_and_save_as_shown(superuser, admin_server, tmp_path):
    article = ArticleFactory(tags=["Công an Quảng Bình, Đồng Hới", "Hà Nội", "Kinh tế"])
    TagFactory(name="Đồng Hới")
    TagFactory(name="Phố cổ Hà Nội")
    browser = start_chromium(tmp_path / "profile")
    try:
        browser.get(f"{admin_server}/admin/articles/article/{article.pk}/change/")
        WebDriverWait(browser, 10).until(lambda b: b.find_elements(By.CSS_SELECTOR, ".tag-chip"))
        # Plain names, never the field's quoting; the text field itself is hidden behind the chips.
        assert chips(browser) == ["Công an Quảng Bình, Đồng Hới", "Hà Nội", "Kinh tế"]
        assert not browser.find_element(By.NAME, "tags").is_displayed()
        label = browser.find_element(By.CSS_SELECTOR, "label[for$='-input']")
        assert label.text.startswith("Thẻ")

        # Typed without accents, an existing tag is offered; arrow down and Enter pick it.
        typing = browser.find_element(By.CSS_SELECTOR, ".tag-chips__input")
        typing.send_keys("dong hoi")
        option = WebDriverWait(browser, 10).until(lambda b: b.find_element(By.CSS_SELECTOR, ".tag-chips__option"))
        assert option.text == "Đồng Hới"
        assert typing.get_attribute("aria-expanded") == "true"
        typing.send_keys(Keys.ARROW_DOWN, Keys.ENTER)
        assert chips(browser)[-1] == "Đồng Hới"
        assert typing.get_attribute("value") == ""

        # Removed with the mouse.
        browser.find_element(By.CSS_SELECTOR, "button[aria-label='Bỏ thẻ Kinh tế']").click()
        assert "Kinh tế" not in chips(browser)
        # Removed with the keyboard: Backspace in the empty box takes the last chip.
        typing.send_keys(Keys.BACKSPACE)
        assert chips(browser) == ["Công an Quảng Bình, Đồng Hới", "Hà Nội"]
        # ... and Delete on a focused chip's button takes that chip.
        remove = browser.find_element(By.CSS_SELECTOR, "button[aria-label='Bỏ thẻ Hà Nội']")
        remove.send_keys(Keys.DELETE)
        assert chips(browser) == ["Công an Quảng Bình, Đồng Hới"]

        # A new tag, typed with a comma to end it, and one more ended by Enter.
        typing.send_keys("Mùa lũ,")
        typing.send_keys("An toàn giao thông", Keys.ENTER)
        assert chips(browser) == ["Công an Quảng Bình, Đồng Hới", "Mùa lũ", "An toàn giao thông"]
        assert browser.find_element(By.NAME, "tags").get_attribute("value") == (
            '"Công an Quảng Bình, Đồng Hới", Mùa lũ, An toàn giao thông')
        assert csp_refusals(browser) == []  # before axe-core, whose own injected styles the policy refuses
        # The widget's part of the page (the rest of the admin form is another test's business).
        assert [v for v in serious_violations(browser)
                if any("tag-chip" in " ".join(node) or "id_tags" in " ".join(node) for node in v["nodes"])] == []

        browser.find_element(By.NAME, "_continue").click()
        WebDriverWait(browser, 10).until(lambda b: b.find_elements(By.CSS_SELECTOR, ".messagelist .success"))
        assert sorted(Article.objects.get(pk=article.pk).tags.names()) == [
            "An toàn giao thông", "Công an Quảng Bình, Đồng Hới", "Mùa lũ"]
        assert chips(browser) == ["An toàn giao thông", "Công an Quảng Bình, Đồng Hới", "Mùa lũ"]
        # Another script putting text back into the field (the autosave's restore): the chips follow.
        browser.execute_script("document.querySelector('[name=tags]').value = 'Kinh tế, \"Hà Nội, Việt Nam\"'")
        WebDriverWait(browser, 5).until(lambda b: chips(b) == ["Kinh tế", "Hà Nội, Việt Nam"])
    finally:
        browser.quit()
