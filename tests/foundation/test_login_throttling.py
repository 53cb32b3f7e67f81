"""Staff sign-in: repeated wrong passwords lock out, sessions end, weak passwords are refused."""

import datetime
import logging

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.contrib.sessions.models import Session
from django.utils import timezone

from website.throttling import LOCKOUT_STATUS

pytestmark = pytest.mark.django_db

PASSWORD = "a long and unguessable passphrase"
LOGIN = "/admin/login/"


@pytest.fixture
def editor():
    user = User.objects.create_user("editor", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Editor"))
    return user


def sign_in(client, password, username="editor", **headers):
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"}, **headers)


def signed_in(client):
    return client.get("/admin/").status_code == 200


def fail_until_locked(client, username="editor", **headers):
    """Send wrong passwords up to the limit; return the last answer."""
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = sign_in(client, "wrong", username, **headers)
        assert response.status_code == 200
    return sign_in(client, "wrong", username, **headers)


def test_the_right_password_is_refused_after_repeated_failures(client, editor):
    response = fail_until_locked(client)
    assert response.status_code == LOCKOUT_STATUS

    response = sign_in(client, PASSWORD)
    assert response.status_code == LOCKOUT_STATUS
    assert not signed_in(client)


def test_a_success_before_the_limit_starts_the_count_again(client, editor):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "wrong")
    assert sign_in(client, PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "wrong").status_code == 200
    assert sign_in(client, PASSWORD).status_code == 302


def test_the_lockout_page_says_when_to_try_again_in_both_languages(client, editor):
    response = fail_until_locked(client, HTTP_ACCEPT_LANGUAGE="en")
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    page = response.text
    assert "Too many failed sign-ins" in page
    assert f"Try again in {minutes} minutes" in page
    assert response["Retry-After"] == str(minutes * 60)
    assert "Content-Security-Policy" in response
    assert "<script" not in page and "style=" not in page

    arabic = sign_in(client, "wrong", HTTP_ACCEPT_LANGUAGE="ar")
    assert arabic.status_code == LOCKOUT_STATUS
    assert 'lang="ar" dir="rtl"' in arabic.text
    assert "محاولات تسجيل دخول فاشلة كثيرة" in arabic.text


def test_the_lockout_is_logged_with_the_user_name_and_address(client, editor, caplog):
    with caplog.at_level(logging.WARNING, logger="axes"):
        fail_until_locked(client)
    lockouts = [record.getMessage() for record in caplog.records if "Locking out" in record.getMessage()]
    assert len(lockouts) == 1
    assert 'username: "editor"' in lockouts[0] and 'ip_address: "127.0.0.1"' in lockouts[0]
    assert "wrong" not in lockouts[0]


def test_the_lockout_holds_one_user_name_from_one_address(client, editor):
    User.objects.create_user("curator", password=PASSWORD, is_staff=True)
    fail_until_locked(client)
    # The same person from another address, and another user from the locked address, still sign in.
    assert sign_in(client, PASSWORD, REMOTE_ADDR="203.0.113.9").status_code == 302
    client.logout()
    assert sign_in(client, PASSWORD, username="curator").status_code == 302


def test_the_lockout_lifts_after_the_cool_off(client, editor):
    fail_until_locked(client)
    # Age the recorded failures past the cool-off, as time passing would.
    expired = timezone.now() - settings.AXES_COOLOFF_TIME - datetime.timedelta(seconds=1)
    AccessAttempt.objects.update(attempt_time=expired)
    assert sign_in(client, PASSWORD).status_code == 302
    assert signed_in(client)


def test_a_forged_forwarded_for_header_does_not_escape_the_lockout(client, editor, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "wrong", HTTP_X_FORWARDED_FOR=f"198.51.100.{attempt}")
    assert sign_in(client, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.200").status_code == LOCKOUT_STATUS


def test_behind_a_trusted_proxy_each_client_address_counts_apart(client, editor, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    fail_until_locked(client, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert sign_in(client, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == LOCKOUT_STATUS
    # Another client behind the same proxy, and one claiming the locked address before its own.
    assert sign_in(client, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.8").status_code == 302
    client.logout()
    forged = sign_in(client, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7, 198.51.100.9")
    assert forged.status_code == 302


def test_a_session_lasts_a_working_day_and_ends_with_the_browser(client, editor):
    before = timezone.now()
    response = sign_in(client, PASSWORD)
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    # No expiry on the cookie: the browser forgets it when it closes.
    assert not cookie["expires"] and not cookie["max-age"]
    session = Session.objects.get(session_key=cookie.value)
    lasts = session.expire_date - before
    assert datetime.timedelta(hours=7, minutes=59) <= lasts <= datetime.timedelta(hours=8, minutes=1)

    assert signed_in(client)
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get("/admin/")["Location"].startswith(LOGIN)


def test_a_weak_new_password_is_refused(client, editor):
    assert sign_in(client, PASSWORD).status_code == 302
    for weak, message in [
        ("password", "This password is too common."),
        ("x7k", "This password is too short."),
        ("8412093375", "This password is entirely numeric."),
        ("editor123", "too similar to the username"),
    ]:
        response = client.post(
            "/admin/password_change/",
            {"old_password": PASSWORD, "new_password1": weak, "new_password2": weak},
            HTTP_ACCEPT_LANGUAGE="en",
        )
        assert response.status_code == 200, weak
        assert message in response.text, weak
    editor.refresh_from_db()
    assert editor.check_password(PASSWORD)
