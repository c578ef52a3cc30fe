"""schema.org Event data (JSON-LD) for search engines and partners' tools."""

import datetime
import json

from django.conf import settings

SCHEMA = "https://schema.org/"
EVENT_STATUS = {
    "prevu": "EventScheduled",
    "annule": "EventCancelled",
    "reporte": "EventPostponed",
}
ATTENDANCE_MODE = {
    "sur-place": "OfflineEventAttendanceMode",
    "en-ligne": "OnlineEventAttendanceMode",
    "mixte": "MixedEventAttendanceMode",
}
# Characters that could close the <script> block or open a comment are escaped.
_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def iso(value):
    return value.isoformat() if isinstance(value, datetime.date) else None


def event_data(event, request, occurrence):
    """The schema.org Event for `event`, dated by `occurrence` (the next one, usually)."""
    url = event.get_full_url(request)
    status = EVENT_STATUS.get(event.status, "EventScheduled")
    if occurrence.cancelled:
        status = "EventCancelled"
    elif occurrence.moved:
        status = "EventRescheduled"
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "startDate": iso(occurrence.start),
        "endDate": iso(occurrence.end or occurrence.start),
        "eventStatus": SCHEMA + status,
        "eventAttendanceMode": SCHEMA
        + ATTENDANCE_MODE.get(event.attendance, ATTENDANCE_MODE["sur-place"]),
        "description": event.summary or event.search_description or event.title,
        "organizer": {
            "@type": "Organization",
            "name": getattr(settings, "WAGTAIL_SITE_NAME", "Projet L.U.N.E."),
            "url": request.build_absolute_uri("/") if request else "https://projetlune.org/",
        },
        "inLanguage": event.locale.language_code,
    }
    if url:
        data["url"] = url
    locations = []
    if event.attendance in (event.IN_PERSON, event.MIXED):
        place = {"@type": "Place", "name": event.place_name or event.place_address or "Québec"}
        place["address"] = {
            "@type": "PostalAddress",
            "addressLocality": "Québec",
            "addressRegion": "QC",
            "addressCountry": "CA",
        }
        if event.place_address:
            place["address"]["streetAddress"] = event.place_address
        locations.append(place)
    if event.attendance in (event.ONLINE, event.MIXED) and event.online_url:
        locations.append({"@type": "VirtualLocation", "url": event.online_url})
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations
    if event.image is not None:
        rendition = event.image.get_rendition("fill-1200x675")
        data["image"] = [request.build_absolute_uri(rendition.url) if request else rendition.url]
    offers = event_offers(event, url)
    if offers:
        data["offers"] = offers
    return data


def event_offers(event, page_url):
    """An Offer when there is something to book or pay, else None."""
    if not (event.registration_url or event.price is not None):
        return None
    offer = {
        "@type": "Offer",
        "url": event.registration_url or page_url,
        "price": str(event.price if event.price is not None else 0),
        "priceCurrency": "CAD",
        "availability": SCHEMA + ("SoldOut" if event.is_full else "InStock"),
    }
    if event.last_published_at:
        offer["validFrom"] = event.last_published_at.isoformat()
    return offer


def event_json_ld(event, request, occurrence):
    """The JSON text for a `<script type="application/ld+json">` block, safe inside HTML."""
    text = json.dumps(event_data(event, request, occurrence), ensure_ascii=False)
    return text.translate(_ESCAPES)
