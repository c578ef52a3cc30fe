"""The calendar's .ics addresses, handed to Wagtail's page serving.

Wagtail's own pattern only matches paths of words and slashes, so `calendrier.ics` and
`evenement.ics` need this one; the pages' RoutablePageMixin routes then answer them. Include it
inside the site's i18n_patterns, before Wagtail's URLs.
"""

from django.urls import re_path
from wagtail import views

urlpatterns = [
    re_path(r"^((?:[\w\-]+/)+[\w\-]+\.ics)$", views.serve, name="events_ics"),
]
