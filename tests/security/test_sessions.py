"""A session ends after SESSION_COOKIE_AGE of inactivity (10 h by default, one night shift);
every request while it is open starts the period again (the row is written again once its
expiry is SESSION_REFRESH_SECONDS old, not on every request).

Sessions live in the database (Django's `db` engine): the server compares the expiry stored
with the session against the clock. No clock library is pinned in the dev extras, so time
passes here the honest way: the stored expiry is moved back by the time that passes, which is
what the server sees when that much time has gone by without a request.
"""

import datetime
import os
import subprocess
import sys

import pytest
from django.contrib.sessions.models import Session
from django.db.models import F
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice

pytestmark = pytest.mark.django_db

DEFAULT_AGE = 10 * 60 * 60
MINUTE = datetime.timedelta(minutes=1)
BACKUP_CODE = "secours-1"


@pytest.fixture
def staff_client(client, settings, staff_user):
    """A staff member logged in through the login form, with a second factor, as in production."""
    settings.LUNE_REQUIRE_SECOND_FACTOR = True
    device = StaticDevice.objects.create(user=staff_user, name="Codes de secours")
    device.token_set.create(token=BACKUP_CODE)
    response = client.post(
        "/connexion/?next=/equipe/",
        {"username": "nuit", "password": "pw-nuit", "otp_token": BACKUP_CODE},
    )
    assert response.status_code == 302
    assert response["Location"] == "/equipe/"
    return client


def stored_session(client):
    from django.conf import settings

    return Session.objects.get(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value)


def let_time_pass(client, duration):
    """`duration` without a request: the session's stored expiry comes that much closer."""
    moved = Session.objects.filter(pk=stored_session(client).pk).update(
        expire_date=F("expire_date") - duration
    )
    assert moved == 1


def assert_sent_to_login(response, address):
    assert response.status_code == 302
    assert response["Location"] == f"/connexion/?next={address}"


def test_sessions_are_kept_in_the_database(settings):
    # What the tests below move is what the server checks: the session row's expiry.
    from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore

    from lune_site.sessions import SessionStore

    assert settings.SESSION_ENGINE == "lune_site.sessions"
    assert issubclass(SessionStore, DatabaseSessionStore)
    assert settings.SESSION_SAVE_EVERY_REQUEST is False
    assert 0 < settings.SESSION_REFRESH_SECONDS <= 5 * 60


def test_a_page_in_use_is_not_written_again_until_its_expiry_is_old(staff_client, settings):
    assert staff_client.get("/equipe/").status_code == 200
    written = stored_session(staff_client).expire_date
    # Within the refresh interval: the page reads the session and writes nothing.
    response = staff_client.get("/equipe/registre/")
    assert response.status_code == 200
    assert stored_session(staff_client).expire_date == written
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    # Past it: the same request restarts the period.
    let_time_pass(staff_client, datetime.timedelta(seconds=settings.SESSION_REFRESH_SECONDS + 1))
    before = timezone.now()
    response = staff_client.get("/equipe/registre/")
    assert stored_session(staff_client).expire_date >= before + datetime.timedelta(
        seconds=settings.SESSION_COOKIE_AGE
    )
    assert settings.SESSION_COOKIE_NAME in response.cookies


def test_a_visitor_without_a_session_gets_no_session_row_or_cookie(client, settings):
    response = client.get("/")
    assert response.status_code == 200
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert not Session.objects.exists()


def test_a_staff_member_who_keeps_acting_stays_logged_in(staff_client, settings):
    age = datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert staff_client.get("/equipe/").status_code == 200
    # Three times almost the whole period without a request: far more than one period in all.
    for _ in range(3):
        let_time_pass(staff_client, age - MINUTE)
        before = timezone.now()
        response = staff_client.get("/equipe/registre/")
        assert response.status_code == 200
        # The request started the period again, and the browser got the session back.
        assert stored_session(staff_client).expire_date >= before + age
        assert settings.SESSION_COOKIE_NAME in response.cookies
    assert staff_client.get("/equipe/").status_code == 200


@pytest.mark.parametrize("age_seconds", [DEFAULT_AGE, 90])
def test_after_the_period_without_a_request_the_staff_area_asks_for_the_login_again(
    staff_client, settings, age_seconds
):
    settings.SESSION_COOKIE_AGE = age_seconds
    # The period counts from the last request, under the age in force.
    assert staff_client.get("/equipe/").status_code == 200
    assert staff_client.get("/equipe/registre/").status_code == 200

    let_time_pass(staff_client, datetime.timedelta(seconds=age_seconds) + MINUTE)

    assert_sent_to_login(staff_client.get("/equipe/registre/"), "/equipe/registre/")
    assert_sent_to_login(staff_client.get("/equipe/"), "/equipe/")
    admin = staff_client.get("/admin/")
    assert admin.status_code == 302
    assert admin["Location"].startswith("/admin/login/")
    # Logging in again, with the password and a second factor, opens the staff area again.
    StaticDevice.objects.get(user__username="nuit").token_set.create(token="secours-2")
    again = staff_client.post(
        "/connexion/?next=/equipe/",
        {"username": "nuit", "password": "pw-nuit", "otp_token": "secours-2"},
    )
    assert again.status_code == 302
    assert staff_client.get("/equipe/").status_code == 200


def session_settings(module, **env):
    """The session settings as a fresh interpreter reads them from the environment."""
    environment = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SESSION_COOKIE_AGE")
    }
    environment.update(env, DJANGO_SETTINGS_MODULE=module)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings;"
            "print(settings.SESSION_COOKIE_AGE, settings.SESSION_ENGINE)",
        ],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_session_age_is_ten_hours_unless_the_environment_says_otherwise():
    assert session_settings("lune_site.settings.dev") == [str(DEFAULT_AGE), "lune_site.sessions"]
    assert session_settings("lune_site.settings.dev", SESSION_COOKIE_AGE="1800") == [
        "1800",
        "lune_site.sessions",
    ]
    production = session_settings(
        "lune_site.settings.production",
        SESSION_COOKIE_AGE="7200",
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="projetlune.org",
    )
    assert production == ["7200", "lune_site.sessions"]
