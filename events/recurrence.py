"""Occurrences of an event: its recurrence rule expanded with python-dateutil, in Québec time.

Rules are expanded on local wall-clock times (a 18 h weekly meeting stays at 18 h across the
daylight-saving change), then given the Québec time zone, as RFC 5545 does for `TZID` rules.
"""

import datetime
from dataclasses import dataclass
from typing import NamedTuple
from zoneinfo import ZoneInfo

from dateutil import rrule

QUEBEC = ZoneInfo("America/Toronto")

YEARLY, MONTHLY, WEEKLY = "YEARLY", "MONTHLY", "WEEKLY"
FREQUENCIES = {YEARLY: rrule.YEARLY, MONTHLY: rrule.MONTHLY, WEEKLY: rrule.WEEKLY}

# Dates the calendar accepts (a month view of year 9999 has no "next month").
EARLIEST_YEAR, LATEST_YEAR = 1970, 2200


@dataclass(frozen=True)
class Occurrence:
    """One date of an event; `start`/`end` are aware datetimes, or dates for all-day events."""

    event: object
    start: datetime.date
    end: datetime.date | None
    original_start: datetime.date
    cancelled: bool = False
    moved: bool = False
    note: str = ""

    @property
    def all_day(self):
        return not isinstance(self.start, datetime.datetime)

    @property
    def start_date(self):
        return self.start.date() if isinstance(self.start, datetime.datetime) else self.start

    @property
    def end_date(self):
        if self.end is None:
            return self.start_date
        return self.end.date() if isinstance(self.end, datetime.datetime) else self.end

    @property
    def is_cancelled(self):
        return self.cancelled or self.event.status == self.event.STATUS_CANCELLED

    @property
    def is_postponed(self):
        return not self.is_cancelled and self.event.status == self.event.STATUS_POSTPONED

    @property
    def sort_key(self):
        return (self.start_date, self.start.time() if not self.all_day else datetime.time.min)

    def overlaps(self, first_day, last_day):
        return self.start_date <= last_day and self.end_date >= first_day

    def ends_before(self, moment):
        """True when the occurrence is over at `moment` (an all-day one lasts its whole days)."""
        return is_over(self.start, self.end, moment)

    def as_row(self):
        return OccurrenceRow(
            self.event.pk,
            self.start,
            self.end,
            self.original_start,
            self.cancelled,
            self.moved,
            self.note,
        )


class OccurrenceRow(NamedTuple):
    """An occurrence with its event's id in place of the event: small enough to keep."""

    event_id: int
    start: datetime.date
    end: datetime.date | None
    original_start: datetime.date
    cancelled: bool
    moved: bool
    note: str

    def ends_before(self, moment):
        return is_over(self.start, self.end, moment)

    def with_event(self, event):
        return Occurrence(event, *self[1:])


def is_over(start, end, moment):
    """True when what runs from `start` to `end` (datetimes, or dates for whole days) is over
    at the aware datetime `moment`."""
    last = end or start
    if isinstance(last, datetime.datetime):
        return last < moment
    return last < moment.astimezone(QUEBEC).date()


def local(day, time):
    """An aware datetime in Québec time for a wall-clock date and time."""
    return datetime.datetime.combine(day, time, tzinfo=QUEBEC)


def build_rule(frequency, start, *, interval=1, count=None, until=None):
    """A dateutil rule on naive local datetimes, or None when `frequency` is empty."""
    if not frequency:
        return None
    until_moment = None
    if until is not None:
        until_moment = datetime.datetime.combine(until, datetime.time.max)
    return rrule.rrule(
        FREQUENCIES[frequency],
        dtstart=start,
        interval=max(int(interval or 1), 1),
        count=count or None,
        until=until_moment,
    )


def clamp_day(day):
    """`day` kept inside the years a calendar can show (a guard for far-off windows)."""
    low, high = datetime.date(EARLIEST_YEAR, 1, 1), datetime.date(LATEST_YEAR, 12, 31)
    return min(max(day, low), high)
