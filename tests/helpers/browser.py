"""Headless Chromium for the tests that must see a page as a person does.

Debian's chromium and chromium-driver are used (`apt-get install chromium
chromium-driver`); without them these tests skip and say how to install them.
"""

import shutil

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")

requires_chromium = pytest.mark.skipif(
    not (CHROMIUM and CHROMEDRIVER),
    reason="needs Debian's chromium and chromium-driver: apt-get install -y chromium chromium-driver")


def start_chromium(profile_dir, width=1280, height=900):
    """A headless Chromium with its own profile folder (kept between starts, like a person's)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run", "--disable-quic", f"--user-data-dir={profile_dir}",
                 f"--window-size={width},{height}", "--lang=vi"]:
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


class LoggedInAsBoss:
    """Test-only middleware: the browser is the superuser `boss` (headless Chromium cannot log in by itself)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.contrib.auth.models import User

        request.user = User.objects.get(username="boss")
        return self.get_response(request)
