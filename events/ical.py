"""iCalendar (RFC 5545) feeds, built with the `icalendar` library, that calendar apps subscribe to."""

import datetime
import hashlib
from typing import NamedTuple

import icalendar
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.models import Site

from events.recurrence import QUEBEC, local

PRODID = "-//Projet L.U.N.E.//Calendrier//FR"
REFRESH = datetime.timedelta(hours=6)
# Serialized events, kept between builds of the feed (see feed_body).
KEPT_EVENTS_SECONDS = 24 * 3600
STALE_BY_ID = 500
CALENDAR_END = b"END:VCALENDAR\r\n"
ICAL_STATUS = {"prevu": "CONFIRMED", "annule": "CANCELLED", "reporte": "TENTATIVE"}


def new_calendar(name, description=""):
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "America/Toronto")
    if description:
        calendar.add("x-wr-caldesc", description)
    # How often subscribers should come back (Apple and Outlook read one or the other).
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", icalendar.vDuration(REFRESH))
    return calendar


def empty_feed(event_type=None):
    """The whole calendar's (or one type's) VCALENDAR, before its events."""
    name = _("Projet L.U.N.E. : événements")
    if event_type is not None:
        name = f"{name} ({event_type.name})"
    return new_calendar(name, _("Le calendrier des événements de Projet L.U.N.E., Québec."))


class KeptEvent(NamedTuple):
    """One event's VEVENTs, serialized, and what they were written from."""

    version: tuple
    ical: bytes
    start_date: datetime.date
    all_day: bool


def feed_body(events, request, event_type=None):
    """The serialized feed of `events` (a gate queryset): the whole calendar, or one type's.

    Each event's VEVENTs are kept, serialized, in the default cache until the event changes
    (a publication, a move, its type renamed): after a publication only that event is written
    again, not the whole calendar (icalendar takes about a millisecond per event).
    """
    key = _kept_events_key(request, event_type)
    kept = cache.get(key) or {}
    rows = events.order_by("path").values_list(
        "pk", "last_published_at", "url_path", "event_type__name"
    )
    versions = {pk: (published, url_path, type_name) for pk, published, url_path, type_name in rows}
    stale = {
        pk for pk, version in versions.items() if pk not in kept or kept[pk].version != version
    }
    if stale:
        # A long IN list costs more than reading every event (the first build reads them all).
        source = events.filter(pk__in=stale) if len(stale) <= STALE_BY_ID else events
        for event in source.with_schedule():
            if event.pk in stale:
                ical = b"".join(c.to_ical() for c in event_components(event, request))
                kept[event.pk] = KeptEvent(
                    versions[event.pk], ical, event.start_date, event.all_day
                )
    kept = {pk: kept[pk] for pk in versions if pk in kept}
    cache.set(key, kept, KEPT_EVENTS_SECONDS)

    calendar = empty_feed(event_type)
    if any(not event.all_day for event in kept.values()):
        dates = timezone_range(event.start_date for event in kept.values())
        calendar.add_component(icalendar.Timezone.from_tzid(QUEBEC.key, **dates))
    head = calendar.to_ical()
    if not head.endswith(CALENDAR_END):
        raise ValueError("icalendar no longer ends a calendar with END:VCALENDAR")
    body = b"".join(event.ical for event in kept.values())
    return head[: -len(CALENDAR_END)] + body + CALENDAR_END


def _kept_events_key(request, event_type):
    # URLs hang on the sites' root URLs; summaries on the language.
    parts = (
        translation.get_language(),
        request.get_host(),
        event_type.pk if event_type is not None else None,
        Site.get_site_root_paths(),
    )
    return "events:feed-events:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def timezone_range(start_dates):
    """VTIMEZONE transitions from the first event's year to ten years on (a smaller feed)."""
    today = timezone.localdate(timezone=QUEBEC)
    first = max(min(start_dates, default=today), datetime.date(1970, 1, 1))
    return {
        "first_date": first.replace(month=1, day=1),
        "last_date": datetime.date(today.year + 10, 12, 31),
    }


def add_timezone(calendar, start_dates):
    """The Québec VTIMEZONE, its transitions covering the calendar's years only (smaller)."""
    calendar.add_missing_timezones(**timezone_range(start_dates))


def event_calendar(event, request):
    """A calendar holding one event (the 'Add to my calendar' download)."""
    calendar = new_calendar(event.title)
    for component in event_components(event, request):
        calendar.add_component(component)
    add_timezone(calendar, [event.start_date])
    return calendar


def calendar_response(body, filename, *, inline):
    """An iCalendar answer (`body`: the serialized calendar, bytes)."""
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "public, max-age=900"
    return response


def moment(value):
    """Dates stay dates (all-day); datetimes are given in Québec time (TZID)."""
    if isinstance(value, datetime.datetime):
        return value.astimezone(QUEBEC)
    return value


def exclusive_end(occurrence_end, all_day):
    # An all-day DTEND is the day after the last one (RFC 5545, 3.6.1).
    return occurrence_end + datetime.timedelta(days=1) if all_day else occurrence_end


def base_component(event, request, stamp):
    component = icalendar.Event()
    component.add("uid", event.uid)
    component.add("dtstamp", stamp)
    component.add("last-modified", stamp)
    component.add("sequence", event.sequence)
    summary = event.title
    if event.status == event.STATUS_POSTPONED:
        summary = _("Reporté : %(title)s") % {"title": event.title}
    component.add("summary", summary)
    description = event.summary
    if event.online_url:
        description = f"{description}\n{event.online_url}".strip()
    if description:
        component.add("description", description)
    if event.location_text:
        component.add("location", event.location_text)
    elif event.online_url:
        component.add("location", event.online_url)
    url = event.get_full_url(request)
    if url:
        component.add("url", url)
    component.add("categories", [event.event_type.name])
    return component


def event_components(event, request):
    """The event's VEVENT (with RRULE and EXDATE) and one VEVENT per changed occurrence."""
    stamp = event.last_published_at or timezone.now()
    master = base_component(event, request, stamp)
    all_day = event.all_day
    master.add("dtstart", moment(event.start))
    if event.end is not None:
        master.add("dtend", moment(exclusive_end(event.end, all_day)))
    master.add("status", ICAL_STATUS.get(event.status, "CONFIRMED"))
    components = [master]
    if not event.is_recurring:
        return components

    rule = {"freq": event.recurrence, "interval": event.recurrence_interval or 1}
    if event.recurrence_count:
        rule["count"] = event.recurrence_count
    elif event.recurrence_until:
        if all_day:
            rule["until"] = event.recurrence_until
        else:
            # With a TZID start, UNTIL is given in UTC (RFC 5545, 3.3.10).
            rule["until"] = local(event.recurrence_until, datetime.time(23, 59, 59)).astimezone(
                datetime.UTC
            )
    master.add("rrule", rule)

    start_time = event.naive_start.time()
    excluded = sorted(excluded.date for excluded in event.excluded_dates.all())
    if excluded:
        master.add("exdate", [day if all_day else local(day, start_time) for day in excluded])

    dates = event.rule()
    for exception in event.occurrence_exceptions.all():
        original = datetime.datetime.combine(exception.original_date, start_time)
        if original not in dates:
            continue  # not a date of the rule: nothing to override
        occurrence = event.occurrence_from(original, exception)
        override = base_component(event, request, stamp)
        override.add("recurrence-id", moment(occurrence.original_start))
        override.add("dtstart", moment(occurrence.start))
        if occurrence.end is not None:
            override.add("dtend", moment(exclusive_end(occurrence.end, all_day)))
        if occurrence.cancelled:
            override.add("status", "CANCELLED")
        else:
            override.add("status", ICAL_STATUS.get(event.status, "CONFIRMED"))
        if exception.note:
            override.add("comment", exception.note)
        components.append(override)
    return components
