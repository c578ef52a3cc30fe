"""What a visitor asked the calendar for (`?mois=`, `?type=`, `?vue=`), and the month grid."""

import calendar
import datetime
import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.utils import timezone
from django.utils.translation import gettext as _

from events.recurrence import EARLIEST_YEAR, LATEST_YEAR, QUEBEC

MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")


class InvalidCalendarQuery(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CalendarQuery:
    UPCOMING, MONTH, PAST = "a-venir", "mois", "passes"

    view: str
    today: datetime.date
    first_day: datetime.date
    last_day: datetime.date
    month: datetime.date | None = None
    event_type: object = None

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
    def this_month(self):
        return self.today.replace(day=1)

    @property
    def type_slug(self):
        return self.event_type.slug if self.event_type else ""

    def link(self, **changes):
        """A query string for this view with `changes` (an empty value drops a parameter)."""
        params = {
            "mois": self.month.strftime("%Y-%m") if self.month else "",
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
                "url": self.link(mois="", vue=""),
                "current": self.view == self.UPCOMING,
            },
            {
                "name": _("Par mois"),
                "url": self.link(mois=(self.month or self.this_month).strftime("%Y-%m"), vue=""),
                "current": self.view == self.MONTH,
            },
            {
                "name": _("Passés"),
                "url": self.link(mois="", vue=self.PAST),
                "current": self.view == self.PAST,
            },
        ]

    def month_link(self, month):
        return self.link(mois=month.strftime("%Y-%m"), vue="") if month else None


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


@dataclass
class Day:
    date: datetime.date
    in_month: bool
    is_today: bool
    occurrences: list


def month_grid(month, occurrences, today=None):
    """Weeks (Monday first) of Days, each holding the occurrences that touch it."""
    today = today or timezone.localdate(timezone=QUEBEC)
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month):
        days = []
        for day in week:
            on_day = [o for o in occurrences if o.start_date <= day <= o.end_date]
            days.append(Day(day, day.month == month.month, day == today, on_day))
        weeks.append(days)
    return weeks
