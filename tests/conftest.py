"""Shared fixtures: users in each newsroom role, sections, authors, articles."""

import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.db import connections
from django.test.testcases import LiveServerThread


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every test writes uploads into its own temporary folder, never into media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Real password checks, with a hasher that does not spend a second per user."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def no_periodic_pending_check(settings):
    """The page cache looks for invalidations kept while Redis was away every few seconds
    (one query per process): not in the middle of a test's query count. The tests of
    that check (tests/pagecache/test_redis_down.py) set it themselves."""
    settings.PAGE_CACHE_RECHECK_SECONDS = 10**9


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (pages, generations, locks), and no process copies."""
    from django.core.cache import caches

    for alias in ("default", "local"):
        caches[alias].clear()
    yield
    for alias in ("default", "local"):
        caches[alias].clear()


def _user(django_user_model, username, group=None, **extra):
    """A staff user with password "pw-<username>" in the role `group` (tests/helpers/factories.py)."""
    from tests.helpers.factories import UserFactory

    return UserFactory(username=username, role=group, **extra)


@pytest.fixture
def reporter(django_user_model):
    return _user(django_user_model, "reporter", "Reporter")


@pytest.fixture
def other_reporter(django_user_model):
    return _user(django_user_model, "reporter2", "Reporter")


@pytest.fixture
def editor(django_user_model):
    return _user(django_user_model, "editor", "Editor")


@pytest.fixture
def superuser(django_user_model):
    return _user(django_user_model, "boss", is_superuser=True)


@pytest.fixture
def section(db):
    from tests.helpers.factories import SectionFactory

    return SectionFactory(name="An ninh – Trật tự")


@pytest.fixture
def author(db):
    from tests.helpers.factories import AuthorFactory

    return AuthorFactory(name="Ngô Quang Văn")


@pytest.fixture
def seed_path():
    from django.conf import settings

    return settings.BASE_DIR / "articles" / "fixtures" / "seed" / "000_e54cdf6b1a378940.txt"


# --- Editorial workflow ---------------------------------------------------------


@pytest.fixture
def chief_editor(django_user_model):
    return _user(django_user_model, "chief", "Chief editor")


@pytest.fixture
def staff_without_role(django_user_model):
    return _user(django_user_model, "nobody")


@pytest.fixture(autouse=True)
def photo_originals_root(settings, tmp_path):
    """Photo originals (private storage) also go into the test's temporary folder."""
    settings.PHOTO_ORIGINALS_ROOT = tmp_path / "originals"
    return settings.PHOTO_ORIGINALS_ROOT

@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """A `replica` database alias mirroring the test database (tests/ops/test_replica_router.py).

    As with DATABASE_REPLICA_URL in production, minus the router: tests that
    want replica routing install it with the `settings` fixture.
    """
    from django.conf import settings

    if "replica" not in settings.DATABASES:
        settings.DATABASES["replica"] = {
            **settings.DATABASES["default"],
            "TEST": {"CHARSET": None, "COLLATION": None, "MIGRATE": True, "MIRROR": "default", "NAME": None},
        }


@pytest.fixture
def admin_server(settings):
    """A live server started after the test's settings, whose every request is by the superuser `boss`
    (tests.helpers.browser.LoggedInAsBoss): the admin in a real browser."""
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
