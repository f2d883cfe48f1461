"""/healthz: 200 when the database answers, 503 when it does not, never cached."""

import socket

import pytest
from django.db import connections
from django.db.utils import load_backend


def closed_port() -> int:
    """A local TCP port with nothing listening on it (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def unreachable_database():
    """A database alias whose server is down: connecting is refused, as when PostgreSQL has stopped."""
    alias = "unreachable"
    settings_dict = connections.configure_settings({
        "default": dict(connections.settings["default"]),
        alias: {"ENGINE": "django.db.backends.postgresql", "NAME": "newsroom", "USER": "postgres",
                "HOST": "127.0.0.1", "PORT": str(closed_port()), "OPTIONS": {"connect_timeout": 3}},
    })[alias]
    connections[alias] = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, alias)
    yield alias
    del connections[alias]


@pytest.mark.django_db
def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "cache": "ok"}


@pytest.mark.django_db
def test_healthz_is_never_cached(client):
    response = client.get("/healthz")

    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"
    assert "Expires" in response


@pytest.mark.django_db
def test_healthz_answers_503_when_a_database_is_unreachable(client, settings, unreachable_database):
    settings.HEALTHZ_DATABASES = ["default", unreachable_database]

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "error", "unreachable": ["unreachable"], "cache": "ok"}
    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"


@pytest.mark.django_db
def test_healthz_accepts_only_reads(client):
    assert client.post("/healthz").status_code == 405
    assert client.head("/healthz").status_code == 200

