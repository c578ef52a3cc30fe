"""The anonymous page cache: shared by all workers, never private, emptied on every change.

Only anonymous GET requests for public pages are stored, for a minute at most (tonight's
shelter status and "open now" badges depend on the clock). Logged-in users, the closed areas,
the admin, form pages and any response that sets a cookie or says private are never stored.
"""

from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save
from django.middleware.cache import FetchFromCacheMiddleware, UpdateCacheMiddleware

NEVER_CACHED_PREFIXES = (
    "/admin/",
    "/equipe/",
    "/membres/",
    "/connexion/",
    "/deconnexion/",
    "/documents/",
    "/healthz",
    "/cms-preview/",
)


def cacheable_request(request):
    if not getattr(settings, "LUNE_PAGE_CACHE", True):
        return False
    if request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith(NEVER_CACHED_PREFIXES):
        return False
    # Someone with a session is (or was) logged in: their pages are theirs alone.
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


class StorePublicPage(UpdateCacheMiddleware):
    """First in MIDDLEWARE: stores what FetchPublicPage let through, if it may be shared."""

    def _should_update_cache(self, request, response):
        if not super()._should_update_cache(request, response):
            return False
        if not cacheable_request(request) or getattr(request, "lune_never_cache", False):
            return False
        # A page that made a CSRF token holds a form: never shared.
        return not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")


class FetchPublicPage(FetchFromCacheMiddleware):
    """Last in MIDDLEWARE: answers anonymous visitors from the shared cache."""

    def process_request(self, request):
        if not cacheable_request(request):
            request._cache_update_cache = False
            return None
        return super().process_request(request)


def _clear():
    caches[settings.CACHE_MIDDLEWARE_ALIAS].clear()


def empty_page_cache(**kwargs):
    """Any publication or change of shared content empties the page cache at once, and once
    more when its transaction commits: a request served in between, which still read the old
    content, must not leave it kept (an import publishes many pages in one transaction)."""
    _clear()
    if connection.in_atomic_block and not any(
        callback is _clear for _, callback, *_ in connection.run_on_commit
    ):
        transaction.on_commit(_clear)


def watched_models():
    """Shared content shown on public pages: snippets, site settings, images, documents."""
    from django.apps import apps
    from wagtail.contrib.settings.models import BaseSiteSetting
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Locale, PageViewRestriction
    from wagtail.snippets.models import get_snippet_models

    # View restrictions and locales too: the menu and the gate's lookups are kept with pages.
    watched = {
        get_image_model(),
        get_document_model(),
        *get_snippet_models(),
        PageViewRestriction,
        Locale,
    }
    for model in apps.get_models():
        if issubclass(model, BaseSiteSetting) or getattr(model, "empties_page_cache", False):
            watched.add(model)
    return tuple(watched)


_watched = None


def empty_on_shared_change(sender, **kwargs):
    global _watched
    if _watched is None:
        _watched = watched_models()
    if issubclass(sender, _watched):
        empty_page_cache()


def connect_invalidation():
    """Called once at start-up: page publication and shared-content saves empty the cache."""
    from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

    for signal in (page_published, page_unpublished, post_page_move, page_slug_changed):
        signal.connect(empty_page_cache, dispatch_uid=f"lune_page_cache_{id(signal)}")
    post_save.connect(empty_on_shared_change, dispatch_uid="lune_page_cache_save")
    post_delete.connect(empty_on_shared_change, dispatch_uid="lune_page_cache_delete")
