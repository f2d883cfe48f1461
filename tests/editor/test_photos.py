"""Photos in the body editor: files dropped at a place upload with a progress bar and make one gallery;
a refused file says why (the server's Vietnamese reason) at its place and leaves the rest alone; the
same file twice is one photo; "Chọn từ thư viện" finds photos without accents; photos move with the
keyboard and their buttons; caption, credit and alt text are edited under each photo and saved."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from articles.models import Article
from photos.models import ArticlePhoto, Photo
from tests.helpers import editor as ed
from tests.helpers.body import block
from tests.helpers.browser import requires_chromium
from tests.helpers.factories import ArticleFactory, PhotoFactory
from tests.helpers.photos import corrupt_png, image_bytes

pytestmark = [pytest.mark.browser, requires_chromium, pytest.mark.django_db(transaction=True)]


def _photos(browser):
    return [b["value"]["items"] for b in ed.posted_body(browser) if b["type"] == "photos"]


def _settled(browser):
    return not browser.find_elements(By.CSS_SELECTOR, ".ed-photo--uploading")


def test_dropped_files_upload_at_their_place_as_one_gallery_and_a_refused_one_says_why(admin_server, superuser,
                                                                                       section, browser):
    article = ArticleFactory(title="Bài thả ảnh", section=section, paragraphs=["Đoạn một.", "Đoạn hai."])
    ed.open_form(browser, f"{admin_server}/admin/articles/article/{article.pk}/change/")
    first = image_bytes(size=(1200, 800), color=(200, 30, 30))
    files = [("cau-moi.jpg", "image/jpeg", first),
             ("hong.png", "image/png", corrupt_png()),
             ("nguoi-dan.png", "image/png", image_bytes("PNG", size=(800, 600), color=(20, 90, 200)))]
    target = browser.find_elements(By.CSS_SELECTOR, f"{ed.EDITABLE} p")[0]
    ed.drop_files(browser, target, files)

    # Each file shows where it goes while it uploads (a progress bar), then becomes its photo.
    ed.wait_until(browser, lambda: _settled(browser) and len(_photos(browser)) == 1
                  and len([i for i in _photos(browser)[0] if i.get("photo")]) == 2)
    blocks = ed.posted_body(browser)
    assert [b["type"] for b in blocks] == ["paragraph", "photos", "paragraph"]
    error = browser.find_element(By.CSS_SELECTOR, ".ed-photos .ed-photo--error")
    assert error.get_attribute("role") == "alert"
    assert error.text.startswith("Ảnh “hong.png”")
    assert [b["value"] for b in blocks if b["type"] == "paragraph"] == ["Đoạn một.", "Đoạn hai."]
    assert Photo.objects.count() == 2

    # The same file again is the photo already there ("reused"), not a copy.
    ed.drop_files(browser, browser.find_elements(By.CSS_SELECTOR, f"{ed.EDITABLE} p")[-1], files[:1])
    ed.wait_until(browser, lambda: _settled(browser) and len(_photos(browser)) == 2)
    assert Photo.objects.count() == 2
    reused = _photos(browser)[1][0]["photo"]
    assert reused == _photos(browser)[0][0]["photo"]
    assert "dùng lại ảnh cũ" in browser.find_elements(By.CSS_SELECTOR, ".ed-photos")[1].text

    # Under the photos: caption, credit and alt text; the refused file's notice can be dismissed.
    gallery = browser.find_elements(By.CSS_SELECTOR, ".ed-photos")[0]
    gallery.find_element(By.CSS_SELECTOR, ".ed-photo--error button").click()
    fields = gallery.find_elements(By.CSS_SELECTOR, ".ed-photo input")
    fields[0].send_keys("Cầu mới")
    fields[2].send_keys("Cầu bê tông qua sông")
    fields[3].send_keys("Người dân")
    fields[5].send_keys("Người dân đi bộ")
    # The second photo first (its button), then the gallery up above the first paragraph (Alt+↑).
    gallery.find_elements(By.CSS_SELECTOR, ".ed-photo")[1].find_element(
        By.CSS_SELECTOR, "button[aria-label='Chuyển ảnh lên trước']").click()
    gallery = browser.find_elements(By.CSS_SELECTOR, ".ed-photos")[0]
    gallery.find_element(By.CSS_SELECTOR, ".ed-photo input").send_keys(Keys.ALT, Keys.ARROW_UP)
    ed.wait_until(browser, lambda: [b["type"] for b in ed.posted_body(browser)][:2] == ["photos", "paragraph"])

    ed.save(browser)
    assert ed.errors(browser) == []
    article.refresh_from_db()
    slots = {slot.pk: slot for slot in ArticlePhoto.objects.filter(article=article)}
    assert [b["type"] for b in article.body] == ["photos", "paragraph", "paragraph", "photos"]
    gallery_slots = [slots[pk] for pk in article.body[0]["value"]["slots"]]
    assert [(s.caption, s.photo.alt_text) for s in gallery_slots] == [
        ("Người dân", "Người dân đi bộ"), ("Cầu mới", "Cầu bê tông qua sông")]
    assert [slots[pk].photo.pk for pk in article.body[3]["value"]["slots"]] == [gallery_slots[1].photo.pk]
    assert ed.csp_violations(browser) == []


def test_the_library_finds_photos_without_accents_and_puts_them_at_the_cursor(admin_server, superuser, section,
                                                                              browser):
    wanted = PhotoFactory(alt_text="Chợ Đồng Phú sáng sớm", caption="Chợ phiên")
    PhotoFactory(alt_text="Cầu Nhật Lệ", caption="Cầu")
    article = ArticleFactory(title="Bài chọn ảnh", section=section, paragraphs=["Đoạn một."])
    ed.open_form(browser, f"{admin_server}/admin/articles/article/{article.pk}/change/")
    ed.put_cursor(browser, "p", "Đoạn một.", 9)
    browser.find_element(By.CSS_SELECTOR, ".ed-toolbar [data-tool='library']").click()
    dialog = browser.find_element(By.CSS_SELECTOR, "dialog.ed-dialog[open]")
    dialog.find_element(By.CSS_SELECTOR, "input[type=search]").send_keys("dong phu")
    ed.wait_until(browser, lambda: [b.get_attribute("data-photo") for b in
                                    dialog.find_elements(By.CSS_SELECTOR, ".ed-library__pick")] == [str(wanted.pk)])
    pick = dialog.find_element(By.CSS_SELECTOR, ".ed-library__pick")
    assert pick.find_element(By.TAG_NAME, "img").get_attribute("src")
    pick.click()
    assert pick.get_attribute("aria-pressed") == "true"
    dialog.find_element(By.CSS_SELECTOR, ".ed-button--primary").click()

    assert [(b["type"], b["value"]) for b in ed.posted_body(browser)] == [
        ("paragraph", "Đoạn một."),
        ("photos", {"items": [{"slot": None, "photo": wanted.pk, "caption": "Chợ phiên", "credit": "Ngọc Minh",
                               "alt": "Chợ Đồng Phú sáng sớm"}]})]
    ed.save(browser)
    assert ed.errors(browser) == []
    slot = Article.objects.get(pk=article.pk).photo_slots.get()
    assert slot.photo == wanted and slot.caption == "Chợ phiên"
