"""A resource's own page: every field, hours with today marked, JSON-LD, print, no inline code."""

import datetime
import json
import re
from html import unescape

import pytest
from django.utils import timezone

from tests.resources.factories import make_resource

pytestmark = pytest.mark.django_db


@pytest.fixture
def clinic(library):
    return make_resource(
        library,
        "Clinique des jeunes </script>",
        category="sante-et-itss",
        tags=["ITSS", "dépistage"],
        neighbourhood="saint-roch",
        organization="CIUSSS de la Capitale-Nationale",
        address="50 rue Saint-Joseph Est",
        city="Québec",
        postal_code="G1K 3A5",
        phone="418 555-0199",
        email="clinique@example.org",
        website="https://example.org/clinique",
        cost="low",
        cost_note="5 $ la visite",
        languages="français; anglais",
        eligibility="Toute personne de 14 à 25 ans.",
        women_only=True,
        trans_queer_welcome=True,
        no_id_needed=True,
        adults_only=False,
        documents_to_bring="Carte d'assurance maladie si vous l'avez.",
        accessibility="Rampe d'accès, toilette adaptée.",
        last_verified=datetime.date(2026, 3, 14),
        hours=[(d, "09:00", "17:00") for d in range(5)] + [(5, "22:00", "02:00")],
        closures=[(datetime.date(2099, 12, 24), datetime.date(2099, 12, 26), "Fêtes")],
    )


def test_every_field_is_shown(client, clinic):
    html = unescape(client.get(clinic.url).content.decode())
    for text in (
        "CIUSSS de la Capitale-Nationale",
        "50 rue Saint-Joseph Est",
        "G1K 3A5",
        "Saint-Roch",
        "Santé et ITSS",
        "clinique@example.org",
        "https://example.org/clinique",
        "À faible coût",
        "5 $ la visite",
        "français, anglais",
        "Toute personne de 14 à 25 ans.",
        "Femmes seulement",
        "Personnes trans et queer bienvenues",
        "Aucune pièce d'identité demandée",
        "Carte d'assurance maladie",
        "Rampe d'accès",
        "Information vérifiée le 14 mars 2026.",
        "Fêtes",
        "ITSS",
    ):
        assert text in html, text
    assert "18 ans et plus" not in html


def test_tap_to_call_and_plain_map_link(client, clinic):
    html = client.get(clinic.url).content.decode()
    assert 'href="tel:4185550199"' in html
    assert 'href="https://www.openstreetmap.org/search?query=50+rue+Saint-Joseph+Est' in html
    # No embedded map, no third-party resource loaded by the page.
    assert "<iframe" not in html
    assert not re.search(r'<(img|script|link)[^>]+(src|href)="https?://', html)


def test_hours_table_highlights_today(client, clinic):
    html = client.get(clinic.url).content.decode()
    today = timezone.localtime().weekday()
    labels = ["Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi", "Dimanche"]
    row = re.search(r'<tr class="today" aria-current="date">\s*<th scope="row">(\w+)', html)
    assert row.group(1) == labels[today]
    assert "22:00–02:00" in html and "(le lendemain)" in html
    assert html.count('class="today"') == 1
    assert "Fermé" in html  # Sunday


def test_print_stylesheet_and_json_ld_only_inline_script(client, clinic):
    html = client.get(clinic.url).content.decode()
    assert re.search(
        r'<link rel="stylesheet" href="[^"]*resources/css/print\.css" media="print">', html
    )
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    inline = [(attrs, body) for attrs, body in scripts if body.strip()]
    assert [attrs.strip() for attrs, _ in inline] == ['type="application/ld+json"']
    data = json.loads(inline[0][1])
    assert data["@type"] == "Service"
    assert data["name"] == "Clinique des jeunes </script>"
    assert data["provider"]["telephone"] == "418 555-0199"
    assert data["provider"]["address"]["postalCode"] == "G1K 3A5"
    assert len(data["provider"]["openingHoursSpecification"]) == 6
    assert data["identifier"] == clinic.external_id


def test_no_warning_when_old(client, library):
    resource = make_resource(library, "Vieille fiche", last_verified=datetime.date(2020, 1, 1))
    html = client.get(resource.url).content.decode()
    assert "Information vérifiée le 1 janvier 2020." in html


def test_resource_without_optional_fields_renders(client, library):
    resource = make_resource(library, "Fiche minimale")
    response = client.get(resource.url)
    assert response.status_code == 200
    assert "Horaire non indiqué" in response.content.decode()
