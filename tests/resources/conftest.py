import pytest

from resources.models import ResourceLibraryPage
from tests.resources.factories import make_resource


@pytest.fixture
def library(site_tree):
    """The /ressources/ page, as setup_site makes it."""
    return ResourceLibraryPage.objects.get(slug="ressources")


@pytest.fixture
def resources(library):
    """A small library: three resources in two categories, with tags and neighbourhoods."""
    every_day = [(day, "09:00", "17:00") for day in range(7)]
    return {
        "job": make_resource(
            library,
            "Carrefour jeunesse-emploi",
            category="emploi",
            tags=["CV", "entrevue"],
            neighbourhood="saint-roch",
            hours=every_day,
            cost="free",
            phone="418 555-0101",
        ),
        "flat": make_resource(
            library,
            "Comité logement",
            category="logement",
            tags=["bail", "CV"],
            neighbourhood="limoilou",
            hours=every_day,
            cost="free",
        ),
        "training": make_resource(
            library,
            "Atelier de couture payant",
            category="emploi",
            tags=["formation"],
            neighbourhood="limoilou",
            cost="paid",
        ),
    }
