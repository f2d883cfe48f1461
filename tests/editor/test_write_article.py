"""A whole article written in the body editor the way a reporter does: every block type through the
toolbar, the shortcuts, the input rules and the dialogs, photos uploaded at the cursor, a file
attached once the article is saved; then the saved body is read block by block, the article is
published with the workflow's button and the public page shows every block."""

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from articles.models import Article, ArticleAuthor, Status
from photos.models import Photo
from tests.helpers import editor as ed
from tests.helpers.body import PDF
from tests.helpers.browser import requires_chromium
from tests.helpers.factories import ArticleFactory
from tests.helpers.photos import image_bytes

pytestmark = [pytest.mark.browser, requires_chromium, pytest.mark.django_db(transaction=True)]


def _tool(browser, name):
    button = browser.find_element(By.CSS_SELECTOR, f".ed-toolbar [data-tool='{name}']")
    button.click()


def _keys(browser, *keys):
    ActionChains(browser).send_keys(*keys).perform()


def _chord(browser, modifier, key):
    ActionChains(browser).key_down(modifier).send_keys(key).key_up(modifier).perform()


def _dialog(browser):
    return ed.wait_until(browser, lambda: browser.find_element(By.CSS_SELECTOR, "dialog.ed-dialog[open]"))


def _wait_uploads(browser, count):
    ed.wait_until(browser, lambda: sum(len(b["value"]["items"]) for b in ed.posted_body(browser)
                                       if b["type"] == "photos") == count and
                  not browser.find_elements(By.CSS_SELECTOR, ".ed-photo--uploading"))


def test_an_article_with_every_block_type_is_written_saved_and_published(admin_server, superuser, section, author,
                                                                          browser, tmp_path):
    target = ArticleFactory(title="Đồng Hới khánh thành cầu Nhật Lệ 3", live=True)
    pictures = []
    for number, color in enumerate([(200, 30, 30), (30, 160, 60)], start=1):
        path = tmp_path / f"anh-{number}.jpg"
        path.write_bytes(image_bytes(size=(900, 600), color=color))
        pictures.append(str(path))

    area = ed.open_form(browser, admin_server + "/admin/articles/article/add/")
    area.click()
    # A paragraph with marks by shortcut, and a link by Ctrl+K.
    _keys(browser, "Mở đầu ")
    _chord(browser, Keys.CONTROL, "b")
    _keys(browser, "đậm")
    _chord(browser, Keys.CONTROL, "b")
    _keys(browser, ", ")
    _chord(browser, Keys.CONTROL, "i")
    _keys(browser, "nghiêng")
    _chord(browser, Keys.CONTROL, "i")
    _keys(browser, ", ")
    _chord(browser, Keys.CONTROL, "u")
    _keys(browser, "gạch chân")
    _chord(browser, Keys.CONTROL, "u")
    _keys(browser, " và xem cổng")
    ActionChains(browser).key_down(Keys.SHIFT).send_keys(Keys.ARROW_LEFT * 4).key_up(Keys.SHIFT).perform()
    ed.wait_until(browser, lambda: browser.execute_script(
        "const s = window.newsroomBodyEditor.view.state.selection; return s.to - s.from") == 4)
    _chord(browser, Keys.CONTROL, "k")
    dialog = _dialog(browser)
    dialog.find_element(By.CSS_SELECTOR, "input").send_keys("quangbinh.gov.vn", Keys.ENTER)
    _keys(browser, Keys.END, ".", Keys.ENTER)
    # Headings by input rule and by the toolbar; lists likewise.
    _keys(browser, "## Tiêu đề lớn", Keys.ENTER)
    _tool(browser, "h3")
    _keys(browser, "Tiêu đề nhỏ", Keys.ENTER)
    _keys(browser, "- Mục một", Keys.ENTER, "Mục ")
    _chord(browser, Keys.CONTROL, "b")
    _keys(browser, "hai")
    _chord(browser, Keys.CONTROL, "b")
    _keys(browser, Keys.ENTER, Keys.ENTER)
    _tool(browser, "number")
    _keys(browser, "Bước một", Keys.ENTER, "Bước hai", Keys.ENTER, Keys.ENTER)
    # Quote with who said it, a fact box.
    _tool(browser, "quote")
    _keys(browser, "Chúng tôi sẽ hoàn thành trước hạn.", Keys.ENTER, "Ông Nguyễn Văn A", Keys.ENTER)
    _tool(browser, "box")
    _keys(browser, "Tóm tắt", Keys.ENTER, "Ba phường hoàn thành chỉ tiêu.", Keys.ENTER)
    # A table: header row, a column removed, a row added, a caption.
    _tool(browser, "table")
    _keys(browser, "Phường", Keys.TAB, "Số hộ", Keys.TAB, "Bỏ", Keys.TAB, "Hải Đình", Keys.TAB, "300", Keys.TAB,
          "x", Keys.TAB, "Đồng Phú", Keys.TAB, "420", Keys.TAB, "y")
    _tool(browser, "column-delete")
    _tool(browser, "row-add")
    _keys(browser, "Bảo Ninh", Keys.TAB, "150")
    ed.wait_until(browser, lambda: browser.execute_script(
        "return document.querySelector('.ed-table__caption') !== null"))
    browser.execute_script("""
      const view = window.newsroomBodyEditor.view;
      const caption = view.dom.querySelector('.ed-table__caption');
      const pos = view.posAtDOM(caption, 0);
      view.dispatch(view.state.tr.setSelection(view.state.selection.constructor.near(view.state.doc.resolve(pos))));
      view.focus();
    """)
    _keys(browser, "Số hộ theo phường", Keys.ENTER)
    # Photos: two files picked at once make one gallery, uploaded with progress.
    browser.find_element(By.CSS_SELECTOR, ".ed input.ed-file").send_keys("\n".join(pictures))
    _wait_uploads(browser, 2)
    gallery = browser.find_element(By.CSS_SELECTOR, ".ed-photos")
    captions = gallery.find_elements(By.CSS_SELECTOR, "input[data-focus-key$='-caption']")
    alts = gallery.find_elements(By.CSS_SELECTOR, "input[data-focus-key$='-alt']")
    credits = gallery.find_elements(By.CSS_SELECTOR, "input[data-focus-key$='-credit']")
    captions[0].send_keys("Cầu mới nhìn từ bờ Nam")
    alts[0].send_keys("Cầu bê tông qua sông Nhật Lệ")
    credits[0].send_keys("Minh Anh")
    captions[1].send_keys("Người dân đi thử")
    alts[1].send_keys("Người dân đi bộ trên cầu")
    # Video and related article through their dialogs.
    _tool(browser, "video")
    dialog = _dialog(browser)
    inputs = dialog.find_elements(By.CSS_SELECTOR, "input")
    inputs[0].send_keys("https://vimeo.com/76979871")
    inputs[1].send_keys("Phóng sự khánh thành", Keys.ENTER)
    _tool(browser, "related")
    dialog = _dialog(browser)
    dialog.find_element(By.CSS_SELECTOR, "input[type=search]").send_keys("nhat le")
    ed.wait_until(browser, lambda: dialog.find_elements(By.CSS_SELECTOR, f"[data-article='{target.pk}']"))
    dialog.find_element(By.CSS_SELECTOR, f"[data-article='{target.pk}']").click()
    assert ed.csp_violations(browser) == []

    browser.find_element(By.NAME, "lead").send_keys("Cầu Nhật Lệ 3 thông xe sau hai năm thi công.")
    ed.save(browser, title="Khánh thành cầu: bài viết đủ loại khối", section=section.name)
    assert ed.errors(browser) == []
    article = Article.objects.get(title="Khánh thành cầu: bài viết đủ loại khối")
    slots = list(article.photo_slots.order_by("order", "pk"))
    assert [(s.caption, s.credit, s.photo.alt_text) for s in slots] == [
        ("Cầu mới nhìn từ bờ Nam", "Minh Anh", "Cầu bê tông qua sông Nhật Lệ"),
        ("Người dân đi thử", "", "Người dân đi bộ trên cầu")]
    assert Photo.objects.count() == 2

    # On the change page now: a file can be attached (the article is saved).
    ed.open_form(browser, browser.current_url)
    ed.put_cursor(browser, "p", "Mở đầu", 0)
    _tool(browser, "attachment")
    dialog = _dialog(browser)
    pdf = tmp_path / "Quyết định 12.pdf"
    pdf.write_bytes(PDF)
    dialog.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(str(pdf))
    dialog.find_elements(By.CSS_SELECTOR, "input[type=text]")[0].send_keys("Toàn văn quyết định")
    dialog.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    ed.wait_until(browser, lambda: any(b["type"] == "attachment" for b in ed.posted_body(browser)))
    ed.save(browser)
    assert ed.errors(browser) == []

    article.refresh_from_db()
    attachment = article.attachments.get()
    assert [(b["type"], b["value"]) for b in article.body] == [
        ("attachment", {"file": attachment.pk, "title": "Toàn văn quyết định"}),
        ("paragraph", 'Mở đầu <strong>đậm</strong>, <em>nghiêng</em>, <u>gạch chân</u> và xem '
                      '<a href="https://quangbinh.gov.vn">cổng</a>.'),
        ("heading", {"level": 2, "text": "Tiêu đề lớn"}),
        ("heading", {"level": 3, "text": "Tiêu đề nhỏ"}),
        ("list", {"style": "bullet", "items": ["Mục một", "Mục <strong>hai</strong>"]}),
        ("list", {"style": "number", "items": ["Bước một", "Bước hai"]}),
        ("quote", {"text": "Chúng tôi sẽ hoàn thành trước hạn.", "cite": "Ông Nguyễn Văn A"}),
        ("box", {"title": "Tóm tắt", "text": "Ba phường hoàn thành chỉ tiêu."}),
        ("table", {"caption": "Số hộ theo phường", "header": True,
                   "rows": [["Phường", "Số hộ"], ["Hải Đình", "300"], ["Đồng Phú", "420"], ["Bảo Ninh", "150"]]}),
        ("photos", {"slots": [slots[0].pk, slots[1].pk]}),
        ("video", {"url": "https://vimeo.com/76979871", "caption": "Phóng sự khánh thành"}),
        ("related", {"article": target.pk}),
    ]

    # Published with the workflow's button (the byline, a select2 widget, is set here, not typed);
    # the public page shows every block.
    ArticleAuthor.objects.create(article=article, author=author)
    browser.refresh()
    browser.find_element(By.CSS_SELECTOR, "#workflow-panel button[name=now]").click()
    ed.wait_until(browser, lambda: Article.objects.get(pk=article.pk).status == Status.PUBLISHED)
    article.refresh_from_db()
    browser.get(admin_server + article.get_absolute_url())
    body = browser.find_element(By.TAG_NAME, "main")
    html = body.get_attribute("innerHTML")
    assert "<strong>đậm</strong>" in html and '<a href="https://quangbinh.gov.vn"' in html
    assert [h.text for h in body.find_elements(By.CSS_SELECTOR, "h2, h3") if h.text in ("Tiêu đề lớn", "Tiêu đề nhỏ")] \
        == ["Tiêu đề lớn", "Tiêu đề nhỏ"]
    assert body.find_element(By.CSS_SELECTOR, "blockquote").text == "Chúng tôi sẽ hoàn thành trước hạn."
    assert body.find_element(By.CSS_SELECTOR, "table caption").text == "Số hộ theo phường"
    assert [img.get_attribute("alt") for img in body.find_elements(By.CSS_SELECTOR, ".photo-group img")] == [
        "Cầu bê tông qua sông Nhật Lệ", "Người dân đi bộ trên cầu"]
    assert "Toàn văn quyết định" in body.text and "Phóng sự khánh thành" in body.text
    assert "Đồng Hới khánh thành cầu Nhật Lệ 3" in body.text
