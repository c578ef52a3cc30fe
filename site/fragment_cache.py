"""What every page shows and rarely changes (menu, footer, language links, home sections),
kept between requests in the shared "pages" cache.

That cache is emptied on every publication, unpublication, move, and save of shared content
(snippets, site settings, menu items, view restrictions: `lune_site.page_cache`), so what is
kept here is never older than the last change; the lifetime only bounds the unforeseen.
`LUNE_FRAGMENT_CACHE = False` (the test settings) computes everything on each request.
"""

from django.conf import settings
from django.core.cache import caches
from django.utils import translation

LIFETIME_SECONDS = 3600
KEY_PREFIX = "lune-fragment"


def enabled():
    return getattr(settings, "LUNE_FRAGMENT_CACHE", True)


def lifetime():
    """Seconds for `{% cache %}` fragments: 0 (never kept) when the fragment cache is off."""
    return LIFETIME_SECONDS if enabled() else 0


def _cache():
    return caches[getattr(settings, "CACHE_MIDDLEWARE_ALIAS", "pages")]


def fragment_key(name, request=None, *parts):
    """One key per fragment, host and language (and any `parts`, such as a page's id)."""
    host = request.get_host() if request is not None else ""
    language = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    return ":".join(str(part) for part in (KEY_PREFIX, name, host, language, *parts))


def remember(key, compute):
    """`compute()`, or what it gave last time for `key` since the last change of content."""
    if not enabled():
        return compute()
    cache = _cache()
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, LIFETIME_SECONDS)
    return value
