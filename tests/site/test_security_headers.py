"""Security headers on every response: public pages, the admin, error pages."""

import shutil
import subprocess
from html.parser import HTMLParser

import pytest

from tests.helpers.factories import ArticleFactory, ArticlePhotoFactory

CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    # Video blocks: the privacy-enhanced players, loaded only after a click (static/js/video.js).
    "frame-src": "https://www.youtube-nocookie.com https://player.vimeo.com",
    "frame-ancestors": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
}


def directives(header: str) -> dict[str, str]:
    """A CSP header as {directive: sources}: the order of directives carries no meaning."""
    pairs = (part.strip().split(" ", 1) for part in header.split(";") if part.strip())
    return {name: sources for name, sources in pairs}


def assert_security_headers(response):
    assert directives(response["Content-Security-Policy"]) == CSP
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"


class ScriptsAndStyles(HTMLParser):
    """Collects <script> tags, inline scripts, <style> elements and style attributes."""

    def __init__(self):
        super().__init__()
        self.script_srcs, self.inline_scripts, self.inline_styles = [], [], []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "style" in attrs:
            self.inline_styles.append(f"<{tag} style={attrs['style']!r}>")
        if any(name.startswith("on") for name in attrs):
            self.inline_scripts.append(f"<{tag}> event handler")
        if tag == "style":
            self.inline_styles.append("<style>")
        if tag == "script":
            if attrs.get("src"):
                self.script_srcs.append(attrs["src"])
            # A JSON data block (json_script) is never run: the CSP has nothing to block there.
            self._in_script = not attrs.get("src") and attrs.get("type") != "application/json"

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.inline_scripts.append(data.strip()[:80])


def parse(response) -> ScriptsAndStyles:
    parser = ScriptsAndStyles()
    parser.feed(response.content.decode())
    return parser


@pytest.mark.django_db
def test_public_home_page_has_the_security_headers(client):
    response = client.get("/")

    assert response.status_code == 200
    assert_security_headers(response)


@pytest.mark.django_db
def test_404_page_has_the_security_headers(client):
    response = client.get("/khong-co-trang-nay/")

    assert response.status_code == 404
    assert_security_headers(response)


@pytest.mark.django_db
def test_admin_login_page_has_the_security_headers(client):
    response = client.get("/admin/login/")

    assert response.status_code == 200
    assert_security_headers(response)


@pytest.mark.django_db
def test_admin_change_page_loads_its_scripts_from_files_only(client, superuser):
    article = ArticleFactory()
    client.force_login(superuser)

    response = client.get(f"/admin/articles/article/{article.pk}/change/")

    assert response.status_code == 200
    assert_security_headers(response)
    page = parse(response)
    assert page.inline_scripts == []
    assert page.inline_styles == []
    assert "/static/admin/js/change_form.js" in page.script_srcs
    assert "/static/admin/js/inlines.js" in page.script_srcs
    # Every script the page names is served, from this origin (script-src 'self').
    for src in page.script_srcs:
        assert src.startswith("/"), src
        script = client.get(src)
        assert script.status_code == 200, src


def test_static_files_are_served_by_whitenoise_without_collectstatic(client):
    response = client.get("/static/css/site.css")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    assert response["X-Content-Type-Options"] == "nosniff"


# --- the admin in a real browser, under the real policy -------------------------------------------

CHROMIUM = next((path for path in map(shutil.which, ["chromium", "chromium-browser", "google-chrome"]) if path), None)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_admin_change_page_runs_its_javascript_under_the_policy(superuser, tmp_path, admin_server):
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (apt-get install chromium to run the browser tests)")
    slot = ArticlePhotoFactory()

    browser = subprocess.run(
        [CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0",
         f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=5000", "--dump-dom",
         f"{admin_server}/admin/articles/article/{slot.article.pk}/change/"],
        capture_output=True, text=True, timeout=120)

    dom = browser.stdout
    assert 'id="article_form"' in dom
    # inlines.js added the "add another" rows; autocomplete.js built select2 widgets.
    assert 'class="add-row"' in dom
    assert "select2-container" in dom
    violations = [line for line in browser.stderr.splitlines() if "Content Security Policy" in line]
    assert violations == []


def test_images_from_the_s3_media_domain_are_allowed():
    from tests.helpers.environment import read_settings

    policy = read_settings(["CONTENT_SECURITY_POLICY"], AWS_S3_CUSTOM_DOMAIN="anh.example.vn",
                           CSP_IMG_SRC_EXTRA="https://cdn.example.vn")["CONTENT_SECURITY_POLICY"]

    assert policy["DIRECTIVES"]["img-src"] == ["'self'", "data:", "https://anh.example.vn", "https://cdn.example.vn"]
    assert policy["DIRECTIVES"]["script-src"] == ["'self'"]
