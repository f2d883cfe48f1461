"""SITE_URL follows the development server's address (make run PORT=8100); production must set it."""

import os
import subprocess
import sys

from django.conf import settings

ENV_OFF = ("SITE_URL", "DEV_HOST", "DEV_PORT", "DJANGO_ENV", "DATABASE_URL", "REDIS_URL")


def settings_value(expression: str, **env) -> str:
    clean = {key: value for key, value in os.environ.items() if key not in ENV_OFF}
    code = f"import django; django.setup(); from django.conf import settings; print({expression})"
    result = subprocess.run([sys.executable, "-c", code], env={**clean, "DJANGO_SETTINGS_MODULE": "newsroom.settings",
                                                                **env},
                            cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_site_url_follows_the_port_make_run_serves_on():
    assert settings_value("settings.SITE_URL", DEV_PORT="8100") == "http://127.0.0.1:8100"
    assert settings_value("settings.SITE_URL", DEV_HOST="localhost", DEV_PORT="8100") == "http://localhost:8100"


def test_the_default_is_the_default_make_run_address():
    assert settings_value("settings.SITE_URL") == "http://127.0.0.1:8000"


def test_an_explicit_site_url_wins_over_host_and_port():
    assert settings_value("settings.SITE_URL", SITE_URL="https://dongphu.gov.vn/", DEV_PORT="8100") == \
        "https://dongphu.gov.vn"


def test_make_run_passes_host_and_port_to_the_demo_and_the_server():
    result = subprocess.run(["make", "-n", "run", "PORT=8100"], cwd=settings.BASE_DIR, capture_output=True,
                            text=True, timeout=60)
    lines = result.stdout.splitlines()
    assert any("DEV_PORT=8100" in line and "manage.py runserver 127.0.0.1:8100" in line for line in lines), lines
    assert any("DEV_PORT=8100" in line and "manage.py demo" in line for line in lines), lines


def test_canonical_and_feed_links_use_the_port(db, client, settings):
    settings.SITE_URL = "http://127.0.0.1:8100"
    assert "http://127.0.0.1:8100/" in client.get("/feed/").content.decode()


def test_production_without_site_url_fails_the_deploy_check():
    from newsroom.checks import site_url_is_explicit

    code = ("import django; django.setup(); from newsroom.checks import site_url_is_explicit; "
            "print([e.id for e in site_url_is_explicit(None)])")
    clean = {key: value for key, value in os.environ.items() if key not in ENV_OFF}
    base = {**clean, "DJANGO_SETTINGS_MODULE": "newsroom.settings", "DJANGO_ENV": "production",
            "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "dongphu.gov.vn"}
    without = subprocess.run([sys.executable, "-c", code], env=base, cwd=settings.BASE_DIR, capture_output=True,
                             text=True, timeout=60)
    assert without.stdout.strip() == "['newsroom.E001']", without.stderr
    with_url = subprocess.run([sys.executable, "-c", code], env={**base, "SITE_URL": "https://dongphu.gov.vn"},
                              cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=60)
    assert with_url.stdout.strip() == "[]", with_url.stderr
    assert site_url_is_explicit(None) == []  # this (development) process
