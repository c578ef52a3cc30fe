"""Partners ask for a presentation; the request is stored first, then staff follow it up."""

import pytest
from django.core import mail

from events.models import PresentationRequest, PresentationRequestPage

pytestmark = pytest.mark.django_db

GOOD = {
    "organization": "Cégep de Limoilou",
    "contact_name": "Marie Tremblay",
    "email": "marie@example.org",
    "phone": "",
    "topic": "La décriminalisation du travail du sexe",
    "audience": "30 étudiantes en travail social",
    "preferred_dates": "Février, un mardi matin",
    "place": "1300, 8e Avenue",
    "message": "Merci !",
    "website": "",
}


@pytest.fixture
def form_page(catalog):
    page = PresentationRequestPage(title="Demander une présentation", slug="demande")
    catalog.add_child(instance=page)
    return page


def test_request_is_stored_staff_are_told_and_visitor_thanked(client, form_page):
    response = client.get("/formations/demande/")
    assert response.status_code == 200
    assert 'name="organization"' in response.content.decode()
    response = client.post("/formations/demande/", GOOD)
    assert response.status_code == 302
    assert response["Location"] == "/formations/demande/merci/"
    stored = PresentationRequest.objects.get()
    assert stored.organization == "Cégep de Limoilou"
    assert stored.status == PresentationRequest.NEW
    assert len(mail.outbox) == 1
    assert "marie@example.org" not in mail.outbox[0].body  # contact details stay in the admin
    assert "Merci" in client.get(response["Location"]).content.decode()


def test_mail_failure_still_keeps_the_request(client, form_page, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionRefusedError("SMTP down")

    monkeypatch.setattr("events.models.send_mail", broken)
    response = client.post("/formations/demande/", GOOD)
    assert response.status_code == 302
    assert PresentationRequest.objects.count() == 1


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"organization": ""}, "Champ requis"),
        ({"email": "", "phone": ""}, "Donner un courriel ou un numéro de téléphone."),
        ({"email": "pas-un-courriel"}, "adresse de courriel valide"),
        ({"message": "x" * 4000}, "4000"),
    ],
)
def test_bad_input_re_renders_with_the_data_kept(client, form_page, changes, message):
    response = client.post("/formations/demande/", {**GOOD, **changes})
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "30 étudiantes en travail social" in html
    assert PresentationRequest.objects.count() == 0


def test_honeypot_pretends_success_and_stores_nothing(client, form_page):
    response = client.post("/formations/demande/", {**GOOD, "website": "http://spam.example"})
    assert response.status_code == 302
    assert PresentationRequest.objects.count() == 0
    assert mail.outbox == []


def test_staff_see_and_mark_requests_in_the_admin(client, communications_user, outsider_user):
    request = PresentationRequest.objects.create(
        organization="CLSC",
        contact_name="Léa",
        phone="418 555-0101",
        topic="Pairs",
        audience="Intervenantes",
        preferred_dates="Mars",
        place="Québec",
    )
    client.force_login(outsider_user)
    assert client.get("/admin/presentation_requests/").status_code in (302, 403)
    client.force_login(communications_user)
    listing = client.get("/admin/presentation_requests/")
    assert listing.status_code == 200
    assert "CLSC" in listing.content.decode()
    edit_url = f"/admin/presentation_requests/edit/{request.pk}/"
    response = client.post(
        edit_url,
        {
            "status": "acceptee",
            "staff_notes": "Léa présente le 12 mars",
            "organization": "CLSC",
            "contact_name": "Léa",
            "email": "",
            "phone": "418 555-0101",
            "topic": "Pairs",
            "audience": "Intervenantes",
            "preferred_dates": "Mars",
            "place": "Québec",
            "message": "",
        },
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == PresentationRequest.ACCEPTED
    client.get("/admin/presentation_requests/")  # shows (and uses up) the "saved" message
    filtered = client.get("/admin/presentation_requests/?status=nouvelle").content.decode()
    assert edit_url not in filtered
    assert edit_url in client.get("/admin/presentation_requests/?status=acceptee").content.decode()


def test_admin_search_and_event_types_snippet(client, communications_user):
    PresentationRequest.objects.create(
        organization="École secondaire",
        contact_name="Zoé",
        email="z@example.org",
        topic="Pairs",
        audience="Élèves",
        preferred_dates="Avril",
        place="Québec",
    )
    client.force_login(communications_user)
    found = client.get("/admin/presentation_requests/?q=secondaire")
    assert found.status_code == 200
    assert "École secondaire" in found.content.decode()
    types = client.get("/admin/snippets/events/eventtype/")
    assert types.status_code == 200
    assert "Sensibilisation" in types.content.decode()
