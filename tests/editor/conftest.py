"""Fixtures for the body editor's browser tests: a Chromium, the add form of the admin (by `boss`)."""

import pytest

from tests.helpers.browser import start_chromium


@pytest.fixture
def browser(tmp_path):
    browser = start_chromium(tmp_path / "profile", width=1280, height=1000)
    yield browser
    browser.quit()
