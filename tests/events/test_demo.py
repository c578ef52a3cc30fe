"""The demo calendar: what load_demo seeds, twice without duplicates, and the home page block."""

from io import StringIO

import icalendar
import pytest
import recurring_ical_events

from events.models import EventPage, EventType, PresentationRequestPage, TrainingPage
from lune_site.demo import load_demo
from lune_site.models import NavigationSettings

pytestmark = pytest.mark.django_db

TRAINING_SLUGS = {
    "informatique",
    "profilage-social",
    "comptabilite",
    "relation-d-aide",
    "intervention-de-crise",
    "autodefense",
    "rcr",
    "lois-et-travail-du-sexe",
}


def counts():
    return (
        EventPage.objects.count(),
        TrainingPage.objects.count(),
        PresentationRequestPage.objects.count(),
        EventType.objects.count(),
    )


def test_demo_seeds_the_calendar_and_catalog_once(demo, today):
    before = counts()
    load_demo(StringIO())
    assert counts() == before
    assert set(TrainingPage.objects.values_list("slug", flat=True)) == TRAINING_SLUGS
    assert set(EventType.objects.values_list("slug", flat=True)) >= {
        "sensibilisation",
        "formation",
        "presentation",
        "communautaire",
    }
    series = EventPage.objects.get(slug="informatique-du-mardi")
    assert series.excluded_dates.count() == 1
    assert series.occurrence_exceptions.get().action == "annulee"
    assert series.training.slug == "informatique"
    assert EventPage.objects.get(slug="presentation-cegep").status == EventPage.STATUS_POSTPONED
    assert EventPage.objects.get(slug="pique-nique-ete").start_date < today
    navigation = NavigationSettings.objects.get()
    menu = [item.page.slug for item in navigation.menu_items.all()]
    assert menu.count("evenements") == 1 and menu.count("formations") == 1


def test_demo_calendar_renders_by_list_and_month_and_feeds(client, demo, settings):
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    html = client.get("/evenements/").content.decode()
    assert "17 décembre" in html and "Informatique de base" in html
    assert "webcal://localhost/evenements/calendrier.ics" in html
    assert "Pique-nique" not in html
    assert "Pique-nique" in client.get("/evenements/?vue=passes").content.decode()
    month = client.get("/evenements/?mois=2027-12").content.decode()
    assert "Journée internationale" in month
    calendar = icalendar.Calendar.from_ical(client.get("/evenements/calendrier.ics").content)
    for year in (2026, 2027):
        found = recurring_ical_events.of(calendar).at((year, 12, 17))
        assert any("17 décembre" in str(e["SUMMARY"]) for e in found)
    assert client.get("/en/events/").status_code == 200
    assert client.get("/formations/demande/").status_code == 200


def test_home_page_shows_the_next_three_events(client, demo):
    html = client.get("/").content.decode()
    assert "Prochains événements" in html
    section = html[html.index("Prochains événements") :]
    section = section[: section.index("</section>")]
    assert section.count('<li class="occurrence') == 3
    assert "Tout le calendrier" in section
