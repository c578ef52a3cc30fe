"""The one gate to pages for every public listing, feed, search and JSON answer.

Live, public (no view restriction on the page or an ancestor), outside the closed areas, in
the current language with French as the fallback. Public views get their pages here and
nowhere else; tests walk the URL configuration to hold them to it.
"""

import re
import unicodedata

from django.conf import settings
from django.utils import translation
from wagtail.models import Locale, Page

MAX_QUERY_LENGTH = 200

# Control and format characters (NUL, RTL marks, zero-width joiners), and characters that
# some backends read as query syntax.
_SYNTAX = re.compile(r"[\"'`´«»“”‘’()\[\]{}<>:^~*?\\/|&!+=;@#$%]")
_OPERATORS = re.compile(r"(?<!\w)(AND|OR|NOT|NEAR)(?!\w)")
_SPACES = re.compile(r"\s+")


def clean_query(text, max_length=MAX_QUERY_LENGTH):
    """Make visitor text safe for any search backend: plain words separated by spaces."""
    if not text:
        return ""
    text = str(text)[: max_length * 4]
    text = "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in text)
    text = _SYNTAX.sub(" ", text)
    text = _OPERATORS.sub(" ", text)
    # A lone hyphen or a leading one is an operator for some backends.
    text = re.sub(r"(?<!\w)-+|-+(?!\w)", " ", text)
    text = _SPACES.sub(" ", text).strip()
    return text[:max_length].strip()


def closed_area_models():
    """Page types that root a closed area (staff, members)."""
    from lune_site.models import CLOSED_AREA_ROOTS

    return CLOSED_AREA_ROOTS


def closed_area_paths():
    """Tree paths of the closed areas' roots; everything below them stays hidden."""
    return list(Page.objects.type(*closed_area_models()).order_by().values_list("path", flat=True))


def default_locale():
    return Locale.objects.get(language_code=settings.LANGUAGE_CODE)


def public_pages(queryset=None, *, language=None, fallback=True, paths=None):
    """The pages a visitor may see, in `language` (default: the active one).

    `queryset` narrows the result to a page type (`ResourcePage.objects.all()`); where a page
    has no live translation in `language`, its French original is given instead, so listings
    in English still show French content. The result can be searched (`.search()`),
    filtered and ordered like any page queryset.
    """
    if queryset is None:
        queryset = Page.objects.all()
    queryset = queryset.live().public()
    for path in closed_area_paths() if paths is None else paths:
        queryset = queryset.exclude(path__startswith=path)

    language = (language or translation.get_language() or settings.LANGUAGE_CODE)[:2]
    locales = dict(Locale.objects.values_list("language_code", "pk"))
    wanted, french = locales.get(language), locales.get(settings.LANGUAGE_CODE[:2])
    if wanted == french or not fallback:
        return queryset.filter(locale=wanted)
    # Pages live in the visitor's language; their French twins step aside.
    translated = list(
        Page.objects.live().filter(locale=wanted).values_list("translation_key", flat=True)
    )
    return queryset.filter(locale__in=[pk for pk in (wanted, french) if pk]).exclude(
        locale=french, translation_key__in=translated
    )


def is_public_page(page):
    """True when `page` passes the gate (used where a single page is shown in a listing)."""
    return public_pages(
        Page.objects.filter(pk=page.pk), fallback=False, language=page.locale.language_code
    ).exists()


def search_pages(query, queryset=None, *, language=None, fallback=True, **search_options):
    """Search the pages a visitor may see: the gate, then the cleaned text, then the backend.

    Returns None when nothing searchable is left of `query` (a caller shows its listing
    instead). `search_options` go to Wagtail's `.search()` (fields, operator,
    order_by_relevance...).
    """
    text = clean_query(query)
    if not text:
        return None
    pages = public_pages(queryset, language=language, fallback=fallback)
    return pages.search(text, **search_options)
