"""Occurrences of an event: its recurrence rule expanded with python-dateutil, in Québec time.

Rules are expanded on local wall-clock times (a 18 h weekly meeting stays at 18 h across the
daylight-saving change), then given the Québec time zone, as RFC 5545 does for `TZID` rules.
"""

import datetime
import hashlib
from array import array
from bisect import bisect_right
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


DAY_MICROSECONDS = 86_400_000_000
ALL_DAY, CANCELLED, MOVED, NO_END, START_FOLD, END_FOLD, ORIGINAL_FOLD = (1 << n for n in range(7))


def wall_clock_key(moment):
    """`moment` (a Québec datetime, or a date) as microseconds of wall-clock time: sorts as
    `Occurrence.sort_key` does, and `key // DAY_MICROSECONDS` is its date's ordinal."""
    if not isinstance(moment, datetime.datetime):
        return moment.toordinal() * DAY_MICROSECONDS
    moment = moment.astimezone(QUEBEC)
    seconds = moment.hour * 3600 + moment.minute * 60 + moment.second
    return moment.toordinal() * DAY_MICROSECONDS + seconds * 1_000_000 + moment.microsecond


def from_wall_clock_key(key, all_day, fold=0):
    """The date (`all_day`) or Québec datetime that `wall_clock_key` gave `key` for."""
    ordinal, rest = divmod(key, DAY_MICROSECONDS)
    day = datetime.date.fromordinal(ordinal)
    if all_day:
        return day
    seconds, microsecond = divmod(rest, 1_000_000)
    minutes, second = divmod(seconds, 60)
    hour, minute = divmod(minutes, 60)
    return datetime.datetime(
        day.year, day.month, day.day, hour, minute, second, microsecond, QUEBEC, fold=fold
    )


def packing_order(row):
    return (wall_clock_key(row.start), row.event_id, wall_clock_key(row.original_start))


class OccurrenceTable:
    """OccurrenceRows in date order, packed in columns of integers to be kept in a cache.

    Thousands of rows of aware datetimes take tens of milliseconds to unpickle; these columns
    take a fraction of one, and rows are rebuilt (`row`, `rows`) only for what a page shows.
    """

    def __init__(self, rows=()):
        self.event_ids = array("q")
        self.starts = array("q")  # wall-clock keys, sorted
        self.ends = array("q")
        self.original_starts = array("q")
        self.flags = array("B")
        self.notes = {}  # index: note, for the few rows that have one
        # Ties broken by event and original date: the same content always packs the same way.
        for row in sorted(rows, key=packing_order):
            self.append(row)

    def append(self, row):
        all_day = not isinstance(row.start, datetime.datetime)
        flags = (
            (ALL_DAY if all_day else 0)
            | (CANCELLED if row.cancelled else 0)
            | (MOVED if row.moved else 0)
            | (NO_END if row.end is None else 0)
            | (START_FOLD if getattr(row.start, "fold", 0) else 0)
            | (END_FOLD if getattr(row.end, "fold", 0) else 0)
            | (ORIGINAL_FOLD if getattr(row.original_start, "fold", 0) else 0)
        )
        if row.note:
            self.notes[len(self.flags)] = row.note
        self.event_ids.append(row.event_id)
        self.starts.append(wall_clock_key(row.start))
        self.ends.append(wall_clock_key(row.start if row.end is None else row.end))
        self.original_starts.append(wall_clock_key(row.original_start))
        self.flags.append(flags)

    def __len__(self):
        return len(self.flags)

    def row(self, index):
        flags = self.flags[index]
        all_day = bool(flags & ALL_DAY)
        return OccurrenceRow(
            self.event_ids[index],
            from_wall_clock_key(self.starts[index], all_day, flags & START_FOLD and 1),
            None
            if flags & NO_END
            else from_wall_clock_key(self.ends[index], all_day, flags & END_FOLD and 1),
            from_wall_clock_key(self.original_starts[index], all_day, flags & ORIGINAL_FOLD and 1),
            bool(flags & CANCELLED),
            bool(flags & MOVED),
            self.notes.get(index, ""),
        )

    def rows(self, indices):
        return [self.row(index) for index in indices]

    def fingerprint(self, indices):
        """A short digest of the rows at `indices`: what a fragment showing them is kept by."""
        packed = [
            (self.event_ids[i], self.starts[i], self.ends[i], self.flags[i], self.notes.get(i))
            for i in indices
        ]
        return hashlib.blake2b(repr(packed).encode(), digest_size=12).hexdigest()

    def first_day(self, index):
        return self.starts[index] // DAY_MICROSECONDS

    def last_day(self, index):
        return self.ends[index] // DAY_MICROSECONDS

    def by_day(self, first_day, last_day):
        """{date: indices of the rows touching it}, for the days from `first_day` to
        `last_day`, in one pass over the rows."""
        low, high = first_day.toordinal(), last_day.toordinal()
        found = {}
        for index in range(len(self)):
            for ordinal in range(
                max(self.first_day(index), low), min(self.last_day(index), high) + 1
            ):
                found.setdefault(ordinal, []).append(index)
        return {datetime.date.fromordinal(ordinal): indices for ordinal, indices in found.items()}

    def is_over(self, index, moment, today):
        """`OccurrenceRow.ends_before(moment)`, from the dates alone when they settle it
        (`today`: the ordinal of `moment`'s date in Québec)."""
        if self.last_day(index) < today:
            return True
        if self.first_day(index) > today:
            return False
        return self.row(index).ends_before(moment)

    def still_on(self, moment):
        """Indices of the rows not over at `moment`, in date order.

        Rows starting after `moment`'s day cannot be over, and they follow all the others:
        only the rows up to that day are looked at one by one.
        """
        today = moment.astimezone(QUEBEC).date().toordinal()
        cut = bisect_right(self.starts, (today + 1) * DAY_MICROSECONDS - 1)
        looked_at = [index for index in range(cut) if not self.is_over(index, moment, today)]
        return looked_at + list(range(cut, len(self)))

    def over(self, moment):
        """Indices of the rows over at `moment`, the latest first."""
        today = moment.astimezone(QUEBEC).date().toordinal()
        midnight = today * DAY_MICROSECONDS
        # Most rows ended before today: their end alone says so.
        over = [
            index
            for index, end in enumerate(self.ends)
            if end < midnight or self.is_over(index, moment, today)
        ]
        return over[::-1]


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
