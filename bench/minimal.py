"""The yardstick: the smallest Django app, one view returning a small HttpResponse.

Served by gunicorn under the site's configuration in the same run (`bench.serve`), as
`bench.minimal:make_application()`. No middleware, no database, no templates: each page's
throughput is reported as a fraction of this one's.
"""

from django.http import HttpResponse
from django.urls import path

BODY = b"Bonjour, L.U.N.E.\n"


def hello(request):
    return HttpResponse(BODY, content_type="text/plain; charset=utf-8")


urlpatterns = [path("", hello)]


def make_application():
    """Configure Django for this module alone and return its WSGI application."""
    import django
    from django.conf import settings
    from django.core.wsgi import get_wsgi_application

    if not settings.configured:
        settings.configure(
            DEBUG=False,
            SECRET_KEY="bench-minimal-view-not-secret",  # noqa: S106 - a benchmark yardstick
            ALLOWED_HOSTS=["127.0.0.1", "localhost"],
            ROOT_URLCONF=__name__,
            MIDDLEWARE=[],
            INSTALLED_APPS=[],
            USE_TZ=True,
        )
        django.setup()
    return get_wsgi_application()
