"""An event's page: schema.org JSON-LD, the 'add to my calendar' link, no inline code."""

import datetime
import json
import re

import pytest

from events.models import EventPage
from tests.events.conftest import days
from tests.events.factories import EventPageFactory

pytestmark = pytest.mark.django_db

REQUIRED = {
    "name",
    "startDate",
    "endDate",
    "eventStatus",
    "eventAttendanceMode",
    "location",
    "organizer",
    "description",
}


def json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_json_ld_describes_the_next_occurrence(client, event_index, today):
    event = EventPageFactory(
        parent=event_index,
        title="Atelier </script><b>RCR</b>",
        slug="rcr",
        start_date=today + days(5),
        registration_url="https://example.org/inscription",
        price=0,
        is_full=True,
        place_address="590, rue Saint-Joseph Est",
    )
    html = client.get("/evenements/rcr/").content.decode()
    data = json_ld(html)
    assert set(data) >= REQUIRED
    assert data["@type"] == "Event" and data["@context"] == "https://schema.org"
    assert data["name"] == event.title  # escaped in HTML, intact once parsed
    assert data["startDate"] == f"{today + days(5):%Y-%m-%d}T17:00:00" + data["startDate"][19:]
    assert datetime.datetime.fromisoformat(data["endDate"]).hour == 19
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["location"]["address"]["streetAddress"] == "590, rue Saint-Joseph Est"
    assert data["organizer"]["name"] == "Projet L.U.N.E."
    assert data["offers"]["availability"] == "https://schema.org/SoldOut"
    assert data["offers"]["price"] == "0.00"
    assert 'href="/evenements/rcr/evenement.ics"' in html
    assert "Ajouter à mon agenda" in html
    assert client.get("/evenements/rcr/evenement.ics").status_code == 200


def test_json_ld_online_and_postponed(client, event_index, today):
    EventPageFactory(
        parent=event_index,
        slug="en-ligne",
        start_date=today + days(5),
        status=EventPage.STATUS_POSTPONED,
        attendance=EventPage.ONLINE,
        online_url="https://example.org/salle",
        place_name="",
    )
    html = client.get("/evenements/en-ligne/").content.decode()
    data = json_ld(html)
    assert data["eventStatus"] == "https://schema.org/EventPostponed"
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"] == {"@type": "VirtualLocation", "url": "https://example.org/salle"}
    assert "offers" not in data
    assert "reporté" in html


def test_event_page_has_no_inline_code(client, event_index, today):
    EventPageFactory(parent=event_index, slug="propre", start_date=today + days(1))
    for url in ("/evenements/propre/", "/evenements/", f"/evenements/?mois={today:%Y-%m}"):
        html = client.get(url).content.decode()
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag or 'type="application/ld+json"' in tag, (url, tag)
        assert "style=" not in html and "<style" not in html


def test_private_event_ics_is_not_served(client, event_index, today):
    from wagtail.models import PageViewRestriction

    event = EventPageFactory(parent=event_index, slug="prive", start_date=today + days(1))
    PageViewRestriction.objects.create(page=event, restriction_type=PageViewRestriction.LOGIN)
    response = client.get("/evenements/prive/evenement.ics")
    assert response.status_code in (302, 404)
    assert b"BEGIN:VCALENDAR" not in response.content
