"""Fixtures for the body editor's server side: small renditions (fast), a logged-in client per role."""

import pytest


@pytest.fixture(autouse=True)
def small_renditions(settings):
    """One small rendition width: the photos made here are thumbnails only."""
    settings.PHOTO_RENDITION_WIDTHS = [160, 320]


@pytest.fixture
def as_user(client):
    """as_user(user) -> the test client logged in as that user."""

    def login(user):
        client.force_login(user)
        return client

    return login
