"""Driving the body editor (articles/editor/) in headless Chromium: open the article form, type the
ways Vietnamese keyboards type (DevTools protocol), paste and drop as a person's browser does, read
back what the form would post.

- open_form(browser, url): the article form with the editor started; CSP violations are recorded.
- editable(browser): the editable area ([data-editor="body"] inside the article form).
- posted_body(browser): the JSON blocks in the form field `body`.
- ime_type(browser, text): composition, as macOS Telex and IBus type (Input.imeSetComposition, then
  Input.insertText for each syllable).
- unikey_type(browser, text): Unikey/EVKey's way: the base letter, then Backspace and the accented
  letter (Input.dispatchKeyEvent).
- paste(browser, html=..., text=..., files=...): a ClipboardEvent with a DataTransfer, in the page.
- drop_files(browser, element, files): a drop of files (name, mime, bytes) on an element.
"""

import base64
import json
import unicodedata

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

EDITABLE = "#article_form [data-editor='body'][contenteditable='true']"

_RECORD_CSP = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || '') + ' ' + (e.sample || ''));
});
"""


def record_csp(browser):
    browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": _RECORD_CSP})


def csp_violations(browser) -> list[str]:
    return browser.execute_script("return window.__csp || []")


def open_form(browser, url):
    record_csp(browser)
    browser.get(url)
    WebDriverWait(browser, 30).until(lambda b: b.find_elements(By.CSS_SELECTOR, EDITABLE))
    return editable(browser)


def editable(browser):
    return browser.find_element(By.CSS_SELECTOR, EDITABLE)


def posted_body(browser) -> list:
    value = browser.execute_script("return document.querySelector('#article_form textarea[name=body]').value")
    return json.loads(value) if value.strip() else []


def without_ids(blocks) -> list:
    return [{"type": block["type"], "value": block["value"]} for block in blocks]


def put_cursor(browser, selector, text, offset):
    """The cursor `offset` characters into the first text node holding `text` inside the elements
    `selector` finds in the editable area; returns once the editor's selection is there."""
    position = browser.execute_script("""
      const area = document.querySelector(arguments[3]);
      let node = null;
      for (const target of area.querySelectorAll(arguments[0])) {
        const walker = document.createTreeWalker(target, NodeFilter.SHOW_TEXT);
        while (!node && walker.nextNode()) { if (walker.currentNode.data.includes(arguments[1])) node = walker.currentNode; }
        if (node) break;
      }
      const offset = node.data.indexOf(arguments[1]) + arguments[2];
      area.focus();
      const range = document.createRange();
      range.setStart(node, offset);
      range.collapse(true);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      return window.newsroomBodyEditor.view.posAtDOM(node, offset);
    """, selector, text, offset, EDITABLE)
    WebDriverWait(browser, 10).until(lambda b: b.execute_script(
        "return window.newsroomBodyEditor.view.state.selection.from") == position)
    return position


# --- Vietnamese input -------------------------------------------------------------------------

def _bare(char: str) -> str:
    return {"đ": "d", "Đ": "D"}.get(char, unicodedata.normalize("NFD", char)[0])


def _compose_steps(word: str) -> list[str]:
    """The successive texts an IME shows while a word is composed: each letter first bare, then
    with its marks ("d", "đ", "đư", "đươ", "đươc", "được")."""
    steps = []
    for index, char in enumerate(word):
        prefix = word[:index]
        if _bare(char) != char:
            steps.append(prefix + _bare(char))
        steps.append(prefix + char)
    return steps


def ime_type(browser, text: str):
    """Type `text` as a composing IME does: each syllable composed step by step, then committed."""
    for index, word in enumerate(text.split(" ")):
        if index:
            browser.execute_cdp_cmd("Input.insertText", {"text": " "})
        if not word:
            continue
        for shown in _compose_steps(word):
            browser.execute_cdp_cmd("Input.imeSetComposition",
                                    {"text": shown, "selectionStart": len(shown), "selectionEnd": len(shown)})
        browser.execute_cdp_cmd("Input.insertText", {"text": word})


def _key(browser, kind, **fields):
    browser.execute_cdp_cmd("Input.dispatchKeyEvent", {"type": kind, **fields})


def _press_char(browser, char):
    _key(browser, "keyDown", text=char, unmodifiedText=char, key=char)
    _key(browser, "keyUp", key=char)


def _backspace(browser):
    _key(browser, "rawKeyDown", key="Backspace", code="Backspace", windowsVirtualKeyCode=8, nativeVirtualKeyCode=8)
    _key(browser, "keyUp", key="Backspace", code="Backspace", windowsVirtualKeyCode=8, nativeVirtualKeyCode=8)


def unikey_type(browser, text: str):
    """Type `text` as Unikey/EVKey do on Windows: each accented letter first appears bare, then
    Backspace takes it back and the accented letter is sent in its place."""
    for char in text:
        bare = _bare(char)
        _press_char(browser, bare)
        if bare != char:
            _backspace(browser)
            _press_char(browser, char)


# --- Paste and drop ---------------------------------------------------------------------------


def _files_js():
    return """
      function makeFiles(files) {
        return files.map(function (f) {
          const binary = atob(f[2]);
          const bytes = new Uint8Array(binary.length);
          for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
          return new File([bytes], f[0], {type: f[1]});
        });
      }
    """


def _encoded(files):
    return [[name, mime, base64.b64encode(data).decode()] for name, mime, data in files or []]


def paste(browser, *, html=None, text=None, files=None):
    """A paste into the editable area as the browser makes it (clipboardData: a DataTransfer)."""
    browser.execute_script(_files_js() + """
      const area = document.querySelector(arguments[3]);
      const data = new DataTransfer();
      if (arguments[0] !== null) data.setData('text/html', arguments[0]);
      if (arguments[1] !== null) data.setData('text/plain', arguments[1]);
      makeFiles(arguments[2]).forEach(function (file) { data.items.add(file); });
      area.focus();
      area.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));
    """, html, text, _encoded(files), EDITABLE)


def drop_files(browser, element, files):
    """Image files dropped on `element` (its middle), as from the desktop."""
    browser.execute_script(_files_js() + """
      const target = arguments[0];
      const rect = target.getBoundingClientRect();
      const x = rect.left + rect.width / 2, y = rect.top + Math.min(rect.height / 2, 10);
      const data = new DataTransfer();
      makeFiles(arguments[1]).forEach(function (file) { data.items.add(file); });
      ['dragenter', 'dragover', 'drop'].forEach(function (kind) {
        target.dispatchEvent(new DragEvent(kind, {dataTransfer: data, clientX: x, clientY: y, bubbles: true, cancelable: true}));
      });
    """, element, _encoded(files))


# --- The form ---------------------------------------------------------------------------------


def save(browser, *, title=None, section=None, button="_continue"):
    """Fill the title and section if given, press a save button, wait for the next page."""
    from selenium.webdriver.support.ui import Select

    if title is not None:
        field = browser.find_element(By.NAME, "title")
        field.clear()
        field.send_keys(title)
    if section is not None:
        Select(browser.find_element(By.NAME, "section")).select_by_visible_text(section)
    before = browser.current_url
    marker = browser.find_element(By.ID, "article_form")
    browser.execute_script("arguments[0].scrollIntoView()", browser.find_element(By.NAME, button))
    browser.find_element(By.NAME, button).click()
    WebDriverWait(browser, 20).until(lambda b: b.current_url != before or not _attached(marker))
    WebDriverWait(browser, 20).until(lambda b: b.execute_script("return document.readyState") == "complete")


def _attached(element) -> bool:
    try:
        element.is_enabled()
        return True
    except Exception:  # StaleElementReferenceException: the page changed
        return False


def errors(browser) -> list[str]:
    return [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".errornote, .errorlist li")]


def notices(browser) -> list[str]:
    return browser.execute_script("return [...document.querySelectorAll('.ed-notice p')].map(p => p.textContent)")


def wait_until(browser, condition, timeout=20):
    return WebDriverWait(browser, timeout).until(lambda b: condition())
