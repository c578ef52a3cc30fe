"""Response headers that keep visitors private and pages safe to cache."""

from django.conf import settings
from django.utils.cache import patch_cache_control, patch_vary_headers

PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), "
    "magnetometer=(), gyroscope=(), accelerometer=(), interest-cohort=(), browsing-topics=()"
)

# Public pages: nothing inline, nothing from another host. JSON-LD blocks are data, not script.
PUBLIC_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)
# The Wagtail admin needs inline styles and scripts of its own; it still stays on this host.
ADMIN_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
    "connect-src 'self'; frame-src 'self'; frame-ancestors 'self'; form-action 'self'; "
    "base-uri 'self'; object-src 'none'"
)


class PrivacyHeadersMiddleware:
    """Strict headers on every response; logged-in pages are never stored by a shared cache."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefixes = ("/admin/", "/documents/", "/cms-preview/")

    def __call__(self, request):
        response = self.get_response(request)
        is_admin = request.path.startswith(self.admin_prefixes)
        response.setdefault("Content-Security-Policy", ADMIN_CSP if is_admin else PUBLIC_CSP)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        # No referrer leaves for another host. A page holding a form says "same-origin", since
        # browsers send `Origin: null` with "no-referrer" and Django's CSRF check refuses it.
        # (csrf_protect views set the cookie themselves, before this runs: look at both.)
        holds_form = (
            is_admin
            or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            or settings.CSRF_COOKIE_NAME in response.cookies
        )
        response.setdefault("Referrer-Policy", "same-origin" if holds_form else "no-referrer")
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True)
            patch_vary_headers(response, ["Cookie"])
        return response


class ClosedAreaAdminGate:
    """The admin's explorer, chooser and page views open any page by its id in the address;
    a page of a closed area answers 404 there to users outside its group (its title and
    its parents' titles would show: ids are sequential, so every title could be read).
    Listings are filtered by the hooks in `lune_site.wagtail_hooks`."""

    # Wagtail's admin URL arguments that name a page.
    PAGE_ARGUMENTS = ("page_id", "parent_page_id", "page_to_move_id", "destination_id", "page_pk")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        ids = [view_kwargs[name] for name in self.PAGE_ARGUMENTS if name in view_kwargs]
        user = getattr(request, "user", None)
        if not ids or user is None or not user.is_authenticated:
            return None
        from django.db.models import Q
        from django.http import Http404
        from django.urls import reverse
        from wagtail.models import Page

        from lune_site.wagtail_hooks import hidden_closed_area_paths

        if not request.path_info.startswith(reverse("wagtailadmin_home")):
            return None
        hidden = Q()
        for path in hidden_closed_area_paths(user):
            hidden |= Q(path__startswith=path)
        if hidden and Page.objects.filter(hidden, pk__in=ids).exists():
            raise Http404
        return None
