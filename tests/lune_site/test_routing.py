"""The home page routes a request to the same page as Wagtail's own routing, in fewer queries."""

import pytest
from django.db import connection
from django.http import Http404
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from lune_site.models import HomePage

pytestmark = pytest.mark.django_db


def wagtail_route(home, components):
    """What Wagtail's own `Page.route` answers, level by level."""
    return Page.route(home, RequestFactory().get("/"), components)


def our_route(home, components):
    return home.route(RequestFactory().get("/"), components)


def outcome(route, home, components):
    """The page and, for a routable page, the view it chose and its arguments; or 404."""
    try:
        result = route(home, components)
    except Http404:
        return "404"
    page, args, kwargs = result
    if args:  # a routable page: (view, its args, its kwargs)
        view, view_args, view_kwargs = args
        return (page.pk, type(page), view.__func__, tuple(view_args), tuple(view_kwargs.items()))
    return (page.pk, type(page))


def components_of(page, home):
    return [part for part in page.url_path[len(home.url_path) :].split("/") if part]


def test_every_page_of_the_demo_routes_as_wagtail_routes_it(demo):
    homes = list(HomePage.objects.all())
    assert len(homes) >= 2  # French and English
    paths = 0
    for home in homes:
        for page in home.get_descendants():
            components = components_of(page, home)
            for tail in ([], ["inconnu"], ["calendrier.ics"], ["ics"], ["flux"]):
                asked = components + tail
                assert outcome(our_route, home, asked) == outcome(wagtail_route, home, asked), asked
                paths += 1
    assert paths > 100


def test_drafts_unknown_slugs_and_a_draft_between_route_as_wagtail_routes_them(demo):
    home = HomePage.objects.get(locale__language_code="fr")
    from resources.models import ResourcePage

    resource = ResourcePage.objects.descendant_of(home).live().first()
    library = resource.get_parent()
    cases = [
        components_of(resource, home),
        [*components_of(library, home), "nulle-part"],
        ["nulle-part", resource.slug],
        [resource.slug],  # a real slug at the wrong level
        [*components_of(resource, home), "plus-loin", "encore"],
    ]
    resource.unpublish()
    library.unpublish()  # Wagtail still routes through a draft to a live child... or not
    for asked in cases:
        assert outcome(our_route, home, asked) == outcome(wagtail_route, home, asked), asked
    assert outcome(our_route, home, components_of(resource, home)) == "404"


def test_a_deep_page_is_reached_in_two_queries(demo):
    home = HomePage.objects.get(locale__language_code="fr")
    deepest = home.get_descendants().live().order_by("-depth").first()
    components = components_of(deepest, home)
    assert len(components) >= 3
    with CaptureQueriesContext(connection) as ours:
        found = our_route(home, components)
    with CaptureQueriesContext(connection) as wagtails:
        wagtail_route(home, components)
    assert found.page.pk == deepest.pk
    assert len(ours) == 2
    assert len(wagtails) == 2 * len(components)
    # Its parent comes with it: a link back to it costs no query.
    parent_pk = deepest.get_parent().pk
    with CaptureQueriesContext(connection) as parent_lookup:
        assert found.page.get_parent().pk == parent_pk
    assert len(parent_lookup) == 0
