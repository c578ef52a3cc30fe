"""The benchmark's calendar: n events in bulk, and the calendar's cases (issue 6)."""

import datetime
import uuid

from bench.cases import register_case, this_month
from bench.content import BATCH_SIZE, bulk_pages, check_children, index_pages, register_builder
from bench.content import sentence as words

# Events spread over the two years before today and the two after.
SPAN_DAYS = 2 * 365
PLACES = (
    ("Local de L.U.N.E.", ""),
    ("Parvis de l'église Saint-Roch", "590, rue Saint-Joseph Est, Québec"),
    ("Cégep de Limoilou", "1300, 8e Avenue, Québec"),
    ("Bibliothèque Gabrielle-Roy", "350, rue Saint-Joseph Est, Québec"),
    ("Parc Victoria", ""),
)
TIMES = ((9, 0, 12, 0), (10, 0, 11, 30), (13, 30, 15, 30), (17, 0, 19, 0), (18, 30, 21, 0))


def _key(rng):
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _schedule(rng, today):
    """Dates, times and repetition of one event: about a quarter repeat, weekly or monthly."""
    from events.recurrence import MONTHLY, WEEKLY

    start = today + datetime.timedelta(days=rng.randrange(-SPAN_DAYS, SPAN_DAYS))
    fields = {"start_date": start}
    if rng.random() < 0.15:
        # All day, sometimes over a few days (a kiosk, a congress).
        if rng.random() < 0.3:
            fields["end_date"] = start + datetime.timedelta(days=rng.randint(1, 3))
    else:
        opens_h, opens_m, closes_h, closes_m = rng.choice(TIMES)
        fields["start_time"] = datetime.time(opens_h, opens_m)
        if rng.random() < 0.9:
            fields["end_time"] = datetime.time(closes_h, closes_m)
    if rng.random() < 0.25:
        weekly = rng.random() < 0.7
        fields["recurrence"] = WEEKLY if weekly else MONTHLY
        fields["recurrence_interval"] = 2 if rng.random() < 0.2 else 1
        if rng.random() < 0.6:
            fields["recurrence_count"] = rng.randint(4, 26 if weekly else 12)
        else:
            months = rng.randint(2, 12)
            fields["recurrence_until"] = start + datetime.timedelta(days=30 * months)
    return fields


def _exceptions(rng, event):
    """For some repeating events: a skipped date, a cancelled or a moved occurrence."""
    from events.models import EventExcludedDate, EventOccurrenceException

    dates = [moment.date() for moment in event.rule()]
    excluded, changed = [], []
    if len(dates) < 3 or rng.random() >= 0.4:
        return excluded, changed
    picked = rng.sample(dates[1:-1], min(3, len(dates) - 2))
    for position, day in enumerate(picked):
        kind = rng.choice(("excluded", "cancelled", "moved"))
        if kind == "excluded":
            excluded.append(EventExcludedDate(event_id=event.pk, sort_order=position, date=day))
        elif kind == "cancelled":
            changed.append(
                EventOccurrenceException(
                    event_id=event.pk,
                    sort_order=position,
                    original_date=day,
                    action=EventOccurrenceException.CANCELLED,
                    note="Animatrice absente.",
                )
            )
        else:
            changed.append(
                EventOccurrenceException(
                    event_id=event.pk,
                    sort_order=position,
                    original_date=day,
                    action=EventOccurrenceException.MOVED,
                    new_start_date=day + datetime.timedelta(days=1),
                    note="Déplacée au lendemain : la salle est prise.",
                )
            )
    return excluded, changed


@register_builder("events", items="événements")
def build_events(n, rng):
    """n published events under /evenements/, a quarter repeating, some with exceptions."""
    from django.utils import timezone
    from wagtail.models import Locale

    from events.models import (
        EventExcludedDate,
        EventIndexPage,
        EventOccurrenceException,
        EventPage,
        EventType,
        TrainingPage,
    )
    from events.recurrence import QUEBEC

    index = EventIndexPage.objects.get(locale=Locale.get_default())
    EventType.ensure_defaults()
    types = list(EventType.objects.order_by("pk"))
    trainings = list(TrainingPage.objects.filter(locale=index.locale_id).order_by("pk"))
    today = timezone.localdate(timezone=QUEBEC)
    statuses = [EventPage.STATUS_SCHEDULED] * 18 + [
        EventPage.STATUS_CANCELLED,
        EventPage.STATUS_POSTPONED,
    ]
    pages = []
    for number in range(1, n + 1):
        event_type = rng.choice(types)
        place_name, place_address = rng.choice(PLACES)
        online = rng.random() < 0.15
        event = EventPage(
            title=f"{words(rng, 4)[:-1]} {number}",
            slug=f"banc-evenement-{number}",
            event_type=event_type,
            status=rng.choice(statuses),
            attendance=EventPage.ONLINE if online else EventPage.IN_PERSON,
            place_name="" if online else place_name,
            place_address="" if online else place_address,
            online_url="https://projetlune.org/rencontre" if online else "",
            summary=words(rng, 18),
            body=[{"type": "paragraph", "value": f"<p>{words(rng, 50)}</p>"}],
            training=(
                rng.choice(trainings)
                if trainings and event_type.slug == EventType.TRAINING and rng.random() < 0.5
                else None
            ),
            capacity=rng.choice((None, 8, 12, 25)),
            is_full=rng.random() < 0.1,
            price=rng.choice((None, 0, 0, 10)),
            translation_key=_key(rng),
            **_schedule(rng, today),
        )
        # What save() keeps for listings (bulk inserts skip it); moved dates widen it below.
        event.last_date = event.compute_last_date()
        pages.append(event)
    bulk_pages(index, pages)
    check_children(index)

    excluded, changed = [], []
    for event in pages:
        if event.is_recurring:
            skipped, exceptions = _exceptions(rng, event)
            excluded.extend(skipped)
            changed.extend(exceptions)
    moved_to = {}
    for exception in changed:
        if exception.action == EventOccurrenceException.MOVED:
            moved_to[exception.event_id] = max(
                moved_to.get(exception.event_id, exception.new_start_date),
                exception.new_start_date,
            )
    EventExcludedDate.objects.bulk_create(excluded, batch_size=BATCH_SIZE)
    EventOccurrenceException.objects.bulk_create(changed, batch_size=BATCH_SIZE)
    for event in pages:
        if event.pk in moved_to and event.last_date is not None:
            latest = moved_to[event.pk] + datetime.timedelta(days=event.span_days)
            if latest > event.last_date:
                EventPage.objects.filter(pk=event.pk).update(last_date=latest)
    index_pages(pages)
    return n


register_case("events", "/evenements/", needs="events", weigh=True)
register_case("events-month", lambda: f"/evenements/?mois={this_month()}", needs="events")
register_case("calendar-feed", "/evenements/calendrier.ics", kind="feed", needs="events")
register_case(
    "events-day", lambda: f"/evenements/?jour={datetime.date.today():%Y-%m-%d}", needs="events"
)
