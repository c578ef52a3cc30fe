"""Figures for funders, computed from known logs: page, charts, CSV, dashboard panel, kits."""

import csv
import datetime
import io
import re

import pytest
from django.urls import reverse

from lune_site.charts import bar_chart
from lune_site.figures import (
    Period,
    kit_stock,
    period_from_query,
    shelter_figures,
    spreadsheet_safe,
)
from lune_site.models import NightLogIncident, NightLogPage
from tests.lune_site.factories import (
    HygieneKitBatchFactory,
    NightLogIncidentFactory,
    NightLogPageFactory,
    OutreachKitDistributionFactory,
)

pytestmark = pytest.mark.django_db


def day(month, number):
    return datetime.date(2024, month, number)


@pytest.fixture
def known_logs(log_index):
    """March 2024: three published nights, one draft; one night in April; kits around them."""
    first = NightLogPageFactory(
        parent=log_index, night=day(3, 1), beds_occupied=3, turned_away_full=2, hygiene_kits_given=2
    )
    NightLogPageFactory(
        parent=log_index,
        night=day(3, 2),
        beds_occupied=5,
        turned_away_full=1,
        turned_away_safety=1,
        hygiene_kits_given=1,
    )
    third = NightLogPageFactory(
        parent=log_index,
        night=day(3, 31),
        beds_occupied=0,
        turned_away_other=3,
        hygiene_kits_given=0,
    )
    draft = NightLogPageFactory(parent=log_index, night=day(3, 15), beds_occupied=5, live=False)
    april = NightLogPageFactory(
        parent=log_index,
        night=day(4, 1),
        beds_occupied=4,
        turned_away_criteria=4,
        hygiene_kits_given=0,
    )
    NightLogIncidentFactory(page=first, kind="sante")
    NightLogIncidentFactory(page=first, kind="conflit")
    NightLogIncidentFactory(page=third, kind="sante")
    NightLogIncidentFactory(page=draft, kind="violence")
    NightLogIncidentFactory(page=april, kind="violence")
    HygieneKitBatchFactory(assembled_on=day(3, 10), number=30)
    HygieneKitBatchFactory(assembled_on=day(2, 10), number=20)
    OutreachKitDistributionFactory(given_on=day(3, 20), number=7)
    OutreachKitDistributionFactory(given_on=day(4, 2), number=4)
    return log_index


def rows(figures, slug):
    return {
        str(label): value for label, value in next(t for t in figures.tables if t.slug == slug).rows
    }


def test_figures_for_a_month_come_from_published_logs_only(known_logs):
    figures = shelter_figures(Period.month(2024, 3))
    assert figures.nights_open == 3
    assert (figures.beds_occupied, figures.beds_available) == (8, 15)
    assert figures.occupancy_rate == 53.3
    assert rows(figures, "nuits") == {"Nuits ouvertes": 3, "Nuits de la période": 31}
    assert rows(figures, "refus") == {"Complet": 3, "Hors critères": 0, "Sécurité": 1, "Autre": 3}
    assert rows(figures, "trousses") == {
        "Assemblées": 30,
        "Remises à l'hébergement": 3,
        "Remises en proximité": 7,
    }
    incidents = rows(figures, "incidents")
    assert (incidents["Santé, premiers soins"], incidents["Conflit ou tension"]) == (2, 1)
    assert incidents["Violence ou menace"] == 0  # the draft's and April's are not counted


def test_figures_for_a_year(known_logs):
    figures = shelter_figures(Period.year(2024))
    assert figures.nights_open == 4
    assert figures.occupancy_rate == 60.0
    assert rows(figures, "refus")["Hors critères"] == 4
    assert rows(figures, "trousses")["Assemblées"] == 50
    assert rows(figures, "incidents")["Violence ou menace"] == 1


def test_an_empty_period_gives_zeros_not_errors(known_logs):
    figures = shelter_figures(Period.month(2023, 2))
    assert figures.nights_open == 0
    assert figures.occupancy_rate is None
    assert set(rows(figures, "refus").values()) == {0}
    # Without a night there is no rate: a dash, never "0 %".
    assert rows(figures, "occupation") == {"Lits occupés / disponibles": None}


def test_an_empty_period_shows_no_rate_rather_than_zero(staff_client, known_logs, figures_page):
    body = staff_client.get(figures_page.url, {"mois": "2023-02"}).content.decode()
    assert "None" not in body
    assert '<th scope="row">Lits occupés / disponibles</th><td>—</td>' in body
    assert "Lits occupés / disponibles : —" in body  # the chart's description
    response = staff_client.get(figures_page.url + "csv/", {"mois": "2023-02"})
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    values = {(section, label): value for section, label, value in table[1:]}
    assert values[("Taux d'occupation", "Lits occupés / disponibles")] == ""
    assert values[("Nuits", "Nuits ouvertes")] == "0"


def test_kit_stock_is_assembled_less_handed_out(known_logs):
    # Assembled 50; handed out 3 (March) + 7 + 4 (outreach); the draft and the rest gave none.
    assert kit_stock() == {"assembled": 50, "given": 14, "on_hand": 36}


@pytest.mark.parametrize(
    ("query", "expected", "error"),
    [
        ({"mois": "2024-03"}, Period.month(2024, 3), None),
        ({"annee": "2023"}, Period.year(2023), None),
        ({"mois": "2024-13"}, Period.month(2025, 6), "n'est pas un mois valide"),
        ({"mois": "<script>"}, Period.month(2025, 6), "n'est pas un mois valide"),
        ({"annee": "deux mille"}, Period.month(2025, 6), "n'est pas une année valide"),
        ({"annee": "1850"}, Period.month(2025, 6), "n'est pas une année valide"),
        ({}, Period.month(2025, 6), None),
    ],
)
def test_periods_from_the_query_string(query, expected, error):
    period, message = period_from_query(query, today=datetime.date(2025, 6, 18))
    assert period == expected
    assert (message is None) if error is None else (error in message)


def test_the_figures_page_shows_tables_and_charts(staff_client, known_logs, figures_page):
    response = staff_client.get(figures_page.url, {"mois": "2024-03"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "mars 2024" in body
    assert "53.3 %" in body or "53,3 %" in body
    assert body.count('<svg class="bar-chart" role="img"') == 5
    # The chart writes each label and value on its bar: readable without colour.
    assert ">Complet</text>" in body and ">3</text>" in body
    assert '<title id="refus-titre">Personnes refusées, par raison</title>' in body
    assert "style=" not in body and "<style" not in body
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("query", [{"mois": "2024-13"}, {"annee": "<b>x</b>"}, {"mois": "9" * 500}])
def test_a_bad_period_gives_a_clear_message_never_a_500(staff_client, figures_page, query):
    response = staff_client.get(figures_page.url, query)
    assert response.status_code == 400
    body = response.content.decode()
    assert "valide" in body
    assert "<b>x</b>" not in body
    csv_response = staff_client.get(figures_page.url + "csv/", query)
    assert csv_response.status_code == 400


def test_the_csv_holds_the_same_figures(staff_client, known_logs, figures_page):
    response = staff_client.get(figures_page.url + "csv/", {"mois": "2024-03"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="chiffres-hebergement-2024-03.csv"' in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    values = {(section, label): value for section, label, value in table[1:]}
    assert values[("Nuits", "Nuits ouvertes")] == "3"
    assert values[("Personnes refusées, par raison", "Complet")] == "3"
    assert values[("Trousses d'hygiène", "Remises en proximité")] == "7"
    assert values[("Taux d'occupation", "Lits occupés / disponibles")] == "53.3"


def test_spreadsheet_formulas_are_neutralised():
    assert spreadsheet_safe('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    for dangerous in ("+1", "-1+2", "@SUM(A1)", "\tx", "\rx"):
        assert spreadsheet_safe(dangerous).startswith("'")
    assert spreadsheet_safe("Complet") == "Complet"
    assert spreadsheet_safe(-3) == -3  # numbers stay numbers


def test_the_csv_never_hands_a_spreadsheet_a_formula(
    staff_client, known_logs, figures_page, monkeypatch
):
    # A label that looks like a formula (a type of incident renamed one day, say).
    kinds = [*NightLogIncident.KIND_CHOICES, ("formule", '=HYPERLINK("http://x","clic")')]
    monkeypatch.setattr(NightLogIncident, "KIND_CHOICES", kinds)
    response = staff_client.get(figures_page.url + "csv/", {"annee": "2024"})
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    labels = [label for _section, label, _value in table[1:]]
    assert '\'=HYPERLINK("http://x","clic")' in labels
    for row in table:
        for cell in row:
            if not re.fullmatch(r"-?\d+(\.\d+)?", cell):
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_a_chart_reads_without_colour():
    rows = [("Complet", 3), ("Hors critères", 0), ("Sécurité", 12), ("Taux", 53.3)]
    svg = bar_chart("Refus", rows, unit="", chart_id="refus")
    # Every bar writes its label and its value: nothing is told by colour alone.
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert texts == ["Complet", "3", "Hors critères", "0", "Sécurité", "12", "Taux", "53,3"]
    # Screen readers get the same figures as a title and a description.
    assert 'role="img" aria-labelledby="refus-titre refus-desc"' in svg
    assert '<title id="refus-titre">Refus</title>' in svg
    assert "Complet : 3; Hors critères : 0; Sécurité : 12; Taux : 53,3</desc>" in svg
    # One colour for every bar, no legend to decode; a longer bar for a larger value.
    bar = r'<rect x="[\d.]+" y="[\d.]+" width="([\d.]+)" height="\d+" fill="#4b2380"'
    labels = ["Complet", "Hors critères", "Sécurité", "Taux"]
    widths = dict(zip(labels, re.findall(bar, svg), strict=True))
    widths = {label: float(width) for label, width in widths.items()}
    assert widths["Hors critères"] == 0 < widths["Complet"] < widths["Sécurité"] < widths["Taux"]
    assert "style=" not in svg


def test_outsiders_get_neither_the_page_nor_the_csv(
    client, known_logs, figures_page, outsider_user
):
    for path in (figures_page.url, figures_page.url + "csv/?mois=2024-03"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/connexion/")
    client.force_login(outsider_user)
    for path in (figures_page.url, figures_page.url + "csv/?mois=2024-03"):
        response = client.get(path)
        assert response.status_code in (302, 403)
        assert b"Nuits ouvertes" not in response.content


def test_chart_text_is_escaped():
    svg = bar_chart("<Titre>", [("<script>alert(1)</script>", 2)], chart_id="test")
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg


def test_the_dashboard_panel_is_for_the_staff_group_only(
    client, known_logs, staff_user, communications_user
):
    client.force_login(staff_user)
    response = client.get(reverse("wagtailadmin_home"), {"mois": "2024-03"})
    body = response.content.decode()
    assert "Hébergement : chiffres" in body
    assert "Trousses d'hygiène en stock : 36." in body
    assert ">Complet</text>" in body
    bad = client.get(reverse("wagtailadmin_home"), {"mois": "mars"})
    assert bad.status_code == 200
    assert "n&#x27;est pas un mois valide" in bad.content.decode()
    client.force_login(communications_user)
    body = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Hébergement : chiffres" not in body


def test_kits_are_kept_by_the_staff_group_only(client, site_tree, staff_user, communications_user):
    list_url = reverse("wagtailsnippets_lune_site_hygienekitbatch:list")
    add_url = reverse("wagtailsnippets_lune_site_hygienekitbatch:add")
    client.force_login(staff_user)
    assert client.get(list_url).status_code == 200
    refused = client.post(
        add_url, {"assembled_on": "2024-03-01", "number": "0", "content": "Savon"}
    )
    assert refused.status_code == 200
    assert "Au moins une trousse." in refused.content.decode()
    created = client.post(
        add_url, {"assembled_on": "2024-03-01", "number": "25", "content": "Savon"}
    )
    assert created.status_code == 302
    assert kit_stock()["on_hand"] == 25
    outreach_add = reverse("wagtailsnippets_lune_site_outreachkitdistribution:add")
    client.post(outreach_add, {"given_on": "2024-03-02", "number": "5", "place": "Basse-ville"})
    assert kit_stock()["on_hand"] == 20
    client.force_login(communications_user)
    response = client.get(list_url)
    assert response.status_code in (302, 403)
    assert not NightLogPage.objects.exists()
