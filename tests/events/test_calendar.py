"""The calendar page: upcoming list, month grid, type filter, past events, bad input, gate."""

import datetime
import re

import pytest
from wagtail.models import PageViewRestriction

from events.models import EventExcludedDate, EventOccurrenceException
from events.recurrence import WEEKLY, YEARLY
from tests.events.conftest import days
from tests.events.factories import EventPageFactory, event_type

pytestmark = pytest.mark.django_db


def body(response):
    return response.content.decode()


def test_upcoming_lists_each_occurrence_in_date_order(client, event_index, today):
    EventPageFactory(parent=event_index, title="Plus tard", start_date=today + days(20))
    series = EventPageFactory(
        parent=event_index,
        title="Atelier hebdo",
        start_date=today + days(1),
        recurrence=WEEKLY,
        recurrence_count=3,
    )
    EventOccurrenceException.objects.create(
        event=series, original_date=today + days(8), action=EventOccurrenceException.CANCELLED
    )
    EventPageFactory(parent=event_index, title="Déjà passé", start_date=today - days(10))
    response = client.get("/evenements/")
    assert response.status_code == 200
    html = body(response)
    assert html.count("Atelier hebdo") == 3  # one per occurrence, the cancelled one marked
    assert "Annulé" in html
    assert html.index("Atelier hebdo") < html.index("Plus tard")
    assert "Déjà passé" not in html


def test_past_view_lists_past_events_newest_first(client, event_index, today):
    EventPageFactory(parent=event_index, title="Il y a longtemps", start_date=today - days(300))
    EventPageFactory(parent=event_index, title="Le mois dernier", start_date=today - days(30))
    EventPageFactory(parent=event_index, title="Bientôt", start_date=today + days(3))
    html = body(client.get("/evenements/?vue=passes"))
    assert html.index("Le mois dernier") < html.index("Il y a longtemps")
    assert "Bientôt" not in html


def test_month_view_shows_a_grid_of_the_month(client, event_index):
    EventPageFactory(
        parent=event_index,
        title="Vigile",
        start_date=datetime.date(2024, 12, 17),
        recurrence=YEARLY,
        recurrence_endless=True,
    )
    response = client.get("/evenements/?mois=2027-12")
    html = body(response)
    assert response.status_code == 200
    assert "Décembre 2027" in html
    assert 'datetime="2027-12-17T17:00:00-05:00"' in html
    assert html.count('class="day') >= 35  # whole weeks, Monday first
    assert "?mois=2027-11" in html and "?mois=2028-01" in html
    assert "Vigile" not in body(client.get("/evenements/?mois=2027-11"))


def test_type_filter(client, event_index, today):
    EventPageFactory(
        parent=event_index,
        title="Atelier RCR",
        event_type=event_type("formation"),
        start_date=today + days(2),
    )
    EventPageFactory(parent=event_index, title="Kiosque", start_date=today + days(2))
    html = body(client.get("/evenements/?type=formation"))
    assert "Atelier RCR" in html and "Kiosque" not in html
    # The subscribe link follows the filter.
    assert "calendrier.ics?type=formation" in html


@pytest.mark.parametrize(
    "query",
    [
        "mois=2026-13",
        "mois=abc",
        "mois=9999-12",
        "mois=0000-01",
        "mois=2026-1",
        "mois=%00",
        "type=inconnu",
        "type=" + "x" * 500,
        "vue=demain",
        "page=abc",
        "page=99999",
    ],
)
def test_bad_values_give_a_clear_page_never_a_500(client, event_index, query):
    response = client.get(f"/evenements/?{query}")
    assert response.status_code in (200, 404)
    if response.status_code == 404:
        assert "Cette page du calendrier n" in body(response)
        assert "Voir les événements à venir" in body(response)


def test_drafts_private_pages_never_appear(client, event_index, today):
    EventPageFactory(
        parent=event_index, title="Brouillon secret", start_date=today + days(1), live=False
    )
    private = EventPageFactory(
        parent=event_index, title="Réunion privée", start_date=today + days(1)
    )
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    EventPageFactory(parent=event_index, title="Public", start_date=today + days(1))
    for url in (
        "/evenements/",
        f"/evenements/?mois={today + days(1):%Y-%m}",
        "/evenements/calendrier.ics",
    ):
        html = body(client.get(url))
        assert "Public" in html
        assert "Brouillon secret" not in html
        assert "Réunion privée" not in html


def make_events(parent, count, start):
    for n in range(count):
        event = EventPageFactory(
            parent=parent,
            start_date=start + days(n % 20),
            recurrence=WEEKLY if n % 2 else "",
            recurrence_count=6 if n % 2 else None,
        )
        if n % 2:
            EventExcludedDate.objects.create(event=event, date=start + days(n % 20 + 7))
            EventOccurrenceException.objects.create(
                event=event,
                original_date=start + days(n % 20 + 14),
                action=EventOccurrenceException.CANCELLED,
            )


@pytest.mark.parametrize(
    "url", ["/evenements/", "/evenements/?mois={month}", "/evenements/calendrier.ics"]
)
def test_query_count_does_not_grow_with_events(
    client, event_index, today, django_assert_max_num_queries, url
):
    start = (today.replace(day=1) + days(32)).replace(day=1)  # next month, all in the future
    url = url.format(month=f"{start:%Y-%m}")
    make_events(event_index, 3, start)
    client.get(url)  # warm caches (site root paths, content types)
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()  # measure the feed as built, not as cached
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    make_events(event_index, 30, start)
    cache.clear()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    # The page shows the new events too (the list is paged, 30 a page).
    assert len(set(re.findall(r"Événement \d+", body(response)))) > 20
