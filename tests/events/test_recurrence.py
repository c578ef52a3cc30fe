"""Occurrences: rules expanded with dateutil in Québec time, with excluded and changed dates."""

import datetime

import pytest

from events.models import EventExcludedDate, EventOccurrenceException, EventPage
from events.recurrence import MONTHLY, QUEBEC, WEEKLY, YEARLY
from tests.events.factories import EventPageFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def weekly_series(parent, **fields):
    event = EventPageFactory(
        parent=parent,
        start_date=D(2026, 12, 1),
        start_time=datetime.time(13, 30),
        end_time=datetime.time(15, 30),
        recurrence=WEEKLY,
        recurrence_count=8,
        **fields,
    )
    EventExcludedDate.objects.create(event=event, date=D(2026, 12, 15))
    EventOccurrenceException.objects.create(
        event=event, original_date=D(2026, 12, 29), action=EventOccurrenceException.CANCELLED
    )
    EventOccurrenceException.objects.create(
        event=event,
        original_date=D(2027, 1, 5),
        action=EventOccurrenceException.MOVED,
        new_start_date=D(2027, 1, 7),
        new_start_time=datetime.time(18, 0),
    )
    event = EventPage.objects.get(pk=event.pk)
    event.save()
    return event


def test_weekly_series_skips_excluded_and_marks_cancelled_and_moved(event_index):
    event = weekly_series(event_index)
    occurrences = event.occurrences_between(D(2026, 11, 1), D(2027, 3, 1))
    starts = [o.start_date for o in occurrences]
    assert D(2026, 12, 15) not in starts  # excluded: gone altogether
    assert len(occurrences) == 7
    cancelled = [o for o in occurrences if o.cancelled]
    assert [o.start_date for o in cancelled] == [D(2026, 12, 29)]
    moved = [o for o in occurrences if o.moved]
    assert moved[0].start == datetime.datetime(2027, 1, 7, 18, 0, tzinfo=QUEBEC)
    assert moved[0].end == datetime.datetime(2027, 1, 7, 20, 0, tzinfo=QUEBEC)
    assert moved[0].original_start == datetime.datetime(2027, 1, 5, 13, 30, tzinfo=QUEBEC)
    assert event.last_date == D(2027, 1, 19)


def test_moved_occurrence_appears_in_the_window_it_moved_to(event_index):
    event = weekly_series(event_index)
    found = event.occurrences_between(D(2027, 1, 7), D(2027, 1, 7))
    assert [o.moved for o in found] == [True]
    assert event.occurrences_between(D(2027, 1, 5), D(2027, 1, 5)) == []


def test_yearly_endless_rule_keeps_wall_clock_time_across_daylight_saving(event_index):
    event = EventPageFactory(
        parent=event_index,
        start_date=D(2024, 12, 17),
        recurrence=YEARLY,
        recurrence_endless=True,
    )
    assert event.last_date is None
    found = event.occurrences_between(D(2026, 1, 1), D(2027, 12, 31))
    assert [o.start for o in found] == [
        datetime.datetime(2026, 12, 17, 17, 0, tzinfo=QUEBEC),
        datetime.datetime(2027, 12, 17, 17, 0, tzinfo=QUEBEC),
    ]
    # A weekly 18 h meeting stays at 18 h when daylight saving starts in March.
    weekly = EventPageFactory(
        parent=event_index,
        start_date=D(2027, 3, 7),
        start_time=datetime.time(18, 0),
        recurrence=WEEKLY,
        recurrence_count=2,
    )
    first, second = weekly.occurrences_between(D(2027, 3, 1), D(2027, 3, 31))
    assert first.start.hour == second.start.hour == 18
    assert first.start.utcoffset() != second.start.utcoffset()


def test_monthly_rule_with_interval_and_end_date(event_index):
    event = EventPageFactory(
        parent=event_index,
        start_date=D(2027, 1, 10),
        recurrence=MONTHLY,
        recurrence_interval=2,
        recurrence_until=D(2027, 7, 1),
    )
    found = event.occurrences_between(D(2027, 1, 1), D(2027, 12, 31))
    assert [o.start_date for o in found] == [D(2027, 1, 10), D(2027, 3, 10), D(2027, 5, 10)]
    assert event.last_date == D(2027, 7, 1)


def test_all_day_event_over_several_days_touches_each_day(event_index):
    event = EventPageFactory(
        parent=event_index,
        start_date=D(2027, 2, 1),
        start_time=None,
        end_time=None,
        end_date=D(2027, 2, 3),
    )
    assert event.all_day
    (occurrence,) = event.occurrences_between(D(2027, 2, 3), D(2027, 2, 10))
    assert occurrence.start == D(2027, 2, 1) and occurrence.end == D(2027, 2, 3)
    assert event.occurrences_between(D(2027, 2, 4), D(2027, 2, 10)) == []


def test_far_off_windows_do_not_break(event_index):
    event = EventPageFactory(
        parent=event_index, start_date=D(2024, 12, 17), recurrence=YEARLY, recurrence_endless=True
    )
    assert event.occurrences_between(D(9999, 1, 1), D(9999, 12, 31)) == []
    assert len(event.occurrences_between(D(2200, 1, 1), D(9999, 12, 31))) == 1
    assert event.occurrences_between(D(1, 1, 1), D(1, 12, 31)) == []
