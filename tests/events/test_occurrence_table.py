"""The calendar's kept rows (OccurrenceTable): read back exactly, quick to unpickle, telling
which occurrences are over; and the month grid built from them in one pass, a few a day."""

import datetime
import pickle
from types import SimpleNamespace

import pytest

from events.listing import SHOWN_PER_DAY, CalendarQuery, month_grid
from events.recurrence import QUEBEC, OccurrenceRow, OccurrenceTable, local

D = datetime.date
T = datetime.time


def timed(event_id, day, start, end=None, **fields):
    return OccurrenceRow(
        event_id,
        local(day, start),
        local(fields.pop("end_day", day), end) if end else None,
        local(fields.pop("original_day", day), start),
        fields.get("cancelled", False),
        fields.get("moved", False),
        fields.get("note", ""),
    )


def all_day(event_id, first, last=None, **fields):
    return OccurrenceRow(
        event_id,
        first,
        last or first,
        first,
        fields.get("cancelled", False),
        fields.get("moved", False),
        fields.get("note", ""),
    )


def sample_rows():
    return [
        timed(1, D(2026, 11, 17), T(9, 0), T(12, 0)),
        timed(2, D(2026, 11, 17), T(9, 0)),  # no end time
        all_day(3, D(2026, 11, 16), D(2026, 11, 18), note="Kiosque de trois jours"),
        timed(4, D(2026, 11, 17), T(22, 0), T(1, 30), end_day=D(2026, 11, 18)),
        timed(5, D(2026, 11, 19), T(18, 0), T(20, 0), moved=True, original_day=D(2026, 11, 18)),
        timed(6, D(2026, 11, 20), T(17, 0), T(19, 0), cancelled=True, note="Salle fermée."),
        # The hour that happens twice when daylight saving ends, the second time.
        OccurrenceRow(
            7,
            datetime.datetime(2026, 11, 1, 1, 30, tzinfo=QUEBEC, fold=1),
            datetime.datetime(2026, 11, 1, 1, 45, tzinfo=QUEBEC, fold=1),
            datetime.datetime(2026, 11, 1, 1, 30, tzinfo=QUEBEC, fold=1),
            False,
            False,
            "",
        ),
        all_day(8, D(2026, 10, 30), D(2026, 11, 2)),
        timed(9, D(2026, 11, 17), T(9, 0), T(10, 0)),
    ]


def in_date_order(rows):
    """As the calendar lists them: by local date and time, then by event."""

    def key(row):
        if isinstance(row.start, datetime.datetime):
            return (row.start.date(), row.start.time(), row.event_id)
        return (row.start, T.min, row.event_id)

    return sorted(rows, key=key)


def test_rows_come_back_exactly_in_date_order():
    rows = sample_rows()
    table = OccurrenceTable(rows)
    back = table.rows(range(len(table)))
    assert back == in_date_order(rows)
    for got, expected in zip(back, in_date_order(rows), strict=True):
        for field in ("start", "end", "original_start"):
            value, wanted = getattr(got, field), getattr(expected, field)
            assert type(value) is type(wanted)
            if isinstance(wanted, datetime.datetime):
                assert value.tzinfo is QUEBEC and value.fold == wanted.fold
                assert value.utcoffset() == wanted.utcoffset()


def test_kept_table_is_small_and_unpickles_as_it_was():
    rows = [
        timed(n, D(2026, 11, 1) + datetime.timedelta(days=n % 90), T(9 + n % 10, 0), T(20, 0))
        for n in range(5000)
    ]
    table = OccurrenceTable(rows)
    data = pickle.dumps(table, pickle.HIGHEST_PROTOCOL)
    assert len(data) < 40 * len(rows)  # a list of OccurrenceRows takes about ten times more
    again = pickle.loads(data)  # noqa: S301 (what the tests just wrote)
    assert again.rows(range(len(again))) == table.rows(range(len(table)))


@pytest.mark.parametrize("hour", range(0, 24, 3))
@pytest.mark.parametrize("day", [D(2026, 10, 31), D(2026, 11, 1), D(2026, 11, 17), D(2026, 11, 18)])
def test_still_on_and_over_agree_with_each_rows_end(day, hour):
    table = OccurrenceTable(sample_rows())
    rows = table.rows(range(len(table)))
    for minute in (0, 31, 59):
        moment = local(day, T(hour, minute))
        assert table.still_on(moment) == [
            n for n, row in enumerate(rows) if not row.ends_before(moment)
        ]
        assert table.over(moment) == [
            n for n, row in reversed(list(enumerate(rows))) if row.ends_before(moment)
        ]


def test_by_day_matches_a_scan_of_every_day():
    table = OccurrenceTable(sample_rows())
    rows = table.rows(range(len(table)))
    first, last = D(2026, 11, 1), D(2026, 11, 30)
    by_day = table.by_day(first, last)
    day = first
    while day <= last:
        expected = [n for n, row in enumerate(rows) if touches(row, day)]
        assert by_day.get(day, []) == expected, day
        day += datetime.timedelta(days=1)
    assert min(by_day) == first  # the kiosk from October is clamped to the month


def touches(row, day):
    def as_date(moment):
        return moment.date() if isinstance(moment, datetime.datetime) else moment

    return as_date(row.start) <= day <= as_date(row.end or row.start)


# --- The month grid ----------------------------------------------------------------------


def november():
    return CalendarQuery(
        CalendarQuery.MONTH, D(2026, 11, 17), D(2026, 11, 1), D(2026, 11, 30), month=D(2026, 11, 1)
    )


def busy_day_rows(count):
    return [timed(100 + n, D(2026, 11, 17), T(8, n)) for n in range(count)]


def test_grid_shows_a_few_occurrences_a_day_and_counts_the_others():
    asked = []

    def events_for(rows):
        asked.extend(rows)
        return {row.event_id: SimpleNamespace(pk=row.event_id) for row in rows}

    rows = busy_day_rows(30) + [timed(1, D(2026, 11, 18), T(9, 0), T(10, 0))]
    weeks = month_grid(november(), OccurrenceTable(rows), events_for)
    days = {day.date: day for week in weeks for day in week}

    busy = days[D(2026, 11, 17)]
    assert [o.event.pk for o in busy.occurrences] == [100, 101, 102]
    assert busy.more == 30 - SHOWN_PER_DAY
    assert busy.more_url == "?jour=2026-11-17"
    assert busy.is_today
    quiet = days[D(2026, 11, 18)]
    assert [o.event.pk for o in quiet.occurrences] == [1]
    assert quiet.more == 0 and quiet.more_url is None
    # Only the shown occurrences had their events read.
    assert sorted(row.event_id for row in asked) == [1, 100, 101, 102]


def test_grid_puts_each_occurrence_on_every_day_it_touches():
    table = OccurrenceTable(sample_rows())

    def events_for(rows):
        return {row.event_id: SimpleNamespace(pk=row.event_id) for row in rows}

    weeks = month_grid(november(), table, events_for)
    assert len(weeks) == 6 and all(len(week) == 7 for week in weeks)  # 1 November: a Sunday
    assert weeks[0][0].date == D(2026, 10, 26)  # Monday first
    rows = table.rows(range(len(table)))
    for week in weeks:
        for day in week:
            expected = [row.event_id for row in rows if touches(row, day.date)]
            if not day.in_month:
                expected = []  # October's days show no event
            shown = [o.event.pk for o in day.occurrences]
            assert shown == expected[:SHOWN_PER_DAY], day.date
            assert day.more == max(len(expected) - SHOWN_PER_DAY, 0), day.date


def test_grid_links_keep_the_type_filter():
    query = CalendarQuery(
        CalendarQuery.MONTH,
        D(2026, 11, 1),
        D(2026, 11, 1),
        D(2026, 11, 30),
        month=D(2026, 11, 1),
        event_type=SimpleNamespace(slug="formation"),
    )
    table = OccurrenceTable(busy_day_rows(5))
    weeks = month_grid(query, table, lambda rows: {row.event_id: object() for row in rows})
    (busy,) = [day for week in weeks for day in week if day.more]
    assert busy.more_url == "?jour=2026-11-17&type=formation"
