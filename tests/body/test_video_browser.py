"""In Chromium, at a phone's width: the video asks nothing of its provider until play; then the
privacy-enhanced player; the gallery and table take keyboard focus."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from tests.helpers.browser import requires_chromium, start_chromium

pytestmark = [pytest.mark.browser, requires_chromium]


@pytest.mark.django_db(transaction=True)
def test_the_video_loads_from_its_provider_only_after_play(live_server, rich, tmp_path):
    browser = start_chromium(tmp_path / "profile")
    try:
        # A phone's viewport (headless windows are at least 500 px wide).
        browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True})
        browser.get(live_server.url + rich.get_absolute_url())
        WebDriverWait(browser, 10).until(lambda b: b.execute_script("return document.readyState") == "complete")
        requested = browser.execute_script(
            "return performance.getEntriesByType('resource').map(e => e.name)")
        assert requested and all(url.startswith(live_server.url) for url in requested), requested
        assert browser.find_elements(By.TAG_NAME, "iframe") == []
        # Nothing wider than the phone's screen: galleries and tables scroll inside themselves.
        assert browser.execute_script("return document.documentElement.scrollWidth") <= 390
        gallery = browser.find_element(By.CSS_SELECTOR, ".photo-group--multi")
        browser.execute_script("arguments[0].focus()", gallery)
        assert browser.switch_to.active_element == gallery
        before = browser.execute_script("return arguments[0].scrollLeft", gallery)
        gallery.send_keys(Keys.ARROW_RIGHT)
        WebDriverWait(browser, 5).until(lambda b: b.execute_script("return arguments[0].scrollLeft", gallery) > before)

        play = browser.find_element(By.CSS_SELECTOR, ".video__play")
        browser.execute_script("arguments[0].scrollIntoView()", play)
        play.click()
        frame = WebDriverWait(browser, 10).until(lambda b: b.find_element(By.CSS_SELECTOR, ".video__frame iframe"))
        assert frame.get_attribute("src") == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&rel=0"
        assert frame.get_attribute("title") == "Phóng sự lễ ra quân"
        assert browser.current_url == live_server.url + rich.get_absolute_url()  # not sent off to YouTube
    finally:
        browser.quit()
