"""Fixtures of the readership tests: a live server whose every request is by the superuser `boss`."""

import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.db import connections
from django.test.testcases import LiveServerThread


@pytest.fixture
def admin_server(settings):
    """A live server started after the test's settings; every request is by `boss` (tests.helpers.browser)."""
    middleware = list(settings.MIDDLEWARE)
    middleware.insert(middleware.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
                      "tests.helpers.browser.LoggedInAsBoss")
    settings.MIDDLEWARE = middleware
    connection = connections["default"]
    shared = connection.vendor == "sqlite" and connection.is_in_memory_db()
    if shared:  # the in-memory test database exists only on this connection
        connection.inc_thread_sharing()
    server = LiveServerThread("127.0.0.1", StaticFilesHandler,
                              connections_override={"default": connection} if shared else None, port=0)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    if server.error:
        raise server.error
    yield f"http://127.0.0.1:{server.port}"
    server.terminate()
    if shared:
        connection.dec_thread_sharing()
