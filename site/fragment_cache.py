"""What every page shows and rarely changes (menu, footer, language links, home sections),
kept between requests in the shared "pages" cache.

That cache is emptied on every publication, unpublication, move, and save of shared content
(snippets, site settings, menu items, view restrictions: `lune_site.page_cache`), so what is
kept here is never older than the last change; the lifetime only bounds the unforeseen.
`LUNE_FRAGMENT_CACHE = False` (the test settings) computes everything on each request.
"""

import uuid

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


GENERATION_KEY = f"{KEY_PREFIX}:generation"
# {key: (generation, version, value)}: this process's copies of large kept values.
_IN_PROCESS = {}


def generation():
    """A token that changes each time the shared cache is emptied (every change of content):
    kept in that cache, so emptying it makes the next reader draw a new one."""
    cache = _cache()
    token = cache.get(GENERATION_KEY)
    if token is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)  # the first writer's token wins
        token = cache.get(GENERATION_KEY)
    return token


def remember_in_process(key, compute, version=None):
    """`compute()`, kept in this process's memory until the shared cache is next emptied.

    For large values that every request of a kind reads (a table of all public resources),
    where reading them back from the shared cache would cost more than it saves. The
    generation is read before computing: a change that lands meanwhile draws a new one, and
    the next request computes again. A value that also follows something else (the minute,
    for what depends on the clock) gives it as `version`: one kept value per key, replaced
    when the version changes. Off with the fragment cache (tests), like `remember`."""
    if not enabled():
        return compute()
    token = generation()
    held = _IN_PROCESS.get(key)
    if held is not None and token is not None and held[:2] == (token, version):
        return held[2]
    value = compute()
    if token is not None:
        _IN_PROCESS[key] = (token, version, value)
    return value
