"""On a phone, the demo intervenante logs in, fills a night log and finds it in the register."""

import datetime
import re

import pytest
from django.utils import timezone

from lune_site.demo import demo_token
from lune_site.models import NightLogPage, ShelterLogIndexPage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(phone, live_server, next_path=""):
    """The demo intervenante logs in with her password and a single-use demo code."""
    phone.goto(f"{live_server.url}/admin/login/?next={next_path}")
    phone.fill("#id_username", "intervenante")
    phone.fill("#id_password", "lune-demo-intervenante")
    phone.fill("#id_otp_token", demo_token("intervenante", 1))
    phone.locator("form button[type=submit]").first.click()


def test_the_intervenante_fills_a_night_log_on_a_phone(phone, live_server, demo):
    index = ShelterLogIndexPage.objects.get()
    night = timezone.localdate() - datetime.timedelta(days=1)  # the demo leaves it free
    add_path = f"/admin/pages/add/lune_site/nightlogpage/{index.pk}/"

    log_in(phone, live_server, add_path)
    phone.wait_for_url(f"**{add_path}")

    phone.fill("#id_night", night.isoformat())
    phone.get_by_label("intervenante").check()
    phone.fill("#id_beds_occupied", "4")
    phone.fill("#id_arrivals", "5")
    phone.fill("#id_turned_away_full", "1")
    phone.fill("#id_hygiene_kits_given", "2")
    phone.fill("#id_notes", "Nuit calme, relais fait à 8 h. Mot-témoin Capucine.")
    # Nothing of the form runs off the phone's screen.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.get_by_role("button", name="Publier").first.click()
    phone.wait_for_url(re.compile(r".*/admin/pages/\d+/(edit/)?$|.*/admin/pages/\d+/$"))

    log = NightLogPage.objects.get(night=night)
    assert log.live and log.beds_occupied == 4
    phone.goto(f"{live_server.url}/equipe/registre/")
    row = phone.locator("table.night-list tr", has=phone.locator(f'a[href="{log.url}"]'))
    assert row.count() == 1
    assert "4/5" in row.inner_text()
    phone.locator(f'a[href="{log.url}"]').first.click()
    assert "Mot-témoin Capucine" in phone.content()


def test_the_admin_login_form_posts_with_the_browsers_own_origin(phone, live_server, demo):
    """Forms carry Referrer-Policy same-origin, so the browser's POST passes the CSRF check."""
    log_in(phone, live_server)
    # A refused POST stays on the login address with Django's 403 page; the admin's own pages
    # hold the CSRF token in their settings, so the word itself proves nothing.
    phone.wait_for_url(re.compile(r".*/admin/$"))
    html = phone.content()
    assert "(403)" not in html and "CSRF verification failed" not in html
    assert "vérification CSRF a échoué" not in html
