"""The home page's "next events" block."""

from events.models import EventIndexPage, upcoming_occurrences
from search.gate import public_pages

HOME_EVENT_COUNT = 3


def next_events(request, home_page):
    """The next three events or training sessions, or None when nothing is planned."""
    occurrences = upcoming_occurrences(limit=HOME_EVENT_COUNT)
    if not occurrences:
        return None
    index = public_pages(EventIndexPage.objects.all()).order_by("path").first()
    return {
        "template": "events/home_section.html",
        "occurrences": occurrences,
        "index_page": index,
    }
