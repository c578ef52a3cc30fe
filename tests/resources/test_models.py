"""Resources: hours, "open now" in Québec time, closures, validation, page tree."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from wagtail.test.utils import WagtailPageTestCase

from lune_site.models import QUEBEC, HomePage
from resources.models import (
    Category,
    Closure,
    Neighbourhood,
    OpeningHours,
    ResourceLibraryPage,
    ResourcePage,
)
from tests.resources.factories import make_resource

pytestmark = pytest.mark.django_db

# 2026-12-07 is a Monday.
MONDAY = 7


def at(day, hour, minute=0):
    return datetime.datetime(2026, 12, day, hour, minute, tzinfo=QUEBEC)


def test_categories_are_seeded_with_slugs():
    names = dict(Category.objects.values_list("slug", "name"))
    assert names["emploi"] == "Emploi"
    assert names["hebergement-d-urgence"] == "Hébergement d'urgence"
    assert names["sante-et-itss"] == "Santé et ITSS"
    assert len(names) >= 10
    assert Neighbourhood.objects.filter(slug="saint-roch").exists()


def test_library_lives_at_ressources(library):
    assert library.url == "/ressources/"


@pytest.fixture
def night_shelter(library):
    # Monday 22:00 to Tuesday 08:00, and Wednesday 09:00-12:00 plus 13:00-17:00.
    return make_resource(
        library,
        "Refuge de nuit",
        category="hebergement-d-urgence",
        hours=[(0, "22:00", "08:00"), (2, "09:00", "12:00"), (2, "13:00", "17:00")],
    )


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (at(MONDAY, 21, 59), False),
        (at(MONDAY, 22), True),
        (at(MONDAY, 23, 59), True),
        # After midnight, Monday's range still runs into Tuesday morning.
        (at(MONDAY + 1, 0, 30), True),
        (at(MONDAY + 1, 7, 59), True),
        (at(MONDAY + 1, 8), False),
        (at(MONDAY + 1, 22, 30), False),  # nothing opens on Tuesday
        (at(MONDAY + 2, 8, 59), False),
        (at(MONDAY + 2, 9), True),
        (at(MONDAY + 2, 12, 30), False),  # the lunch break between two ranges
        (at(MONDAY + 2, 13), True),
        (at(MONDAY + 2, 17), False),
    ],
)
def test_open_now_follows_ranges_across_midnight(night_shelter, moment, expected):
    assert night_shelter.open_now(moment) is expected
    # The SQL twin used for filtering agrees with the Python method.
    assert ResourcePage.objects.open_at(moment).filter(pk=night_shelter.pk).exists() is expected


def test_open_now_reads_utc_as_quebec_time(night_shelter):
    # Tuesday 03:30 UTC is Monday 22:30 in Québec (EST, UTC-5).
    moment = datetime.datetime(2026, 12, 8, 3, 30, tzinfo=datetime.UTC)
    assert night_shelter.open_now(moment)
    assert ResourcePage.objects.open_at(moment).filter(pk=night_shelter.pk).exists()


def test_closure_cancels_ranges_opening_that_day(library):
    resource = make_resource(
        library,
        "Refuge",
        hours=[(day, "22:00", "08:00") for day in range(7)],
        closures=[(datetime.date(2026, 12, 24), datetime.date(2026, 12, 25), "Fêtes")],
    )
    # The night of the 23rd runs into the 24th's morning: still open.
    assert resource.open_now(at(24, 3))
    assert not resource.open_now(at(24, 23))
    assert not resource.open_now(at(25, 3))  # the night that began on the (closed) 24th
    assert not resource.open_now(at(25, 23))
    assert resource.open_now(at(26, 23))
    for moment, expected in [(at(24, 3), True), (at(24, 23), False), (at(25, 3), False)]:
        found = ResourcePage.objects.open_at(moment).filter(pk=resource.pk).exists()
        assert found is expected


def test_open_now_over_many_resources_costs_no_query_per_resource(
    library, django_assert_max_num_queries
):
    for n in range(12):
        make_resource(library, f"R{n}", hours=[(day, "09:00", "17:00") for day in range(7)])
    moment = at(MONDAY, 10)
    with django_assert_max_num_queries(1):
        assert ResourcePage.objects.open_at(moment).count() == 12
    resources = list(ResourcePage.objects.prefetch_related("hours", "closures"))
    with django_assert_max_num_queries(0):
        assert all(r.open_now(moment) for r in resources)


def test_opening_equal_to_closing_is_refused_clearly():
    hours = OpeningHours(weekday=0, opens=datetime.time(9), closes=datetime.time(9))
    with pytest.raises(ValidationError) as error:
        hours.clean()
    assert "La fermeture doit différer de l'ouverture" in str(error.value)


def test_closure_end_before_start_is_refused_and_one_day_closures_fill_the_end(library):
    closure = Closure(start_date=datetime.date(2026, 1, 2), end_date=datetime.date(2026, 1, 1))
    with pytest.raises(ValidationError):
        closure.clean()
    resource = make_resource(library, "Un jour", closures=[(datetime.date(2026, 1, 2), None, "")])
    assert resource.closures.get().end_date == datetime.date(2026, 1, 2)


def test_external_id_is_created_when_empty_and_unique(library):
    first = make_resource(library, "Un")
    second = make_resource(library, "Deux")
    assert first.external_id and second.external_id
    assert first.external_id != second.external_id


def test_phone_link_and_map_url(library):
    resource = make_resource(
        library, "Clinique", phone="418 555-0123 poste 12", address="1 rue Saint-Joseph Est"
    )
    assert resource.phone_link == "tel:4185550123"
    assert resource.map_url.startswith("https://www.openstreetmap.org/search?query=")
    assert "Saint-Joseph" in resource.map_url


def test_tags_are_searchable_at_once(library):
    from search.gate import search_pages

    make_resource(library, "Friperie solidaire", tags=["vêtements gratuits"])
    found = search_pages("vêtements", ResourcePage.objects.all())
    assert [page.title for page in found] == ["Friperie solidaire"]


class TestPageTree(WagtailPageTestCase):
    def setUp(self):
        from lune_site.setup import setup_site

        setup_site()
        self.library = ResourceLibraryPage.objects.get()
        self.resource = make_resource(self.library, "Clinique", tags=["ITSS"])

    def test_page_types_stay_in_place(self):
        self.assertAllowedParentPageTypes(ResourceLibraryPage, {HomePage})
        self.assertAllowedParentPageTypes(ResourcePage, {ResourceLibraryPage})
        self.assertAllowedSubpageTypes(ResourceLibraryPage, {ResourcePage})
        self.assertAllowedSubpageTypes(ResourcePage, set())

    def test_pages_route_and_render(self):
        self.assertPageIsRoutable(self.library)
        self.assertPageIsRenderable(self.library)
        self.assertPageIsRoutable(self.resource)
        self.assertPageIsRenderable(self.resource)

    def test_resource_is_editable(self):
        self.assertPageIsEditable(self.resource)
