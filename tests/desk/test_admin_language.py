"""The admin speaks Vietnamese to a browser set to English, unless the user chose English (issue #16)."""

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_an_english_browser_gets_the_vietnamese_admin(client):
    response = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="vi"' in page
    assert "Đăng nhập" in page
    assert "Log in" not in page


def test_a_user_who_chose_english_gets_it(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="en"' in response.content.decode()


def test_the_public_site_still_follows_the_browser(client):
    vietnamese = client.get("/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    english = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="vi"' in vietnamese
    assert '<html lang="en"' in english


def test_the_sidebar_names_the_login_lockout_app_in_vietnamese(client, django_user_model):
    boss = django_user_model.objects.create_superuser("boss", "boss@example.org", "x")
    client.force_login(boss)
    page = client.get("/admin/").content.decode()
    assert "Khóa đăng nhập" in page
    assert ">Axes<" not in page
