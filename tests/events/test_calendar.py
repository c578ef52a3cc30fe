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
        f"/evenements/?jour={today + days(1):%Y-%m-%d}",
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


# --- A few events a day in the grid, the rest in the day view ---------------------------


def day_in_next_month(today, day=17):
    return (today.replace(day=1) + days(32)).replace(day=day)


def day_name(day, format_string="l j F"):
    from django.utils.dateformat import format as date_format

    return date_format(day, format_string)


def busy_day(parent, day, count, prefix="Atelier", **fields):
    for n in range(count):
        EventPageFactory(
            parent=parent,
            title=f"{prefix} {n:02d}",
            start_date=day,
            start_time=datetime.time(8 + n // 6, n % 6 * 10),
            end_time=None,
            **fields,
        )


def test_month_grid_shows_three_events_a_day_then_links_to_the_day(client, event_index, today):
    day = day_in_next_month(today)
    busy_day(event_index, day, 5)
    busy_day(event_index, day + days(1), 4, prefix="Jasette")
    EventPageFactory(parent=event_index, title="Kiosque seul", start_date=day + days(2))
    html = body(client.get(f"/evenements/?mois={day:%Y-%m}"))

    assert re.findall(r"Atelier \d+", html) == ["Atelier 00", "Atelier 01", "Atelier 02"]
    assert (
        f'<a href="?jour={day:%Y-%m-%d}">+ 2 autres<span class="more-detail"> événements le '
        f"{day_name(day)}</span></a>"
    ) in html
    following = day + days(1)
    assert (
        f'<a href="?jour={following:%Y-%m-%d}">+ 1 autre<span class="more-detail"> événement le '
        f"{day_name(following)}</span></a>"
    ) in html
    assert "Kiosque seul" in html
    assert html.count('class="day-more"') == 2  # not under a day with room for all


def test_more_link_keeps_the_type_and_speaks_english(client, event_index, today):
    from lune_site.demo import translate

    day = day_in_next_month(today)
    busy_day(event_index, day, 4, event_type=event_type("formation"))
    busy_day(event_index, day, 4, prefix="Kiosque")
    html = body(client.get(f"/evenements/?mois={day:%Y-%m}&type=formation"))
    assert f'href="?jour={day:%Y-%m-%d}&amp;type=formation">+ 1 autre<' in html
    assert "Kiosque" not in html

    translate(event_index, "Events", "events")
    html = body(client.get(f"/en/events/?mois={day:%Y-%m}"))
    from django.utils import translation

    with translation.override("en"):
        name = day_name(day)
    assert f'+ 5 more<span class="more-detail"> events on {name}</span>' in html


def test_day_view_lists_everything_on_the_day_over_or_not(client, event_index, today):
    day = today - days(2)
    EventPageFactory(parent=event_index, title="Atelier du matin", start_date=day)
    cancelled = EventPageFactory(
        parent=event_index, title="Vigile annulée", start_date=day, status="annule"
    )
    EventPageFactory(
        parent=event_index,
        title="Congrès",
        start_date=day - days(1),
        end_date=day + days(1),
        start_time=None,
        end_time=None,
    )
    EventPageFactory(parent=event_index, title="Le lendemain", start_date=day + days(1))
    response = client.get(f"/evenements/?jour={day:%Y-%m-%d}")
    assert response.status_code == 200
    html = body(response)
    section = html[html.index('id="liste-titre"') :]
    assert day_name(day, "l j F Y").capitalize() in section[: section.index("</h2>")]
    assert "Atelier du matin" in html and "Congrès" in html
    assert html.index("Congrès") < html.index("Atelier du matin")  # it began the day before
    assert cancelled.title in html and "Annulé" in html
    assert "Le lendemain" not in html
    assert f'href="?jour={day - days(1):%Y-%m-%d}" rel="prev">Jour précédent' in html
    assert f'href="?jour={day + days(1):%Y-%m-%d}" rel="next">Jour suivant' in html
    assert f'href="?mois={day:%Y-%m}">Tout le mois ({day_name(day, "F Y")})' in html

    empty = body(client.get(f"/evenements/?jour={day + days(3):%Y-%m-%d}"))
    assert "Aucun événement ce jour-là." in empty


def test_day_view_is_paginated(client, event_index, today):
    from events.models import PER_PAGE

    day = day_in_next_month(today)
    busy_day(event_index, day, PER_PAGE + 3)
    html = body(client.get(f"/evenements/?jour={day:%Y-%m-%d}"))
    assert html.count('<li class="occurrence') == PER_PAGE
    assert f'href="?jour={day:%Y-%m-%d}&amp;page=2" rel="next"' in html
    assert "Page 1 sur 2" in html
    second = body(client.get(f"/evenements/?jour={day:%Y-%m-%d}&page=2"))
    assert second.count('<li class="occurrence') == 3
    assert f"Atelier {PER_PAGE + 2:02d}" in second and "Atelier 00" not in second


def test_day_view_follows_the_type_filter(client, event_index, today):
    day = day_in_next_month(today)
    EventPageFactory(
        parent=event_index,
        title="Atelier RCR",
        event_type=event_type("formation"),
        start_date=day,
    )
    EventPageFactory(parent=event_index, title="Kiosque", start_date=day)
    html = body(client.get(f"/evenements/?jour={day:%Y-%m-%d}&type=formation"))
    assert "Atelier RCR" in html and "Kiosque" not in html
    assert f'href="?jour={day + days(1):%Y-%m-%d}&amp;type=formation" rel="next"' in html
    assert f'href="?mois={day:%Y-%m}&amp;type=formation"' in html
    # The type links stay on the day.
    assert f'href="?jour={day:%Y-%m-%d}">Tous</a>' in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("jour=2026-02-30", "Ce jour n'existe pas"),
        ("jour=2026-13-01", "Ce jour n'existe pas"),
        ("jour=2026-12-00", "Ce jour n'existe pas"),
        ("jour=17-12-2026", "Le jour doit s'écrire année-mois-jour"),
        ("jour=2026-12-1", "Le jour doit s'écrire année-mois-jour"),
        ("jour=demain", "Le jour doit s'écrire année-mois-jour"),
        ("jour=2026%0012-17", "Le jour doit s'écrire année-mois-jour"),
        ("jour=9999-12-17", "Le calendrier couvre les années 1970 à 2200."),
        ("jour=1969-12-31", "Le calendrier couvre les années 1970 à 2200."),
        ("jour=2026-12-17&type=inconnu", "Ce type d'événement n'existe pas."),
    ],
)
def test_bad_days_answer_404_with_a_reason(client, event_index, query, message):
    import html

    response = client.get(f"/evenements/?{query}")
    assert response.status_code == 404
    text = html.unescape(body(response))
    assert "Cette page du calendrier n'existe pas" in text
    assert message in text
    assert "Voir les événements à venir" in text


@pytest.mark.parametrize("day", ["1970-01-01", "2200-12-31"])
def test_first_and_last_days_have_no_link_beyond_the_calendar(client, event_index, day):
    html = body(client.get(f"/evenements/?jour={day}"))
    assert ('rel="prev"' in html) is (day != "1970-01-01")
    assert ('rel="next"' in html) is (day != "2200-12-31")


def test_day_view_queries_do_not_grow_with_events(
    client, event_index, today, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    day = day_in_next_month(today)
    url = f"/evenements/?jour={day:%Y-%m-%d}"
    busy_day(event_index, day, 2)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    busy_day(event_index, day, 40, prefix="Kiosque")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert body(response).count('<li class="occurrence') == 30
