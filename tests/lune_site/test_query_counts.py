"""SQL queries per page stay constant as content grows, and within issue 9's target (15).

Content comes from the benchmark's own builders (bench.content, <app>/benchmarks.py) at two
sizes. Pages are counted as production serves them: the layout's kept fragments on
(lune_site.fragment_cache), warmed by one request, and cold, right after a publication.
"""

import random

import pytest
from django.core.cache import caches

from bench.content import build_standard_pages
from events.benchmarks import build_events
from journal.benchmarks import build_journal
from resources.benchmarks import FACETED, build_resources

MAX_QUERIES = 15
SMALL, LARGE = 3, 30

pytestmark = pytest.mark.django_db


@pytest.fixture(params=[SMALL, LARGE], ids=["small", "large"])
def content(request, site_tree, settings):
    """The site with `n` standard pages, resources, journal articles, news and events."""
    settings.LUNE_FRAGMENT_CACHE = True
    n = request.param
    build_standard_pages(n, random.Random(1))
    build_resources_with_a_faceted_match(n, random.Random(2))
    build_journal(max(n, 10), random.Random(3))
    build_events(max(n, 10), random.Random(5))
    return n


def build_resources_with_a_faceted_match(n, rng):
    """`n` synthetic resources, and one that the faceted case always finds, open at any hour:
    without it, whether the case finds anything (and so fetches a page of results) would
    depend on the clock and the draw, not on the amount of content."""
    from resources.models import Neighbourhood, ResourceLibraryPage
    from tests.resources.factories import make_resource

    build_resources(n, rng)
    make_resource(
        ResourceLibraryPage.objects.get(),
        "Logement gratuit jour et nuit",
        category="logement",
        tags=["gratuit"],
        neighbourhood=Neighbourhood.objects.order_by("pk").first(),
        hours=[(day, opens, closes) for day in range(7) for opens, closes in DAY_AND_NIGHT],
    )


DAY_AND_NIGHT = (("08:00", "22:00"), ("22:00", "08:00"))


def warm(client, url):
    # Twice: the first visit creates the site settings, and that save empties the fragments.
    client.get(url)
    response = client.get(url)
    assert response.status_code == 200, url
    return response


def first_url(model, **filters):
    return model.objects.live().filter(**filters).order_by("path").first().url


def urls():
    from events.models import EventPage
    from journal.models import JournalIssuePage
    from lune_site.models import StandardPage
    from resources.models import ResourcePage

    first_event = EventPage.objects.get(slug="banc-evenement-1")
    return {
        "home": "/",
        "standard page": first_url(StandardPage, slug="page-1"),
        "sitemap": "/sitemap.xml",
        "library": "/ressources/",
        "library json": "/ressources/?format=json",
        "library facets": FACETED,
        "resource": first_url(ResourcePage, slug="banc-ressource-1"),
        "journal issue": first_url(JournalIssuePage, slug="banc-numero-1"),
        "events": "/evenements/",
        # The month of the first synthetic event: it holds events at every size.
        "events month": f"/evenements/?mois={first_event.start_date:%Y-%m}",
        "calendar feed": "/evenements/calendrier.ics",
    }


# Every page measured, held to the target (the JSON answer's tags cost one query more).
HELD = {
    "home": MAX_QUERIES,
    "standard page": MAX_QUERIES,
    "sitemap": MAX_QUERIES,
    "library": MAX_QUERIES,
    "library json": MAX_QUERIES + 1,
    "library facets": MAX_QUERIES,
    "resource": MAX_QUERIES,
    "journal issue": MAX_QUERIES,
    "events": MAX_QUERIES,
    "events month": MAX_QUERIES,
    "calendar feed": MAX_QUERIES,
}


@pytest.mark.parametrize("name", HELD)
def test_queries_per_page_within_target(content, client, django_assert_max_num_queries, name):
    url = urls()[name]
    warm(client, url)
    with django_assert_max_num_queries(HELD[name]):
        response = client.get(url)
    assert response.status_code == 200


def count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    warm(client, url)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured)


def test_query_counts_do_not_grow_with_content(site_tree, client, settings):
    from django.db import transaction

    settings.LUNE_FRAGMENT_CACHE = True
    counts = []
    for n in (SMALL, LARGE):
        # Each size on the same set-up site, the smaller one rolled back before the larger.
        with transaction.atomic():
            build_standard_pages(n, random.Random(1))
            build_resources_with_a_faceted_match(n, random.Random(2))
            build_journal(max(n, 10), random.Random(3))
            build_events(max(n, 10), random.Random(5))
            caches["pages"].clear()
            counts.append({name: count_queries(client, url) for name, url in urls().items()})
            # Dates are drawn around today: both sizes list upcoming events (seeded, so fixed).
            assert "banc-evenement-" in client.get("/evenements/").content.decode()
            transaction.set_rollback(True)
    for name, count in counts[1].items():
        assert count <= counts[0][name], (name, counts)


def test_kept_menu_follows_a_menu_change(content, client):
    """The menu is kept between requests, and a change to it shows at once."""
    from wagtail.models import Site

    from lune_site.models import MenuItem, NavigationSettings
    from resources.models import ResourceLibraryPage

    warm(client, "/")
    navigation = NavigationSettings.for_site(Site.objects.get(is_default_site=True))
    MenuItem.objects.create(
        settings=navigation, page=ResourceLibraryPage.objects.first(), label="Fiches utiles"
    )
    assert "Fiches utiles" in client.get("/a-propos/").content.decode()


def test_kept_home_section_follows_a_publication(content, client):
    from journal.models import NewsIndexPage, NewsPage

    warm(client, "/")
    news = NewsPage(title="Nouvelle toute fraîche", slug="nouvelle-fraiche", summary="x")
    NewsIndexPage.objects.first().add_child(instance=news)
    news.save_revision().publish()
    assert "Nouvelle toute fraîche" in client.get("/").content.decode()


def test_kept_sitemap_follows_a_publication(content, client):
    from lune_site.models import HomePage, StandardPage

    warm(client, "/sitemap.xml")
    page = StandardPage(title="Toute nouvelle page", slug="toute-nouvelle-page")
    HomePage.objects.first().add_child(instance=page)
    page.save_revision().publish()
    assert "/toute-nouvelle-page/" in client.get("/sitemap.xml").content.decode()


def test_kept_sitemap_never_lists_a_closed_area(content, client):
    body = warm(client, "/sitemap.xml").content.decode()
    assert "/equipe/" not in body and "/membres/" not in body


# The staff's pages, as a staff member logged in with a second factor reads them. The register
# reads, beside the nights, the drafts, the open follow-ups and the kit stock: one more.
STAFF_HELD = {"night log": MAX_QUERIES, "register": MAX_QUERIES + 1}


def staff_logged_in_with_a_second_factor(client, settings):
    from django_otp.plugins.otp_static.models import StaticDevice

    from tests.conftest import make_user

    settings.LUNE_REQUIRE_SECOND_FACTOR = True
    user = make_user("veille", "STAFF_GROUP_NAME")
    StaticDevice.objects.create(user=user, name="Codes").token_set.create(token="code-1")
    response = client.post(
        "/connexion/?next=/equipe/",
        {"username": "veille", "password": "pw-veille", "otp_token": "code-1"},
    )
    assert response.status_code == 302
    return client


@pytest.mark.parametrize("nights", [SMALL, LARGE])
def test_staff_pages_within_target_as_nights_add_up(site_tree, client, settings, nights):
    import datetime

    from lune_site.models import ShelterLogIndexPage
    from tests.lune_site.factories import NightLogIncidentFactory, NightLogPageFactory

    settings.LUNE_FRAGMENT_CACHE = True
    register = ShelterLogIndexPage.objects.get()
    for day in range(nights):
        log = NightLogPageFactory(
            parent=register, night=datetime.date(2026, 1, 1) + datetime.timedelta(days=day)
        )
        NightLogIncidentFactory(page=log, follow_up_needed=True)
    staff = staff_logged_in_with_a_second_factor(client, settings)
    addresses = {"night log": log.url, "register": register.url}
    for name, address in addresses.items():
        count = count_queries(staff, address)
        assert count <= STAFF_HELD[name], (name, count)
