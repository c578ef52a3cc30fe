"""What the calendar keeps between requests (the feed, the home page's next events) follows
every publication, and the home block never shows an event that is over."""

import datetime
import re

import icalendar
import pytest
from django.core.cache import cache, caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.text import slugify

from events.home_section import kept_seconds, render_next_events
from events.models import EventOccurrenceException, EventPage, EventType, upcoming_occurrences
from events.recurrence import WEEKLY, local
from tests.events.conftest import days
from tests.events.factories import EventPageFactory, event_type

pytestmark = pytest.mark.django_db

FEED = "/evenements/calendrier.ics"


@pytest.fixture
def kept(fragment_cache_on, site_tree):
    """The layout's kept fragments on, as in production, starting empty."""


def publish_new_event(parent, title, start_date, **fields):
    event = EventPage(
        title=title,
        slug=slugify(title),
        event_type=event_type(),
        start_date=start_date,
        start_time=datetime.time(17, 0),
        end_time=datetime.time(19, 0),
        live=False,
        **fields,
    )
    parent.add_child(instance=event)
    event.save_revision().publish()
    return EventPage.objects.get(pk=event.pk)


def home_html(client):
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def next_events_section(html):
    if "Prochains événements" not in html:
        return ""
    section = html[html.index("Prochains événements") :]
    return section[: section.index("</section>")]


def test_home_block_shows_an_event_as_soon_as_it_is_published(kept, client, event_index, today):
    EventPageFactory(parent=event_index, title="Kiosque du mois", start_date=today + days(10))
    home_html(client)
    assert "Kiosque du mois" in next_events_section(home_html(client))

    publish_new_event(event_index, "Vigile de demain", today + days(1))
    section = next_events_section(home_html(client))
    assert "Vigile de demain" in section
    assert section.index("Vigile de demain") < section.index("Kiosque du mois")


def test_home_block_leaves_an_unpublished_event_at_once(kept, client, event_index, today):
    event = publish_new_event(event_index, "Atelier annulé", today + days(3))
    home_html(client)
    assert "Atelier annulé" in next_events_section(home_html(client))
    event.unpublish()
    assert "Atelier annulé" not in home_html(client)


def test_kept_home_block_reads_no_event(kept, client, event_index, today):
    for n in range(5):
        EventPageFactory(parent=event_index, start_date=today + days(n + 1))
    home_html(client)
    home_html(client)
    with CaptureQueriesContext(connection) as queries:
        html = home_html(client)
    assert next_events_section(html).count('<li class="occurrence') == 3
    assert not [q for q in queries.captured_queries if "events_eventpage" in q["sql"]]


def test_next_events_leave_out_an_event_once_it_is_over(rf, event_index, today):
    day = today + days(1)
    EventPageFactory(
        parent=event_index,
        title="Matinée",
        start_date=day,
        start_time=datetime.time(10, 0),
        end_time=datetime.time(12, 0),
    )
    EventPageFactory(parent=event_index, title="Plus tard", start_date=today + days(40))

    during = local(day, datetime.time(11, 0))
    titles = [o.event.title for o in upcoming_occurrences(limit=3, now=during)]
    assert titles == ["Matinée", "Plus tard"]  # the second found beyond the first month
    after = local(day, datetime.time(12, 1))
    assert [o.event.title for o in upcoming_occurrences(limit=3, now=after)] == ["Plus tard"]

    # The block is kept until its first event is over, not a second longer.
    html, over_at = render_next_events(rf.get("/"), during)
    assert "Matinée" in html
    assert over_at == local(day, datetime.time(12, 0))
    assert kept_seconds(during, over_at) == 3600
    assert kept_seconds(local(day, datetime.time(11, 59)), over_at) == 60
    assert kept_seconds(after, over_at) == 1


def test_home_block_of_all_day_events_is_kept_by_the_date_alone(rf, event_index, today):
    EventPageFactory(
        parent=event_index,
        title="Kiosque",
        start_date=today + days(2),
        start_time=None,
        end_time=None,
    )
    html, over_at = render_next_events(rf.get("/"), local(today, datetime.time(9, 0)))
    assert "Kiosque" in html and over_at is None


def test_home_page_queries_do_not_grow_with_events(kept, client, event_index, today):
    def cold_home_queries():
        caches["pages"].clear()  # as after a publication
        with CaptureQueriesContext(connection) as queries:
            home_html(client)
        return len(queries)

    home_html(client)
    for n in range(3):
        EventPageFactory(parent=event_index, start_date=today + days(n + 1))
    few = cold_home_queries()
    for n in range(30):
        EventPageFactory(
            parent=event_index,
            start_date=today + days(n % 50),
            recurrence=WEEKLY if n % 3 else "",
            recurrence_count=8 if n % 3 else None,
        )
    assert cold_home_queries() <= few


# --- The feed -------------------------------------------------------------------------


def feed_events(client):
    response = client.get(FEED)
    assert response.status_code == 200
    return {
        str(e["SUMMARY"]): e
        for e in icalendar.Calendar.from_ical(response.content).walk("VEVENT")
        if "RECURRENCE-ID" not in e
    }


def test_kept_feed_follows_publications_and_type_names(kept, client, event_index, today):
    first = publish_new_event(event_index, "Jasette", today + days(4))
    publish_new_event(event_index, "Atelier impôts", today + days(5))
    assert set(feed_events(client)) == {"Jasette", "Atelier impôts"}

    first.title = "Jasette du jeudi"
    first.save_revision().publish()
    assert set(feed_events(client)) == {"Jasette du jeudi", "Atelier impôts"}

    publish_new_event(event_index, "Pique-nique", today + days(6))
    assert set(feed_events(client)) == {"Jasette du jeudi", "Atelier impôts", "Pique-nique"}

    # A type renamed by staff (a snippet save) shows in every event of that type.
    renamed = EventType.objects.get(slug="sensibilisation")
    renamed.name = "Sensibilisation publique"
    renamed.save()
    events = feed_events(client)
    assert {str(e["CATEGORIES"].cats[0]) for e in events.values()} == {renamed.name}

    EventPage.objects.get(pk=first.pk).unpublish()
    assert set(feed_events(client)) == {"Atelier impôts", "Pique-nique"}
    EventPage.objects.get(title="Pique-nique").delete()
    assert set(feed_events(client)) == {"Atelier impôts"}


def test_feed_written_from_kept_events_is_the_feed_written_afresh(kept, client, event_index, today):
    series = publish_new_event(
        event_index,
        "Café du mardi",
        today + days(1),
        recurrence=WEEKLY,
        recurrence_count=10,
    )
    publish_new_event(event_index, "Kiosque", today + days(3))
    client.get(FEED)
    series.occurrence_exceptions.add(
        EventOccurrenceException(
            original_date=today + days(8),
            action=EventOccurrenceException.CANCELLED,
            note="Salle fermée.",
        )
    )
    series.title = "Café du mardi (salle 2)"
    series.save_revision().publish()
    from_kept = client.get(FEED).content

    cache.clear()
    caches["pages"].clear()
    afresh = client.get(FEED).content
    assert from_kept == afresh
    assert b"Caf\xc3\xa9 du mardi (salle 2)" in afresh and b"Salle ferm" in afresh


# --- The calendar page ------------------------------------------------------------------


def test_kept_calendar_shows_a_published_event_at_once(kept, client, event_index, today):
    month = f"/evenements/?mois={today + days(2):%Y-%m}"
    day = f"/evenements/?jour={today + days(2):%Y-%m-%d}"
    EventPageFactory(parent=event_index, title="Kiosque", start_date=today + days(2))
    for url in ("/evenements/", month, day):
        client.get(url)
        assert "Kiosque" in client.get(url).content.decode()

    publish_new_event(event_index, "Soirée jasette", today + days(2))
    for url in ("/evenements/", month, day):
        html = client.get(url).content.decode()
        assert "Kiosque" in html and "Soirée jasette" in html


@pytest.mark.parametrize(
    "url", ["/evenements/", "/evenements/?mois={month}", "/evenements/?jour={day}"]
)
def test_kept_calendar_queries_do_not_grow_with_events(kept, client, event_index, today, url):
    url = url.format(month=f"{today + days(1):%Y-%m}", day=f"{today + days(1):%Y-%m-%d}")

    def warm_queries():
        caches["pages"].clear()
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    client.get(url)
    for n in range(3):
        EventPageFactory(parent=event_index, start_date=today + days(n + 1))
    few = warm_queries()
    for n in range(40):
        EventPageFactory(
            parent=event_index,
            start_date=today + days(n % 20),
            recurrence=WEEKLY if n % 2 else "",
            recurrence_count=5 if n % 2 else None,
        )
    assert warm_queries() <= few


def at(monkeypatch, moment):
    """The site's clock set to `moment`."""
    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: moment)


def test_kept_upcoming_list_drops_an_occurrence_as_soon_as_it_ends(
    kept, client, monkeypatch, event_index, today
):
    for title, opens, closes in (("Matinée", 9, 11), ("Après-midi", 14, 16)):
        EventPageFactory(
            parent=event_index,
            title=title,
            start_date=today,
            start_time=datetime.time(opens, 0),
            end_time=datetime.time(closes, 0),
        )
    EventPageFactory(
        parent=event_index,
        title="Congrès",
        start_date=today - days(1),
        end_date=today + days(1),
        start_time=None,
        end_time=None,
    )
    at(monkeypatch, local(today, datetime.time(10, 0)))
    client.get("/evenements/")
    html = client.get("/evenements/").content.decode()
    assert "Matinée" in html and "Après-midi" in html and "Congrès" in html

    # The rows kept at 10 h serve at 11 h 01, without the occurrence that ended.
    at(monkeypatch, local(today, datetime.time(11, 1)))
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/evenements/").content.decode()
    assert "Matinée" not in html
    assert "Après-midi" in html and "Congrès" in html
    # The dates were not expanded again (that reads the excluded dates).
    assert not [q for q in queries.captured_queries if "eventexcludeddate" in q["sql"]]

    at(monkeypatch, local(today, datetime.time(16, 0, 1)))
    html = client.get("/evenements/").content.decode()
    assert "Après-midi" not in html and "Congrès" in html


def test_kept_month_grid_follows_the_date(kept, client, monkeypatch, event_index):
    first = datetime.date(2027, 3, 1)
    EventPageFactory(parent=event_index, title="Kiosque", start_date=first + days(1))
    url = "/evenements/?mois=2027-03"

    def today_in_grid():
        html = client.get(url).content.decode()
        (day,) = re.findall(
            r'<li class="day[^"]* today">\s*(?:<h3[^>]*>)?<span class="day-number"[^>]*>(\d+)<',
            html,
        )
        return int(day)

    at(monkeypatch, local(first, datetime.time(23, 59)))
    client.get(url)
    assert today_in_grid() == 1
    at(monkeypatch, local(first + days(1), datetime.time(0, 1)))
    assert today_in_grid() == 2
