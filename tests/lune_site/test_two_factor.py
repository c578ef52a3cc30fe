"""Staff log in with a password and a second factor; lockouts key on the username only."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def enforced(settings):
    settings.LUNE_REQUIRE_SECOND_FACTOR = True
    return settings


def with_backup_code(user, code="secours-12345"):
    device = StaticDevice.objects.create(user=user, name="Codes de secours")
    device.token_set.create(token=code)
    return code


def admin_login(client, username, password, token=""):
    return client.post(
        reverse("wagtailadmin_login"),
        {"username": username, "password": password, "otp_token": token},
    )


def test_a_code_is_required_once_a_device_exists(client, enforced, communications_user):
    code = with_backup_code(communications_user)
    response = admin_login(client, "comm", "pw-comm")
    assert response.status_code == 200
    assert "Entrez votre code de vérification." in response.content.decode()
    response = admin_login(client, "comm", "pw-comm", "mauvais-code")
    assert "Code de vérification incorrect" in response.content.decode()
    # A wrong code slows the next tries down (django-otp's throttling); time passes.
    StaticDevice.objects.get(user=communications_user).throttle_reset()
    response = admin_login(client, "comm", "pw-comm", code)
    assert response.status_code == 302
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    # A backup code works once.
    client.logout()
    response = admin_login(client, "comm", "pw-comm", code)
    assert "Code de vérification incorrect" in response.content.decode()


def test_an_account_without_device_sets_one_up_first(client, enforced, communications_user):
    assert admin_login(client, "comm", "pw-comm").status_code == 302
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("two_factor_setup")
    page = client.get(reverse("two_factor_setup"))
    assert "data:image/svg+xml" in page.content.decode()
    device = TOTPDevice.objects.get(user=communications_user, confirmed=False)
    wrong = client.post(reverse("two_factor_setup"), {"token": "000000"})
    assert "ne correspond pas" in wrong.content.decode()
    device.refresh_from_db()
    device.throttle_reset()
    done = client.post(reverse("two_factor_setup"), {"token": f"{totp(device.bin_key):06d}"})
    assert done.status_code == 200
    assert len(done.context["codes"]) == 10
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_staff_area_needs_the_second_factor(client, enforced, staff_user):
    code = with_backup_code(staff_user)
    client.force_login(staff_user)
    response = client.get("/equipe/")
    assert response.status_code == 302
    assert response["Location"].startswith("/connexion/")
    client.logout()
    response = client.post(
        "/connexion/?next=/equipe/",
        {"username": "nuit", "password": "pw-nuit", "otp_token": code},
    )
    assert response.status_code == 302
    assert client.get("/equipe/").status_code == 200


def test_members_log_in_without_a_code(client, enforced, member_user):
    response = client.post("/connexion/", {"username": "membre1", "password": "pw-membre1"})
    assert response.status_code == 302
    assert client.get("/membres/").status_code == 200


def test_lockout_by_username_for_a_short_while_and_no_address(client, settings, site_tree):
    make_user("veilleuse", "STAFF_GROUP_NAME")
    make_user("autre", "STAFF_GROUP_NAME")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        admin_login(client, "veilleuse", "faux")
    locked = admin_login(client, "veilleuse", "pw-veilleuse")
    assert locked.status_code in (403, 429)
    assert "Connexion bloquée" in locked.content.decode()
    # Another account, from the same browser, is not locked.
    assert admin_login(client, "autre", "pw-autre").status_code == 302
    assert AccessAttempt.objects.filter(username="veilleuse").exists()
    assert not AccessAttempt.objects.exclude(ip_address=None).exists()
    assert settings.AXES_COOLOFF_TIME.total_seconds() <= 30 * 60


def test_password_reset_logs_nobody_in(client, enforced, staff_user):
    with_backup_code(staff_user)
    uid = urlsafe_base64_encode(force_bytes(staff_user.pk))
    token = default_token_generator.make_token(staff_user)
    url = reverse("wagtailadmin_password_reset_confirm", args=[uid, token])
    response = client.get(url, follow=True)
    response = client.post(
        response.redirect_chain[-1][0] if response.redirect_chain else url,
        {
            "new_password1": "Une-phrase-de-passe-longue-2026",
            "new_password2": "Une-phrase-de-passe-longue-2026",
        },
    )
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    # The new password alone does not open the admin: the code is still asked.
    response = admin_login(client, "nuit", "Une-phrase-de-passe-longue-2026")
    assert "Entrez votre code de vérification." in response.content.decode()


def test_demo_accounts_have_single_use_codes(demo):
    from django.contrib.auth import get_user_model

    from lune_site.demo import demo_token

    user = get_user_model().objects.get(username="intervenante")
    assert (
        StaticDevice.objects.get(user=user)
        .token_set.filter(token=demo_token("intervenante", 1))
        .exists()
    )
