"""The feeds, parsed back with icalendar and expanded with recurring_ical_events."""

import datetime

import icalendar
import pytest
import recurring_ical_events

from events.models import EventExcludedDate, EventOccurrenceException, EventPage
from events.recurrence import QUEBEC, WEEKLY, YEARLY
from tests.events.factories import EventPageFactory, event_type

pytestmark = pytest.mark.django_db

D = datetime.date


def feed(client, url="/evenements/calendrier.ics"):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def scheduled_on(calendar, day):
    """Events that take place on `day` (cancelled occurrences left out)."""
    return [
        event
        for event in recurring_ical_events.of(calendar).at(day)
        if str(event.get("STATUS", "CONFIRMED")) != "CANCELLED"
    ]


@pytest.fixture
def calendar_events(event_index):
    vigil = EventPageFactory(
        parent=event_index,
        title="Journée du 17 décembre",
        slug="17-decembre",
        start_date=D(2024, 12, 17),
        recurrence=YEARLY,
        recurrence_endless=True,
    )
    series = EventPageFactory(
        parent=event_index,
        title="Informatique du mardi",
        slug="informatique",
        event_type=event_type("formation"),
        start_date=D(2027, 1, 5),
        start_time=datetime.time(13, 30),
        end_time=datetime.time(15, 30),
        recurrence=WEEKLY,
        recurrence_count=6,
    )
    EventExcludedDate.objects.create(event=series, date=D(2027, 1, 19))
    EventOccurrenceException.objects.create(
        event=series, original_date=D(2027, 2, 2), action=EventOccurrenceException.CANCELLED
    )
    EventOccurrenceException.objects.create(
        event=series,
        original_date=D(2027, 1, 26),
        action=EventOccurrenceException.MOVED,
        new_start_date=D(2027, 1, 28),
    )
    return vigil, series


def test_whole_calendar_feed_is_valid_and_expands(client, calendar_events):
    calendar = feed(client)
    assert str(calendar["X-WR-CALNAME"]).startswith("Projet L.U.N.E.")
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["America/Toronto"]
    # 17 December, every year.
    for year in (2026, 2027):
        (vigil,) = scheduled_on(calendar, D(year, 12, 17))
        assert str(vigil["SUMMARY"]) == "Journée du 17 décembre"
        assert vigil["DTSTART"].dt == datetime.datetime(year, 12, 17, 17, tzinfo=QUEBEC)
    # The weekly series: the excluded and the cancelled Tuesdays are not scheduled.
    assert len(scheduled_on(calendar, D(2027, 1, 12))) == 1
    assert scheduled_on(calendar, D(2027, 1, 19)) == []
    assert scheduled_on(calendar, D(2027, 2, 2)) == []
    assert scheduled_on(calendar, D(2027, 1, 26)) == []
    (moved,) = scheduled_on(calendar, D(2027, 1, 28))
    assert moved["DTSTART"].dt == datetime.datetime(2027, 1, 28, 13, 30, tzinfo=QUEBEC)
    sessions = [
        e
        for e in recurring_ical_events.of(calendar).between(D(2027, 1, 1), D(2027, 3, 1))
        if "Informatique" in str(e["SUMMARY"]) and str(e.get("STATUS")) != "CANCELLED"
    ]
    assert len(sessions) == 4  # six, less the excluded and the cancelled one


def test_feed_properties_follow_rfc5545(client, calendar_events, event_index):
    vigil, series = calendar_events
    raw = client.get("/evenements/calendrier.ics").content.decode()
    assert "DTSTART;TZID=America/Toronto:20270105T133000" in raw
    assert "EXDATE;TZID=America/Toronto:20270119T133000" in raw
    assert "RRULE:FREQ=YEARLY" in raw
    calendar = icalendar.Calendar.from_ical(raw)
    events = calendar.walk("VEVENT")
    masters = [e for e in events if "RECURRENCE-ID" not in e]
    overrides = [e for e in events if "RECURRENCE-ID" in e]
    assert {str(e["UID"]) for e in masters} == {vigil.uid, series.uid}
    assert vigil.uid == f"{vigil.translation_key}@projetlune.org"
    for event in events:
        assert "DTSTAMP" in event and "SEQUENCE" in event
        assert str(event["URL"]).startswith("http://localhost/evenements/")  # the Site's host
    cancelled = [e for e in overrides if str(e["STATUS"]) == "CANCELLED"]
    assert [e["RECURRENCE-ID"].dt for e in cancelled] == [
        datetime.datetime(2027, 2, 2, 13, 30, tzinfo=QUEBEC)
    ]
    assert all(str(e["UID"]) == series.uid for e in overrides)


def test_per_type_feed_and_unknown_type(client, calendar_events):
    calendar = feed(client, "/evenements/calendrier.ics?type=formation")
    assert {str(e["SUMMARY"]) for e in calendar.walk("VEVENT")} == {"Informatique du mardi"}
    assert "Formation" in str(calendar["X-WR-CALNAME"])
    assert client.get("/evenements/calendrier.ics?type=inconnu").status_code == 404


def test_one_event_feed(client, calendar_events):
    response = client.get("/evenements/17-decembre/evenement.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    calendar = icalendar.Calendar.from_ical(response.content)
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == ["Journée du 17 décembre"]
    assert calendar.walk("VTIMEZONE")


def test_uid_survives_a_move_and_sequence_grows_on_date_changes(client, calendar_events):
    vigil = EventPage.objects.get(pk=calendar_events[0].pk)
    uid = vigil.uid
    vigil.save_revision().publish()
    vigil = EventPage.objects.get(pk=vigil.pk)
    assert vigil.sequence == 0

    vigil.slug = "journee-17-decembre"
    vigil.title = "Journée internationale du 17 décembre"
    vigil.save_revision().publish()
    vigil = EventPage.objects.get(pk=vigil.pk)
    assert vigil.uid == uid
    assert vigil.sequence == 0  # a new title is not a new date

    # Edits start from the latest revision, which holds an old counter: it still grows.
    for hour, expected in ((18, 1), (19, 2)):
        draft = vigil.get_latest_revision_as_object()
        draft.start_time = datetime.time(hour, 0)
        draft.end_time = None
        draft.save_revision().publish()
        vigil = EventPage.objects.get(pk=vigil.pk)
        assert vigil.sequence == expected

    vigil.status = EventPage.STATUS_CANCELLED
    vigil.save_revision().publish()
    calendar = feed(client)
    (master,) = [e for e in calendar.walk("VEVENT") if str(e["UID"]) == uid]
    assert master["SEQUENCE"] == 3
    assert str(master["STATUS"]) == "CANCELLED"
    assert str(master["URL"]).endswith("/evenements/journee-17-decembre/")


def test_english_feed_falls_back_to_french_events(client, calendar_events, event_index):
    from lune_site.demo import translate

    translate(event_index, "Events", "events")
    calendar = feed(client, "/en/events/calendrier.ics")
    assert len([e for e in calendar.walk("VEVENT") if "RECURRENCE-ID" not in e]) == 2


def test_cached_feed_changes_when_an_event_is_published_or_unpublished(client, calendar_events):
    vigil, series = calendar_events
    assert "Journée du 17 décembre" in client.get("/evenements/calendrier.ics").content.decode()
    vigil = EventPage.objects.get(pk=vigil.pk)
    vigil.title = "Vigile aux parapluies rouges"
    vigil.save_revision().publish()
    body = client.get("/evenements/calendrier.ics").content.decode()
    assert "Vigile aux parapluies rouges" in body
    series = EventPage.objects.get(pk=series.pk)
    series.unpublish()
    body = client.get("/evenements/calendrier.ics").content.decode()
    assert "Informatique du mardi" not in body


def test_exception_on_a_date_outside_the_rule_is_ignored(client, calendar_events):
    vigil = calendar_events[0]
    EventOccurrenceException.objects.create(
        event=vigil,
        original_date=D(2026, 12, 18),  # not a 17 December
        action=EventOccurrenceException.MOVED,
        new_start_date=D(2026, 12, 20),
    )
    calendar = feed(client)
    assert not [
        e for e in calendar.walk("VEVENT") if e.get("RECURRENCE-ID") and str(e["UID"]) == vigil.uid
    ]
    assert scheduled_on(calendar, D(2026, 12, 20)) == []
    vigil = EventPage.objects.get(pk=vigil.pk)
    assert [o.start_date for o in vigil.occurrences_between(D(2026, 12, 1), D(2026, 12, 31))] == [
        D(2026, 12, 17)
    ]
