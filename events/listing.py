"""What a visitor asked the calendar for (`?mois=`, `?jour=`, `?type=`, `?vue=`), and the
month grid."""

import calendar
import datetime
import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.utils import timezone
from django.utils.translation import gettext as _

from events.recurrence import EARLIEST_YEAR, LATEST_YEAR, QUEBEC

MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")
DAY_PATTERN = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
# A day of the month grid shows this many occurrences, then links to its day view.
SHOWN_PER_DAY = 3


class InvalidCalendarQuery(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CalendarQuery:
    UPCOMING, MONTH, PAST, DAY = "a-venir", "mois", "passes", "jour"

    view: str
    today: datetime.date
    first_day: datetime.date
    last_day: datetime.date
    month: datetime.date | None = None
    event_type: object = None
    day: datetime.date | None = None

    @classmethod
    def from_request(cls, request, today=None):
        """Read the query string; anything unreadable raises InvalidCalendarQuery."""
        from events.models import PAST_DAYS, UPCOMING_DAYS, EventType

        today = today or timezone.localdate(timezone=QUEBEC)
        event_type = None
        slug = request.GET.get("type", "")
        if slug:
            event_type = EventType.objects.filter(slug=slug[:60]).first()
            if event_type is None:
                raise InvalidCalendarQuery(_("Ce type d'événement n'existe pas."))
        view = request.GET.get("vue", "")
        if view not in ("", cls.UPCOMING, cls.PAST):
            raise InvalidCalendarQuery(_("Cette vue du calendrier n'existe pas."))
        day_text = request.GET.get("jour", "")
        if day_text:
            day = parse_day(day_text)
            return cls(cls.DAY, today, day, day, event_type=event_type, day=day)
        month_text = request.GET.get("mois", "")
        if month_text:
            month = parse_month(month_text)
            last = calendar.monthrange(month.year, month.month)[1]
            return cls(
                cls.MONTH,
                today,
                month,
                month.replace(day=last),
                month=month,
                event_type=event_type,
            )
        if view == cls.PAST:
            return cls(
                cls.PAST,
                today,
                today - datetime.timedelta(days=PAST_DAYS),
                today,
                event_type=event_type,
            )
        return cls(
            cls.UPCOMING,
            today,
            today,
            today + datetime.timedelta(days=UPCOMING_DAYS),
            event_type=event_type,
        )

    @property
    def previous_month(self):
        previous = (self.month - datetime.timedelta(days=1)).replace(day=1)
        return previous if previous.year >= EARLIEST_YEAR else None

    @property
    def next_month(self):
        following = (self.last_day + datetime.timedelta(days=1)).replace(day=1)
        return following if following.year <= LATEST_YEAR else None

    @property
    def previous_day(self):
        previous = self.day - datetime.timedelta(days=1)
        return previous if previous.year >= EARLIEST_YEAR else None

    @property
    def next_day(self):
        following = self.day + datetime.timedelta(days=1)
        return following if following.year <= LATEST_YEAR else None

    @property
    def this_month(self):
        return self.today.replace(day=1)

    @property
    def type_slug(self):
        return self.event_type.slug if self.event_type else ""

    def link(self, **changes):
        """A query string for this view with `changes` (an empty value drops a parameter)."""
        params = {
            "mois": self.month.strftime("%Y-%m") if self.month else "",
            "jour": self.day.isoformat() if self.day else "",
            "vue": self.PAST if self.view == self.PAST else "",
            "type": self.type_slug,
        }
        params.update(changes)
        text = urlencode({key: value for key, value in params.items() if value})
        return f"?{text}" if text else "."

    def type_links(self, event_types):
        links = [
            {"name": _("Tous"), "url": self.link(type="", page=""), "current": not self.event_type}
        ]
        for event_type in event_types:
            links.append(
                {
                    "name": event_type.name,
                    "url": self.link(type=event_type.slug, page=""),
                    "current": self.event_type == event_type,
                }
            )
        return links

    def view_links(self):
        return [
            {
                "name": _("À venir"),
                "url": self.link(mois="", jour="", vue=""),
                "current": self.view == self.UPCOMING,
            },
            {
                "name": _("Par mois"),
                "url": self.month_link(self.month or (self.day or self.today).replace(day=1)),
                "current": self.view == self.MONTH,
            },
            {
                "name": _("Passés"),
                "url": self.link(mois="", jour="", vue=self.PAST),
                "current": self.view == self.PAST,
            },
        ]

    def month_link(self, month):
        return self.link(mois=month.strftime("%Y-%m"), jour="", vue="") if month else None

    def day_link(self, day):
        return self.link(mois="", jour=day.isoformat(), vue="") if day else None


def parse_month(text):
    """`YYYY-MM` as the first day of that month, within the years the calendar shows."""
    match = MONTH_PATTERN.match(text.strip()[:20])
    if not match:
        raise InvalidCalendarQuery(_("Le mois doit s'écrire année-mois, par exemple 2026-12."))
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12:
        raise InvalidCalendarQuery(_("Ce mois n'existe pas : choisir un mois de 01 à 12."))
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise InvalidCalendarQuery(
            _("Le calendrier couvre les années %(first)s à %(last)s.")
            % {"first": EARLIEST_YEAR, "last": LATEST_YEAR}
        )
    return datetime.date(year, month, 1)


def parse_day(text):
    """`YYYY-MM-DD` as a date, within the years the calendar shows."""
    match = DAY_PATTERN.match(text.strip()[:20])
    if not match:
        raise InvalidCalendarQuery(
            _("Le jour doit s'écrire année-mois-jour, par exemple 2026-12-17.")
        )
    year, month, day = (int(part) for part in match.groups())
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise InvalidCalendarQuery(
            _("Le calendrier couvre les années %(first)s à %(last)s.")
            % {"first": EARLIEST_YEAR, "last": LATEST_YEAR}
        )
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise InvalidCalendarQuery(
            _("Ce jour n'existe pas : vérifier le mois et le jour.")
        ) from None


@dataclass
class Day:
    date: datetime.date
    in_month: bool
    is_today: bool
    occurrences: list
    more: int = 0  # occurrences not shown in the grid, listed by the day view
    more_url: str | None = None


def month_grid(query, table, events_for):
    """Weeks (Monday first) of Days for `query`'s month; each day of the month holds its
    first SHOWN_PER_DAY occurrences and counts the others, which its day view lists.

    `table` is the month's OccurrenceTable; `events_for(rows)` reads the events of the shown
    rows (one query), so that a month of a thousand occurrences reads about a hundred.
    """
    on_day = table.by_day(query.first_day, query.last_day)
    shown = {day: table.rows(indices[:SHOWN_PER_DAY]) for day, indices in on_day.items()}
    events = events_for([row for rows in shown.values() for row in rows])
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(
        query.month.year, query.month.month
    ):
        days = []
        for day in week:
            rows = shown.get(day, [])
            more = len(on_day.get(day, ())) - len(rows)
            days.append(
                Day(
                    day,
                    day.month == query.month.month,
                    day == query.today,
                    [
                        row.with_event(events[row.event_id])
                        for row in rows
                        if row.event_id in events
                    ],
                    more,
                    query.day_link(day) if more else None,
                )
            )
        weeks.append(days)
    return weeks
