"""The home page's "next events" block, kept between requests for as long as it holds true."""

import math

from django.conf import settings
from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils import timezone

from events.models import EventIndexPage, upcoming_occurrences
from events.recurrence import QUEBEC
from lune_site import fragment_cache
from search.gate import public_pages

HOME_EVENT_COUNT = 3
TEMPLATE = "events/home_section.html"


def next_events(request, home_page):
    """The next three events or training sessions, or None when nothing is planned.

    The block's HTML is kept with the pages (emptied by every publication) under today's
    date, and only until the first event it shows is over: it never shows a past event.
    Not `register_home_section(cached=True)`, whose fragments last an hour whatever the clock.
    """
    now = timezone.now()
    if not fragment_cache.enabled():
        html, _over_at = render_next_events(request, now)
    else:
        today = timezone.localdate(now, timezone=QUEBEC)
        key = fragment_cache.fragment_key("home-next-events", request, today.isoformat())
        cache = caches[getattr(settings, "CACHE_MIDDLEWARE_ALIAS", "pages")]
        html = cache.get(key)
        if html is None:
            html, over_at = render_next_events(request, now)
            cache.set(key, html, kept_seconds(now, over_at))
    return {"html": html} if html else None


def render_next_events(request, now):
    """The block's HTML ("" when nothing is planned), and when its first event is over."""
    occurrences = upcoming_occurrences(limit=HOME_EVENT_COUNT, now=now)
    if not occurrences:
        return "", None
    index = public_pages(EventIndexPage.objects.all()).order_by("path").first()
    section = {"occurrences": occurrences, "index_page": index}
    html = render_to_string(TEMPLATE, {"section": section}, request=request)
    return html, first_over_at(occurrences)


def first_over_at(occurrences):
    """When the first timed occurrence shown is over (all-day ones last until the date key
    changes); None when none is timed."""
    return min((o.end or o.start for o in occurrences if not o.all_day), default=None)


def kept_seconds(now, over_at):
    """How long the block may be kept: until `over_at`, and never past the fragments' lifetime."""
    seconds = fragment_cache.LIFETIME_SECONDS
    if over_at is not None:
        seconds = min(seconds, max(1, math.ceil((over_at - now).total_seconds())))
    return seconds
