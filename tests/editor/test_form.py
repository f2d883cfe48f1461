"""The article form with the body editor: accessible (axe-core, keyboard toolbar, Vietnamese names),
fine at a phone's 390 px, under the strict CSP; the shortcuts and the link dialog; and the form's
duties as before: a reporter's draft through the workflow, optimistic locking (a stale form keeps
what was typed in the editor), a body replaced by script reloads the editor."""

import importlib
import json

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from articles.models import Article, Status
from tests.helpers import editor as ed
from tests.helpers.body import block
from tests.helpers.browser import requires_chromium
from tests.helpers.factories import ArticleFactory, ArticlePhotoFactory
from tests.helpers.quality import AXE_JS, requires_axe, serious_violations

pytestmark = [pytest.mark.browser, requires_chromium, pytest.mark.django_db(transaction=True)]


def _chord(browser, modifier, key, shift=False):
    chain = ActionChains(browser).key_down(modifier)
    if shift:
        chain = chain.key_down(Keys.SHIFT)
    chain = chain.send_keys(key)
    if shift:
        chain = chain.key_up(Keys.SHIFT)
    chain.key_up(modifier).perform()


def _values(browser):
    return [(b["type"], b["value"]) for b in ed.posted_body(browser)]


@pytest.fixture
def rich(db, section):
    article = ArticleFactory(title="Bài đủ khối", section=section, paragraphs=[])
    slot = ArticlePhotoFactory(article=article, after_paragraph=False, caption="Ảnh một",
                               photo__alt_text="Mô tả ảnh một")
    article.body = [
        block("paragraph", 'Đoạn có <strong>chữ đậm</strong> và <a href="https://quangbinh.gov.vn/">liên kết</a>.'),
        block("heading", {"level": 2, "text": "Tiêu đề"}),
        block("list", {"style": "bullet", "items": ["Một", "Hai"]}),
        block("quote", {"text": "Lời trích.", "cite": "Ông A"}),
        block("box", {"title": "Tóm tắt", "text": "Nội dung hộp."}),
        block("table", {"caption": "Bảng", "header": True, "rows": [["A", "B"], ["1", "2"]]}),
        block("photos", {"slots": [slot.pk]}),
        block("video", {"url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "caption": "Video"}),
    ]
    article.save()
    return article


def _violations_in(browser, selector):
    browser.execute_script(AXE_JS.read_text())
    found = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document.querySelector(arguments[0]), {resultTypes: ['violations']}).then(r => done("
        "r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target)}))));", selector)
    return [v for v in found if v["impact"] in ("serious", "critical")]


@requires_axe
@pytest.mark.parametrize("page", ["add", "change"])
@pytest.mark.parametrize("width", [1280, 390])
def test_the_editor_page_has_no_serious_accessibility_violations_and_fits_a_phone(width, page, rich, admin_server,
                                                                                  superuser, browser):
    if width == 390:  # a phone's viewport (headless windows are at least 500 px wide)
        browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True})
    ed.open_form(browser, f"{admin_server}/admin/articles/article/" + ("add/" if page == "add" else f"{rich.pk}/change/"))
    toolbar = browser.find_element(By.CSS_SELECTOR, ".ed-toolbar")
    assert toolbar.get_attribute("role") == "toolbar"
    assert ed.csp_violations(browser) == []  # (axe-core, injected below, adds a style element)
    # The whole page for a new article; on an article with a byline, the editor and its dialogs (the
    # byline's rows are Django's TabularInline, labelled by their column headings).
    assert serious_violations(browser) == [] if page == "add" else _violations_in(browser, ".ed") == []
    editor = browser.find_element(By.CSS_SELECTOR, ".ed")
    right = browser.execute_script("return arguments[0].getBoundingClientRect().right", editor)
    assert right <= browser.execute_script("return document.documentElement.clientWidth") + 1
    if width == 390:  # the toolbar wraps onto several rows instead of running off the screen
        assert toolbar.size["height"] > 2 * toolbar.find_element(By.CSS_SELECTOR, ".ed-tool").size["height"]
        assert browser.execute_script("return arguments[0].scrollWidth <= arguments[0].clientWidth", toolbar)


def test_the_toolbar_is_one_tab_stop_with_arrow_keys_and_says_what_is_on(admin_server, superuser, browser):
    area = ed.open_form(browser, admin_server + "/admin/articles/article/add/")
    buttons = browser.find_elements(By.CSS_SELECTOR, ".ed-toolbar .ed-tool")
    assert [b.get_attribute("tabindex") for b in buttons].count("0") == 1
    names = [b.get_attribute("textContent") for b in buttons]
    assert names[:3] == ["BĐậm (Ctrl+B)", "INghiêng (Ctrl+I)", "UGạch chân (Ctrl+U)"]  # icon (aria-hidden), name
    assert [b.get_attribute("title") for b in buttons][:2] == ["Đậm (Ctrl+B)", "Nghiêng (Ctrl+I)"]
    assert {"Thư việnChọn từ thư viện", "↶Hoàn tác (Ctrl+Z)", "↷Làm lại (Ctrl+Y)"} <= set(names)
    buttons[0].click()  # bold on, at the cursor
    assert buttons[0].get_attribute("aria-pressed") == "true"
    buttons[0].send_keys(Keys.ARROW_RIGHT)
    assert browser.switch_to.active_element == buttons[1]
    assert buttons[1].get_attribute("tabindex") == "0" and buttons[0].get_attribute("tabindex") == "-1"
    buttons[1].send_keys(Keys.END)
    assert browser.switch_to.active_element.get_attribute("data-tool") == "redo"
    browser.switch_to.active_element.send_keys(Keys.HOME)
    assert browser.switch_to.active_element == buttons[0]

    area.click()
    ActionChains(browser).send_keys("Chữ").perform()
    _chord(browser, Keys.CONTROL, "i")
    ActionChains(browser).send_keys(" nghiêng").perform()
    assert buttons[1].get_attribute("aria-pressed") == "true"
    assert _values(browser) == [("paragraph", "<strong>Chữ<em> nghiêng</em></strong>")]
    # Undo (the typing of a moment is one step), redo both ways.
    _chord(browser, Keys.CONTROL, "z")
    assert _values(browser) == []
    _chord(browser, Keys.CONTROL, "y")
    assert _values(browser)[0][1].endswith("nghiêng</em></strong>")
    _chord(browser, Keys.CONTROL, "z")
    _chord(browser, Keys.CONTROL, "z", shift=True)
    assert _values(browser)[0][1].endswith("nghiêng</em></strong>")


def test_the_link_dialog_adds_changes_and_removes_a_link(admin_server, superuser, browser):
    area = ed.open_form(browser, admin_server + "/admin/articles/article/add/")
    area.click()
    _chord(browser, Keys.CONTROL, "k")
    dialog = browser.find_element(By.CSS_SELECTOR, "dialog.ed-dialog[open]")
    assert dialog.find_element(By.TAG_NAME, "h2").text == "Thêm liên kết"
    url, text = dialog.find_elements(By.CSS_SELECTOR, "input")
    url.send_keys("javascript:alert(1)")
    text.send_keys("Cổng tỉnh")
    dialog.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    assert dialog.find_element(By.CSS_SELECTOR, ".ed-error").text.startswith("Liên kết phải bắt đầu bằng http://")
    url.clear()
    url.send_keys("quangbinh.gov.vn", Keys.ENTER)
    assert _values(browser) == [("paragraph", '<a href="https://quangbinh.gov.vn">Cổng tỉnh</a>')]

    ed.put_cursor(browser, "a", "Cổng", 2)
    _chord(browser, Keys.CONTROL, "k")
    dialog = browser.find_element(By.CSS_SELECTOR, "dialog.ed-dialog[open]")
    assert dialog.find_element(By.TAG_NAME, "h2").text == "Sửa liên kết"
    url = dialog.find_element(By.CSS_SELECTOR, "input")
    assert url.get_attribute("value") == "https://quangbinh.gov.vn"
    url.clear()
    url.send_keys("/thoi-su/", Keys.ENTER)
    assert _values(browser) == [("paragraph", '<a href="/thoi-su/">Cổng tỉnh</a>')]

    ed.put_cursor(browser, "a", "Cổng", 1)
    _chord(browser, Keys.CONTROL, "k")
    dialog = browser.find_element(By.CSS_SELECTOR, "dialog.ed-dialog[open]")
    [remove] = [b for b in dialog.find_elements(By.TAG_NAME, "button") if b.text == "Gỡ liên kết"]
    remove.click()
    assert _values(browser) == [("paragraph", "Cổng tỉnh")]
    assert browser.find_elements(By.CSS_SELECTOR, "dialog[open]") == []
    assert browser.switch_to.active_element == area


def test_a_body_replaced_by_script_reloads_the_editor(rich, admin_server, superuser, browser):
    area = ed.open_form(browser, f"{admin_server}/admin/articles/article/{rich.pk}/change/")
    replacement = [block("paragraph", "Bản khôi phục <em>từ máy</em>.")]
    browser.execute_script("""
      const field = document.querySelector('#article_form textarea[name=body]');
      field.value = arguments[0];
      field.dispatchEvent(new CustomEvent('newsroom:body-replaced'));
    """, json.dumps(replacement))
    assert area.find_element(By.TAG_NAME, "p").get_attribute("innerHTML") == "Bản khôi phục <em>từ máy</em>."
    assert browser.find_elements(By.CSS_SELECTOR, f"{ed.EDITABLE} .ed-photos") == []


def _log_in(browser, base, username):
    browser.get(base + "/admin/login/")
    browser.find_element(By.NAME, "username").send_keys(username)
    browser.find_element(By.NAME, "password").send_keys(f"pw-{username}")
    browser.find_element(By.CSS_SELECTOR, "input[type=submit]").click()
    WebDriverWait(browser, 10).until(lambda b: "/admin/login/" not in b.current_url)


@pytest.fixture
def reporter_in_role(reporter):
    """The reporter, their group holding the Reporter's permissions: those come from a data migration
    (articles/0003), and an earlier transactional test's flush took them away."""
    from django.contrib.auth.models import Permission

    roles = importlib.import_module("articles.migrations.0003_create_newsroom_groups")
    group = reporter.groups.get(name="Reporter")
    for code in roles.REPORTER + ["articles.delete_article"]:
        app_label, codename = code.split(".")
        group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return reporter


def test_a_reporter_writes_saves_and_sends_for_review_and_a_stale_form_merges(live_server, reporter_in_role,
                                                                                       section, author, browser):
    reporter = reporter_in_role
    _log_in(browser, live_server.url, "reporter")
    area = ed.open_form(browser, live_server.url + "/admin/articles/article/add/")
    area.click()
    ActionChains(browser).send_keys("Phường Đồng Phú họp dân.", Keys.ENTER, "Đoạn hai.").perform()
    browser.find_element(By.NAME, "lead").send_keys("Sapo của phóng viên.")
    ed.save(browser, title="Bài của phóng viên", section=section.name)
    assert ed.errors(browser) == []
    article = Article.objects.get()
    assert [b["value"] for b in article.body] == ["Phường Đồng Phú họp dân.", "Đoạn hai."]
    assert article.created_by == reporter

    # Someone else saves meanwhile (the lead): the three-way merge keeps both changes in one save
    # (articles/workflow/merge.py), and the editor's text is what was typed.
    area = ed.open_form(browser, browser.current_url)
    ed.put_cursor(browser, "p", "Đoạn hai.", 9)
    ActionChains(browser).send_keys(" Thêm câu.").perform()
    article.lead = "Sapo do biên tập viên sửa."
    article.save()
    ed.save(browser)
    assert ed.errors(browser) == []
    assert "Đã giữ thay đổi của" in browser.find_element(By.TAG_NAME, "body").text
    article.refresh_from_db()
    assert [b["value"] for b in article.body] == ["Phường Đồng Phú họp dân.", "Đoạn hai. Thêm câu."]
    assert article.lead == "Sapo do biên tập viên sửa."

    # The workflow's button on the same form: sent for review.
    article.author_links.create(author=author)
    browser.refresh()
    ed.editable(browser)
    [send] = [b for b in browser.find_elements(By.CSS_SELECTOR, "#workflow-panel button") if b.text == "Gửi duyệt"]
    send.click()
    WebDriverWait(browser, 10).until(lambda b: Article.objects.get(pk=article.pk).status == Status.IN_REVIEW)


def test_enter_in_a_photo_caption_does_not_submit_and_links_stay_out_of_headings(rich, admin_server, superuser,
                                                                                 browser):
    ed.open_form(browser, f"{admin_server}/admin/articles/article/{rich.pk}/change/")
    caption = browser.find_element(By.CSS_SELECTOR, ".ed-photos input[data-focus-key$='-caption']")
    assert browser.execute_script("""
      const event = new KeyboardEvent('keydown', {key: 'Enter', bubbles: true, cancelable: true});
      arguments[0].dispatchEvent(event);
      return event.defaultPrevented;
    """, caption) is True
    ed.put_cursor(browser, "h2", "Tiêu đề", 3)
    _chord(browser, Keys.CONTROL, "k")
    assert browser.find_elements(By.CSS_SELECTOR, "dialog[open]") == []
    assert ed.notices(browser) == ["Tiêu đề, chú thích và tên người nói không có liên kết: đặt liên kết trong đoạn văn."]
