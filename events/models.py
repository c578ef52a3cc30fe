"""The event calendar, the training catalog and presentation requests."""

import datetime
import hashlib
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.paginator import Paginator
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.models.pages import PageQuerySet
from wagtail.search import index

from events.recurrence import (
    MONTHLY,
    QUEBEC,
    WEEKLY,
    YEARLY,
    Occurrence,
    OccurrenceTable,
    build_rule,
    clamp_day,
    local,
)
from lune_site.blocks import BaseStreamBlock
from search.gate import public_pages

logger = logging.getLogger(__name__)

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ul", "ol"]
UPCOMING_DAYS = 366
PAST_DAYS = 3 * 366
PER_PAGE = 30
# A short list (the home page's next three) is looked for a month ahead first.
FIRST_LOOK_DAYS = 31
# What an event's occurrences are computed from (EventPage.occurrences_between, and the
# status that cancels them all).
SCHEDULE_FIELDS = (
    "status",
    "start_date",
    "start_time",
    "end_date",
    "end_time",
    "recurrence",
    "recurrence_interval",
    "recurrence_count",
    "recurrence_until",
)


# --- Event types -------------------------------------------------------------------------


class EventType(models.Model):
    """A kind of event (sensibilisation, formation...), edited by staff as a snippet."""

    name = models.CharField(_("nom"), max_length=60, unique=True)
    slug = models.SlugField(
        _("adresse courte"),
        max_length=60,
        unique=True,
        help_text=_("Utilisée dans l'adresse du filtre : /evenements/?type=formation"),
    )
    sort_order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    panels = ["name", "slug", "sort_order"]

    DEFAULTS = [
        ("sensibilisation", "Sensibilisation"),
        ("formation", "Formation"),
        ("presentation", "Présentation"),
        ("communautaire", "Communautaire"),
    ]
    TRAINING = "formation"

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("type d'événement")
        verbose_name_plural = _("types d'événements")

    def __str__(self):
        return self.name

    @classmethod
    def ensure_defaults(cls):
        """The four types the organization starts with (kept if staff renamed them)."""
        for position, (slug, name) in enumerate(cls.DEFAULTS):
            if not cls.objects.filter(slug=slug).exists():
                cls.objects.get_or_create(
                    name=name, defaults={"slug": slug, "sort_order": position}
                )


# --- Events ------------------------------------------------------------------------------


class EventPageQuerySet(PageQuerySet):
    def in_window(self, first_day, last_day):
        """Events that may have an occurrence between the two dates (inclusive)."""
        return self.filter(start_date__lte=last_day).filter(
            Q(last_date__isnull=True) | Q(last_date__gte=first_day)
        )

    def with_schedule(self):
        """Everything occurrences and listings read, fetched in a fixed number of queries."""
        return (
            self.defer_streamfields()
            .select_related("event_type", "image", "training")
            .prefetch_related("excluded_dates", "occurrence_exceptions")
        )

    def dates_only(self):
        """The columns occurrences are computed from, and nothing else (a lighter read)."""
        return self.only(*SCHEDULE_FIELDS).prefetch_related(
            "excluded_dates", "occurrence_exceptions"
        )

    def occurrences(self, first_day, last_day):
        """Every occurrence between the two dates, in date order, without a query per event."""
        return expand(self.in_window(first_day, last_day).with_schedule(), first_day, last_day)

    def occurrence_table(self, first_day, last_day):
        """`occurrences()` with event ids in place of events, packed to keep (OccurrenceTable)."""
        events = self.in_window(first_day, last_day).dates_only()
        return OccurrenceTable(
            occurrence.as_row() for occurrence in expand(events, first_day, last_day)
        )

    def events_for(self, rows):
        """{id: event} for the events of `rows` that are in this queryset, read in one query."""
        wanted = {row.event_id for row in rows}
        if not wanted:
            return {}
        events = self.filter(pk__in=wanted).defer_streamfields().select_related("event_type")
        return {event.pk: event for event in events}

    def occurrences_for(self, rows):
        """The occurrences of `rows` whose events are in this queryset, read in one query."""
        by_id = self.events_for(rows)
        return [row.with_event(by_id[row.event_id]) for row in rows if row.event_id in by_id]


EventPageManager = PageManager.from_queryset(EventPageQuerySet)


def expand(events, first_day, last_day):
    """The occurrences of `events` between the two dates, in date order."""
    found = []
    for event in events:
        found.extend(event.occurrences_between(first_day, last_day))
    return sorted(found, key=lambda occurrence: occurrence.sort_key)


def public_events(event_type=None, language=None):
    """Event pages a visitor may see (through the gate), optionally of one type."""
    events = public_pages(EventPage.objects.all(), language=language)
    if event_type is not None:
        events = events.filter(event_type=event_type)
    return events


def upcoming_occurrences(limit=None, event_type=None, days=UPCOMING_DAYS, now=None):
    """The next occurrences still to come or under way at `now` (cancelled ones left out).

    With a `limit` (the home page's three), looks a month ahead first, and as far as `days`
    only when that month holds too few: most of the calendar is never expanded. Dates are
    computed from the events' dates alone; only the events shown are read whole.
    """
    now = now or timezone.now()
    today = timezone.localdate(now, timezone=QUEBEC)
    events = public_events(event_type)
    for span in sorted({min(FIRST_LOOK_DAYS, days), days}) if limit else [days]:
        last_day = today + datetime.timedelta(days=span)
        found = [
            occurrence
            for occurrence in expand(
                events.in_window(today, last_day).dates_only(), today, last_day
            )
            if not occurrence.is_cancelled and not occurrence.ends_before(now)
        ]
        if limit and len(found) >= limit:
            found = found[:limit]
            break
    return events.occurrences_for([occurrence.as_row() for occurrence in found])


class EventIndexPage(RoutablePageMixin, Page):
    """The calendar (/evenements/): upcoming occurrences, month view, past events, feeds."""

    intro = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)

    content_panels = [*Page.content_panels, "intro"]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["lune_site.HomePage"]
    subpage_types = ["events.EventPage", "events.PresentationRequestPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("calendrier des événements")

    @path("")
    def index_route(self, request):
        from events.listing import CalendarQuery, InvalidCalendarQuery

        try:
            query = CalendarQuery.from_request(request)
        except InvalidCalendarQuery as problem:
            response = self.render(
                request,
                context_overrides={
                    "problem": problem.message,
                    "feed_links": self.feed_links(request),
                },
            )
            response.status_code = 404
            return response
        return self.render(request, context_overrides=self.calendar_context(request, query))

    def calendar_context(self, request, query):
        """The calendar's navigation, and its month grid or list as kept HTML.

        The HTML is kept under keys naming all it depends on, so it is never stale: a list by
        the rows of its page (which change as occurrences end) and its page count, a month by
        today's date (its highlight). Every publication empties what is kept.
        """
        from lune_site.fragment_cache import fragment_key, remember

        events = public_events(query.event_type)
        event_types = list(EventType.objects.all())
        context = {
            "query": query,
            "type_links": query.type_links(event_types),
            "view_links": query.view_links(),
            "feed_links": self.feed_links(request, query.event_type),
        }
        if query.view == query.MONTH:
            key = fragment_key("events-month", request, query.type_slug, query.month, query.today)
            context["calendar_section"] = remember(
                key, lambda: self.render_month(request, query, events)
            )
            return context
        table = self.occurrence_table(request, query, events)
        if query.view == query.DAY:
            listed = range(len(table))  # a day lists everything on it, over or not
        elif query.view == query.PAST:
            listed = table.over(timezone.now())
        else:
            listed = table.still_on(timezone.now())
        occurrences = Paginator(listed, PER_PAGE).get_page(request.GET.get("page"))
        key = fragment_key(
            "events-list",
            request,
            query.view,
            query.type_slug,
            query.first_day,
            query.last_day,
            occurrences.number,
            occurrences.paginator.num_pages,
            table.fingerprint(occurrences.object_list),
        )
        context["calendar_section"] = remember(
            key, lambda: self.render_list(request, query, events, table, occurrences)
        )
        return context

    def occurrence_table(self, request, query, events):
        """The occurrences of the query's days (OccurrenceTable), kept with the pages."""
        from lune_site.fragment_cache import fragment_key, remember

        key = fragment_key(
            "events-table", request, query.type_slug, query.first_day, query.last_day
        )
        return remember(key, lambda: events.occurrence_table(query.first_day, query.last_day))

    def render_month(self, request, query, events):
        from events.listing import month_grid

        table = self.occurrence_table(request, query, events)
        context = {
            "query": query,
            # Only the occurrences the grid shows have their events read.
            "weeks": month_grid(query, table, events.events_for),
            "month_has_events": len(table) > 0,
            "previous_month_url": query.month_link(query.previous_month),
            "next_month_url": query.month_link(query.next_month),
            "this_month_url": query.month_link(query.this_month),
        }
        return render_to_string("events/includes/month_grid.html", context, request)

    def render_list(self, request, query, events, table, occurrences):
        # Only the shown page's rows are rebuilt, and only their events read.
        occurrences.object_list = events.occurrences_for(table.rows(occurrences.object_list))
        context = {"query": query, "occurrences": occurrences}
        if occurrences.has_previous():
            context["previous_page_url"] = query.link(page=occurrences.previous_page_number())
        if occurrences.has_next():
            context["next_page_url"] = query.link(page=occurrences.next_page_number())
        if query.view == query.DAY:
            context["previous_day_url"] = query.day_link(query.previous_day)
            context["next_day_url"] = query.day_link(query.next_day)
            context["day_month_url"] = query.month_link(query.day.replace(day=1))
        return render_to_string("events/includes/occurrence_list.html", context, request)

    def feed_links(self, request, event_type=None):
        """The feed's https address, its webcal:// twin, and per-type feeds."""
        url = self.get_full_url(request) or ""
        # Routes end in a slash inside Wagtail; the address itself ends in .ics.
        feed = url + self.reverse_subpage("feed").rstrip("/")
        if event_type is not None:
            feed += f"?type={event_type.slug}"
        return {"https": feed, "webcal": "webcal://" + feed.split("://", 1)[-1]}

    @path("calendrier.ics/", name="feed")
    def feed(self, request):
        from events.ical import calendar_response, feed_body
        from lune_site.fragment_cache import fragment_key, remember

        event_type = None
        slug = request.GET.get("type")
        if slug:
            event_type = EventType.objects.filter(slug=slug[:60]).first()
            if event_type is None:
                raise Http404(_("Type d'événement inconnu."))
        # Kept with the pages: every publication, unpublication, move or snippet save empties it.
        key = fragment_key("events-feed", request, self.pk, event_type.pk if event_type else "")
        body = remember(key, lambda: feed_body(public_events(event_type), request, event_type))
        return calendar_response(body, "calendrier.ics", inline=True)


class EventPage(RoutablePageMixin, Page):
    """One event, once or recurring, with its exceptions; served as a page and as .ics."""

    STATUS_SCHEDULED, STATUS_CANCELLED, STATUS_POSTPONED = "prevu", "annule", "reporte"
    STATUS_CHOICES = [
        (STATUS_SCHEDULED, _("Prévu")),
        (STATUS_CANCELLED, _("Annulé")),
        (STATUS_POSTPONED, _("Reporté")),
    ]
    IN_PERSON, ONLINE, MIXED = "sur-place", "en-ligne", "mixte"
    ATTENDANCE_CHOICES = [
        (IN_PERSON, _("Sur place")),
        (ONLINE, _("En ligne")),
        (MIXED, _("Sur place et en ligne")),
    ]
    FREQUENCY_CHOICES = [
        ("", _("Aucune : une seule fois")),
        (YEARLY, _("Chaque année")),
        (MONTHLY, _("Chaque mois")),
        (WEEKLY, _("Chaque semaine")),
    ]

    event_type = models.ForeignKey(
        EventType, verbose_name=_("type"), on_delete=models.PROTECT, related_name="events"
    )
    status = models.CharField(
        _("état"), max_length=10, choices=STATUS_CHOICES, default=STATUS_SCHEDULED
    )
    start_date = models.DateField(_("date de début"))
    start_time = models.TimeField(
        _("heure de début"), null=True, blank=True, help_text=_("Vide : toute la journée.")
    )
    end_date = models.DateField(
        _("date de fin"), null=True, blank=True, help_text=_("Vide : le même jour.")
    )
    end_time = models.TimeField(_("heure de fin"), null=True, blank=True)

    attendance = models.CharField(
        _("participation"), max_length=10, choices=ATTENDANCE_CHOICES, default=IN_PERSON
    )
    place_name = models.CharField(_("lieu"), max_length=150, blank=True)
    place_address = models.CharField(_("adresse du lieu"), max_length=250, blank=True)
    online_url = models.URLField(_("lien de la rencontre en ligne"), blank=True)

    summary = models.CharField(_("résumé"), max_length=300, blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("contenu"), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    training = models.ForeignKey(
        "events.TrainingPage",
        verbose_name=_("formation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sessions",
        help_text=_("Pour une séance de formation : la formation du catalogue."),
    )

    registration_url = models.URLField(_("lien d'inscription"), blank=True)
    registration_phone = models.CharField(_("téléphone d'inscription"), max_length=40, blank=True)
    capacity = models.PositiveSmallIntegerField(_("places"), null=True, blank=True)
    is_full = models.BooleanField(_("complet"), default=False)
    price = models.DecimalField(
        _("prix ($)"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("0 : gratuit. Vide : ne pas l'afficher."),
    )

    recurrence = models.CharField(
        _("répétition"), max_length=10, choices=FREQUENCY_CHOICES, blank=True, default=""
    )
    recurrence_interval = models.PositiveSmallIntegerField(
        _("tous les"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
        help_text=_("1 : chaque semaine (ou mois, ou année) ; 2 : une sur deux."),
    )
    recurrence_count = models.PositiveSmallIntegerField(
        _("nombre de fois"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(500)],
    )
    recurrence_until = models.DateField(_("jusqu'au"), null=True, blank=True)
    recurrence_endless = models.BooleanField(
        _("sans fin"),
        default=False,
        help_text=_("Cocher pour un événement qui revient sans date de fin (ex. : 17 décembre)."),
    )

    # Kept by save(): the last day an occurrence can fall on (None: endless), for listings.
    last_date = models.DateField(null=True, blank=True, editable=False)
    # iCalendar SEQUENCE: grows each time a publication changes dates, status or place.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    schedule_hash = models.CharField(max_length=64, blank=True, editable=False)

    objects = EventPageManager()

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(["event_type", "status", "training"], heading=_("Type et état")),
        MultiFieldPanel(
            [
                FieldRowPanel(["start_date", "start_time"]),
                FieldRowPanel(["end_date", "end_time"]),
            ],
            heading=_("Date et heure (heure de Québec)"),
        ),
        MultiFieldPanel(
            [
                "recurrence",
                FieldRowPanel(["recurrence_interval", "recurrence_count", "recurrence_until"]),
                "recurrence_endless",
                InlinePanel("excluded_dates", label=_("Dates exclues")),
                InlinePanel("occurrence_exceptions", label=_("Séances annulées ou déplacées")),
            ],
            heading=_("Répétition"),
        ),
        MultiFieldPanel(
            ["attendance", "place_name", "place_address", "online_url"], heading=_("Lieu")
        ),
        "summary",
        "body",
        "image",
        MultiFieldPanel(
            ["registration_url", "registration_phone", "capacity", "is_full", "price"],
            heading=_("Inscription"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("place_name"),
        index.FilterField("start_date"),
        index.FilterField("event_type"),
        index.RelatedFields("event_type", [index.SearchField("name")]),
    ]
    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("événement")
        verbose_name_plural = _("événements")

    # --- Dates ---

    @property
    def all_day(self):
        return self.start_time is None

    @property
    def naive_start(self):
        return datetime.datetime.combine(self.start_date, self.start_time or datetime.time.min)

    @property
    def naive_end(self):
        """The end in wall-clock time, or None for a timed event without an end time."""
        if self.all_day:
            return datetime.datetime.combine(self.end_date or self.start_date, datetime.time.min)
        if self.end_time is None:
            return None
        return datetime.datetime.combine(self.end_date or self.start_date, self.end_time)

    @property
    def duration(self):
        end = self.naive_end
        return (end - self.naive_start) if end is not None else None

    @property
    def span_days(self):
        end = self.naive_end or self.naive_start
        return max((end.date() - self.start_date).days, 0)

    @property
    def start(self):
        return self.start_date if self.all_day else local(self.start_date, self.start_time)

    @property
    def end(self):
        end = self.naive_end
        if end is None:
            return None
        return end.date() if self.all_day else end.replace(tzinfo=QUEBEC)

    @property
    def is_recurring(self):
        return bool(self.recurrence)

    def rule(self):
        return build_rule(
            self.recurrence,
            self.naive_start,
            interval=self.recurrence_interval,
            count=self.recurrence_count,
            until=self.recurrence_until,
        )

    def occurrence_from(self, original, exception=None):
        """The Occurrence starting at the naive local datetime `original`."""
        duration = self.duration
        if self.all_day:
            start = original.date()
            end = start + duration
            original_start = start
        else:
            start = original.replace(tzinfo=QUEBEC)
            end = start + duration if duration is not None else None
            original_start = start
        if exception is None:
            return Occurrence(self, start, end, original_start)
        if exception.action == exception.CANCELLED:
            return Occurrence(self, start, end, original_start, cancelled=True, note=exception.note)
        new_start, new_end = exception.new_dates(self, original)
        return Occurrence(self, new_start, new_end, original_start, moved=True, note=exception.note)

    def occurrences_between(self, first_day, last_day):
        """Occurrences overlapping the days from `first_day` to `last_day` (inclusive).

        Reads excluded dates and exceptions through `.all()`, so a prefetch serves them.
        """
        first_day, last_day = clamp_day(first_day), clamp_day(last_day)
        rule = self.rule()
        if rule is None:
            occurrence = self.occurrence_from(self.naive_start)
            return [occurrence] if occurrence.overlaps(first_day, last_day) else []
        excluded = {excluded.date for excluded in self.excluded_dates.all()}
        exceptions = {
            exception.original_date: exception for exception in self.occurrence_exceptions.all()
        }
        window_start = datetime.datetime.combine(
            first_day - datetime.timedelta(days=self.span_days), datetime.time.min
        )
        window_end = datetime.datetime.combine(last_day, datetime.time.max)
        originals = set(rule.between(window_start, window_end, inc=True))
        # A moved occurrence may land in the window from a date outside it.
        for day, exception in exceptions.items():
            candidate = datetime.datetime.combine(day, self.naive_start.time())
            moved = exception.action == exception.MOVED
            if moved and candidate not in originals and candidate in rule:
                originals.add(candidate)
        found = []
        for original in sorted(originals):
            if original.date() in excluded:
                continue
            occurrence = self.occurrence_from(original, exceptions.get(original.date()))
            if occurrence.overlaps(first_day, last_day):
                found.append(occurrence)
        return found

    def next_occurrence(self, today=None):
        """The next occurrence still to come, else the last one (for a past event's page)."""
        today = today or timezone.localdate(timezone=QUEBEC)
        upcoming = self.occurrences_between(today, today + datetime.timedelta(days=UPCOMING_DAYS))
        scheduled = [o for o in upcoming if not o.cancelled]
        if scheduled:
            return scheduled[0]
        if upcoming:
            return upcoming[0]
        return self.occurrence_from(self.naive_start)

    def compute_last_date(self):
        """The last day this event can occupy; None when it repeats without end."""
        rule = self.rule()
        span = datetime.timedelta(days=self.span_days)
        if rule is None:
            last = self.start_date + span
        elif self.recurrence_count:
            last = list(rule)[-1].date() + span if rule.count() else self.start_date + span
        elif self.recurrence_until:
            last = self.recurrence_until + span
        else:
            return None
        for exception in self.occurrence_exceptions.all():
            if exception.action == exception.MOVED and exception.new_start_date:
                last = max(last, (exception.new_end_date or exception.new_start_date) + span)
        return last

    # --- Validation ---

    def clean(self):
        super().clean()
        errors = {}
        if self.start_date:
            if self.end_time and not self.start_time:
                errors["start_time"] = _("Une heure de fin demande une heure de début.")
            elif self.end_date and self.end_date < self.start_date:
                errors["end_date"] = _("La fin ne peut pas précéder le début.")
            elif (
                self.start_time
                and self.end_time
                and (self.end_date or self.start_date) == self.start_date
                and self.end_time <= self.start_time
            ):
                errors["end_time"] = _("La fin doit suivre le début.")
        if self.recurrence:
            if not (self.recurrence_count or self.recurrence_until or self.recurrence_endless):
                errors["recurrence_endless"] = _(
                    "Indiquer un nombre de fois ou une date de fin, ou cocher « sans fin »."
                )
            if (
                self.recurrence_until
                and self.start_date
                and self.recurrence_until < self.start_date
            ):
                errors["recurrence_until"] = _("La fin de la répétition précède le début.")
        if self.attendance in (self.ONLINE, self.MIXED) and not self.online_url:
            errors["online_url"] = _("Pour un événement en ligne, donner le lien.")
        if errors:
            raise ValidationError(errors)

    # --- Saving ---

    def schedule_fingerprint(self):
        """What calendar apps must hear about: dates, repetition, exceptions, status, place."""
        parts = [
            self.start_date,
            self.start_time,
            self.end_date,
            self.end_time,
            self.status,
            self.recurrence,
            self.recurrence_interval,
            self.recurrence_count,
            self.recurrence_until,
            self.place_name,
            self.place_address,
            self.online_url,
            sorted(str(excluded.date) for excluded in self.excluded_dates.all()),
            sorted(exception.fingerprint() for exception in self.occurrence_exceptions.all()),
        ]
        return hashlib.sha256(repr(parts).encode()).hexdigest()

    def save(self, *args, **kwargs):
        # Full saves happen on create and publish; draft saves pass update_fields.
        if kwargs.get("update_fields") is None and self.start_date:
            self.last_date = self.compute_last_date()
            fingerprint = self.schedule_fingerprint()
            # The counter lives in the row, never in revisions: read it from the database.
            stored = None
            if self.pk:
                stored = (
                    EventPage.objects.filter(pk=self.pk)
                    .values_list("sequence", "schedule_hash")
                    .first()
                )
            if stored is not None:
                sequence, previous = stored
                self.sequence = sequence + 1 if previous and previous != fingerprint else sequence
            self.schedule_hash = fingerprint
        return super().save(*args, **kwargs)

    # --- Serving ---

    def get_context(self, request, *args, **kwargs):
        from events.structured_data import event_json_ld

        context = super().get_context(request, *args, **kwargs)
        today = timezone.localdate(timezone=QUEBEC)
        context["next_occurrence"] = self.next_occurrence(today)
        context["upcoming"] = self.occurrences_between(
            today, today + datetime.timedelta(days=UPCOMING_DAYS)
        )[:12]
        context["json_ld"] = event_json_ld(self, request, context["next_occurrence"])
        context["ics_url"] = (self.get_url(request) or "") + self.reverse_subpage("ics").rstrip("/")
        return context

    @path("evenement.ics/", name="ics")
    def ics(self, request):
        from events.ical import calendar_response, event_calendar

        page = (
            public_pages(EventPage.objects.filter(pk=self.pk), language=self.locale.language_code)
            .with_schedule()
            .first()
        )
        if page is None:
            raise Http404
        body = event_calendar(page, request).to_ical()
        return calendar_response(body, f"{self.slug}.ics", inline=False)

    @property
    def uid(self):
        """Stable across moves and renames; shared by the event's translations."""
        return f"{self.translation_key}@projetlune.org"

    @property
    def location_text(self):
        return ", ".join(part for part in (self.place_name, self.place_address) if part)


class EventExcludedDate(Orderable):
    """A date the repetition skips altogether (RFC 5545 EXDATE)."""

    event = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="excluded_dates")
    date = models.DateField(_("date"))

    panels = ["date"]

    class Meta(Orderable.Meta):
        verbose_name = _("date exclue")


class EventOccurrenceException(Orderable):
    """One occurrence of a repeating event, cancelled or moved (RFC 5545 RECURRENCE-ID)."""

    CANCELLED, MOVED = "annulee", "deplacee"
    ACTION_CHOICES = [(CANCELLED, _("Annulée")), (MOVED, _("Déplacée"))]

    event = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="occurrence_exceptions")
    original_date = models.DateField(_("date prévue"))
    action = models.CharField(_("changement"), max_length=10, choices=ACTION_CHOICES)
    new_start_date = models.DateField(_("nouvelle date"), null=True, blank=True)
    new_start_time = models.TimeField(
        _("nouvelle heure de début"), null=True, blank=True, help_text=_("Vide : la même heure.")
    )
    new_end_date = models.DateField(_("nouvelle date de fin"), null=True, blank=True)
    new_end_time = models.TimeField(_("nouvelle heure de fin"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    panels = [
        FieldRowPanel(["original_date", "action"]),
        FieldRowPanel(["new_start_date", "new_start_time"]),
        FieldRowPanel(["new_end_date", "new_end_time"]),
        "note",
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("séance annulée ou déplacée")

    def clean(self):
        super().clean()
        if self.action == self.MOVED and not self.new_start_date:
            raise ValidationError({"new_start_date": _("Donner la nouvelle date.")})
        if (
            self.action == self.MOVED
            and self.new_end_date
            and self.new_start_date
            and self.new_end_date < self.new_start_date
        ):
            raise ValidationError({"new_end_date": _("La fin ne peut pas précéder le début.")})

    def fingerprint(self):
        return repr(
            (
                self.original_date,
                self.action,
                self.new_start_date,
                self.new_start_time,
                self.new_end_date,
                self.new_end_time,
            )
        )

    def new_dates(self, event, original):
        """The moved occurrence's start and end (same time and length unless given)."""
        if event.all_day:
            start = self.new_start_date
            end = self.new_end_date or start + event.duration
            return start, max(end, start)
        start_time = self.new_start_time or original.time()
        start = local(self.new_start_date, start_time)
        if self.new_end_time or self.new_end_date:
            end_time = self.new_end_time or (event.end_time or start_time)
            end = local(self.new_end_date or self.new_start_date, end_time)
            return start, max(end, start)
        duration = event.duration
        return start, (start + duration if duration is not None else None)


# --- Trainings ---------------------------------------------------------------------------


class TrainingCatalogPage(Page):
    """The training catalog (/formations/): every training and its next session."""

    intro = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)

    content_panels = [*Page.content_panels, "intro"]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["lune_site.HomePage"]
    subpage_types = ["events.TrainingPage", "events.PresentationRequestPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("catalogue des formations")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        trainings = list(public_pages(TrainingPage.objects.all()).order_by("title"))
        sessions = sessions_by_training()
        for training in trainings:
            training.next_sessions = sessions.get(training.translation_key, [])[:1]
        context["trainings"] = trainings
        context["request_page"] = (
            public_pages(PresentationRequestPage.objects.all()).order_by("path").first()
        )
        return context


def sessions_by_training(today=None):
    """Upcoming, not cancelled sessions, keyed by their training's translation key."""
    today = today or timezone.localdate(timezone=QUEBEC)
    events = public_events().filter(training__isnull=False)
    found = {}
    for occurrence in events.occurrences(today, today + datetime.timedelta(days=UPCOMING_DAYS)):
        if not occurrence.is_cancelled:
            found.setdefault(occurrence.event.training.translation_key, []).append(occurrence)
    return found


class TrainingPage(Page):
    """One training: what it teaches, for whom, how long, who gives it, and its sessions."""

    topic = models.CharField(_("thème"), max_length=120)
    summary = models.CharField(_("résumé"), max_length=300, blank=True)
    objectives = RichTextField(_("objectifs"), blank=True, features=RICH_TEXT_FEATURES)
    for_participants = models.BooleanField(_("participantes"), default=True)
    for_workers = models.BooleanField(_("intervenantes"), default=False)
    for_partners = models.BooleanField(_("partenaires"), default=False)
    duration = models.CharField(
        _("durée"), max_length=80, blank=True, help_text=_("Ex. : 3 heures, deux demi-journées.")
    )
    trainer = models.CharField(_("formatrice ou organisme"), max_length=150, blank=True)
    prerequisites = models.TextField(_("préalables"), blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("contenu"), blank=True)

    content_panels = [
        *Page.content_panels,
        "topic",
        "summary",
        "objectives",
        MultiFieldPanel(["for_participants", "for_workers", "for_partners"], heading=_("Pour qui")),
        FieldRowPanel(["duration", "trainer"]),
        "prerequisites",
        "body",
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("topic"),
        index.SearchField("summary"),
        index.SearchField("objectives"),
        index.AutocompleteField("topic"),
    ]
    parent_page_types = ["events.TrainingCatalogPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("formation")
        verbose_name_plural = _("formations")

    @property
    def audiences(self):
        chosen = (
            (self.for_participants, _("participantes")),
            (self.for_workers, _("intervenantes")),
            (self.for_partners, _("partenaires")),
        )
        return [label for wanted, label in chosen if wanted]

    def upcoming_sessions(self, today=None):
        return sessions_by_training(today).get(self.translation_key, [])

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sessions"] = self.upcoming_sessions()
        context["request_page"] = (
            public_pages(PresentationRequestPage.objects.all()).order_by("path").first()
        )
        return context


# --- Presentation requests ---------------------------------------------------------------


class PresentationRequest(models.Model):
    """A partner's request for a presentation or a training, followed up by staff."""

    counted_in_backups = True  # a form submission: a restore must bring it back

    NEW, ACCEPTED, REFUSED, DONE = "nouvelle", "acceptee", "refusee", "faite"
    STATUS_CHOICES = [
        (NEW, _("Nouvelle")),
        (ACCEPTED, _("Acceptée")),
        (REFUSED, _("Refusée")),
        (DONE, _("Faite")),
    ]

    organization = models.CharField(_("organisme ou école"), max_length=200)
    contact_name = models.CharField(_("personne à joindre"), max_length=150)
    email = models.EmailField(_("courriel"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=40, blank=True)
    topic = models.CharField(
        _("sujet souhaité"),
        max_length=200,
        help_text=_(
            "Ex. : le travail du sexe et la décriminalisation, l'intervention par les pairs."
        ),
    )
    audience = models.CharField(
        _("public"), max_length=200, help_text=_("Qui sera là, et combien de personnes environ.")
    )
    preferred_dates = models.CharField(_("dates souhaitées"), max_length=200)
    place = models.CharField(_("lieu"), max_length=200, help_text=_("Adresse, ou « en ligne »."))
    message = models.TextField(_("message"), blank=True, max_length=3000)

    status = models.CharField(_("état"), max_length=10, choices=STATUS_CHOICES, default=NEW)
    staff_notes = models.TextField(_("notes de l'équipe"), blank=True)
    created_at = models.DateTimeField(_("reçue le"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("demande de présentation")
        verbose_name_plural = _("demandes de présentation")

    def __str__(self):
        return f"{self.organization} : {self.topic}"


class PresentationRequestPage(RoutablePageMixin, Page):
    """The form partners use to ask for a presentation or a training."""

    intro = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)
    thanks = RichTextField(_("message de remerciement"), blank=True, features=RICH_TEXT_FEATURES)

    content_panels = [*Page.content_panels, "intro", "thanks"]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["events.TrainingCatalogPage", "events.EventIndexPage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("formulaire de demande de présentation")

    @path("")
    def index_route(self, request):
        from events.forms import PresentationRequestForm

        if request.method == "POST":
            form = PresentationRequestForm(request.POST)
            if form.is_valid():
                if not form.is_bot():
                    with transaction.atomic():
                        presentation_request = form.save()
                    self.notify_staff(request, presentation_request)
                return redirect(self.url + self.reverse_subpage("thanks"))
        elif request.method in ("GET", "HEAD"):
            form = PresentationRequestForm()
        else:
            response = HttpResponse(status=405)
            response["Allow"] = "GET, HEAD, POST"
            return response
        return self.render(request, context_overrides={"form": form})

    @path("merci/", name="thanks")
    def thanks_view(self, request):
        return self.render(
            request,
            template="events/presentation_request_page_thanks.html",
        )

    def notify_staff(self, request, presentation_request):
        """Tell the team; the request is already stored, so a mail failure loses nothing."""
        recipient = getattr(settings, "STAFF_NOTIFICATION_EMAIL", "")
        if not recipient:
            return
        try:
            send_mail(
                subject=f"Nouvelle demande de présentation : {presentation_request.organization}",
                message=(
                    "Une nouvelle demande de présentation est arrivée.\n"
                    f"Sujet : {presentation_request.topic}\n"
                    "Les coordonnées sont dans l'administration, sous "
                    "« Demandes de présentation ».\n"
                ),
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[recipient],
            )
        except Exception:  # any mail backend failure: the request is saved, keep going
            logger.exception(
                "Presentation request %s: notification failed", presentation_request.pk
            )
