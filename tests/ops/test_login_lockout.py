"""Admin login protection: repeated wrong passwords lock the username from that address."""

import pytest
from axes.models import AccessAttempt

from tests.helpers.environment import read_settings



@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Many logins per test: a cheap hasher keeps them quick (the lockout does not depend on it)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


LOCKOUT_TEXT = "Đăng nhập sai quá nhiều lần: tài khoản này tạm bị khóa trên máy của bạn. Vui lòng thử lại sau 15 phút."


def admin_login(client, username, password, ip="203.0.113.7"):
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password},
                       REMOTE_ADDR=ip)


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_four_wrong_passwords_then_the_right_one_logs_in(client, editor):
    for _attempt in range(4):
        response = admin_login(client, "editor", "sai-mat-khau")
        assert response.status_code == 200
        assert "Bạn hãy nhập đúng Tên đăng nhập và mật khẩu." in response.content.decode()

    response = admin_login(client, "editor", "pw-editor")

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert is_logged_in(client)
    # A success clears the count.
    assert AccessAttempt.objects.filter(username="editor").count() == 0


def test_five_wrong_passwords_lock_out_even_the_right_password(client, editor, superuser):
    responses = [admin_login(client, "editor", "sai-mat-khau") for _attempt in range(5)]
    assert [r.status_code for r in responses] == [200, 200, 200, 200, 429]

    response = admin_login(client, "editor", "pw-editor")

    assert response.status_code == 429
    assert LOCKOUT_TEXT in response.content.decode()
    assert "Sau 5 lần nhập sai mật khẩu liên tiếp" in response.content.decode()
    assert response["Content-Security-Policy"]
    assert not is_logged_in(client)
    assert client.get("/admin/").status_code == 302
    attempt = AccessAttempt.objects.get(username="editor")
    assert (attempt.ip_address, attempt.failures_since_start) == ("203.0.113.7", 6)

    # Another user from the same address is not locked out...
    other = admin_login(client, "boss", "pw-boss")
    assert other.status_code == 302
    assert is_logged_in(client)


def test_the_lockout_is_for_the_username_and_address_together(client, editor):
    for _attempt in range(5):
        admin_login(client, "editor", "sai-mat-khau", ip="203.0.113.7")

    # The same user from another address is not locked out.
    response = admin_login(client, "editor", "pw-editor", ip="198.51.100.20")

    assert response.status_code == 302
    assert is_logged_in(client)


def test_behind_a_trusted_proxy_the_forwarded_address_counts(client, editor, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _attempt in range(5):
        client.post("/admin/login/", {"username": "editor", "password": "sai"}, REMOTE_ADDR="127.0.0.1",
                    HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.7")

    assert AccessAttempt.objects.get(username="editor").ip_address == "203.0.113.7"
    # Another reader behind the same proxy can still log in as that user.
    response = client.post("/admin/login/?next=/admin/", {"username": "editor", "password": "pw-editor"},
                           REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.20")
    assert response.status_code == 302


@pytest.mark.django_db
def test_client_login_without_a_request_still_works(client, editor):
    assert client.login(username="editor", password="pw-editor") is True
    assert client.login(username="editor", password="wrong") is False


def test_limit_and_cool_off_are_tuned_from_the_environment():
    values = read_settings(["AXES_FAILURE_LIMIT", "AXES_COOLOFF_TIME", "AXES_LOCKOUT_PARAMETERS"],
                           AXES_FAILURE_LIMIT="3", AXES_COOLOFF_MINUTES="30")

    assert values == {"AXES_FAILURE_LIMIT": 3, "AXES_COOLOFF_TIME": "0:30:00",
                      "AXES_LOCKOUT_PARAMETERS": [["username", "ip_address"]]}
