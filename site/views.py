"""The site's own views: health check, robots.txt, sitemap, front-end login."""

from django.contrib.auth import views as auth_views
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap

from lune_site.sitemaps import LuneSitemap
from lune_site.two_factor import SiteLoginForm


@require_GET
def healthz(request):
    """200 and a small JSON body when the database answers, 503 otherwise; never a trace."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        response = JsonResponse({"status": "ok", "database": "ok"})
    except DatabaseError:
        response = JsonResponse({"status": "unavailable", "database": "error"}, status=503)
    add_never_cache_headers(response)
    return response


ROBOTS = """User-agent: *
Disallow: /admin/
Disallow: /equipe/
Disallow: /membres/
Disallow: /connexion/
Disallow: /documents/
Disallow: /recherche/
Disallow: /en/recherche/

Sitemap: {sitemap}
"""


@require_GET
def robots_txt(request):
    body = ROBOTS.format(sitemap=request.build_absolute_uri("/sitemap.xml"))
    return HttpResponse(body, content_type="text/plain; charset=utf-8")


def sitemap(request):
    """The sitemap, kept between requests until the next publication (it lists every page:
    building it costs time in proportion to the site, so robots do not pay it each time)."""
    from lune_site.fragment_cache import fragment_key, remember

    def build():
        response = wagtail_sitemap(request, sitemaps={"pages": LuneSitemap(request)})
        response.render()
        return response.status_code, dict(response.items()), response.content

    page = str(request.GET.get("p", "1"))[:8]
    status, headers, content = remember(fragment_key("sitemap", request, page), build)
    response = HttpResponse(content, status=status)
    for name, value in headers.items():
        response[name] = value
    return response


class LoginView(auth_views.LoginView):
    """The front-end login in French, for members and staff (no self-registration)."""

    template_name = "lune_site/login.html"
    form_class = SiteLoginForm


class LogoutView(auth_views.LogoutView):
    next_page = "/"
