"""The demo library: 40+ resources in every category, the survey as a PDF, twice the same."""

import io
import re

import pytest

from lune_site.demo import load_demo
from lune_site.models import NavigationSettings
from resources.importing import write_csv
from resources.models import Category, ResourceLibraryPage, ResourcePage

pytestmark = pytest.mark.django_db


def test_demo_library(demo, client):
    resources = ResourcePage.objects.live()
    assert resources.count() >= 40
    assert set(Category.objects.values_list("slug", flat=True)) <= set(
        resources.values_list("category__slug", flat=True)
    )
    assert resources.filter(neighbourhood__isnull=False).count() >= 30
    assert resources.filter(tagged_items__isnull=False).distinct().count() >= 40
    assert resources.filter(hours__isnull=False).distinct().count() >= 40
    data = client.get("/ressources/", {"format": "json"}).json()
    assert data["count"] == resources.count()
    assert sum(data["facets"]["categorie"].values()) == data["count"]


def test_survey_report_is_a_real_pdf_in_the_public_collection(demo, client):
    survey = ResourcePage.objects.get(external_id="lune-demo-sondage")
    attached = survey.documents.get().document
    assert attached.collection.name == "Public"
    with attached.file.open("rb") as handle:
        pdf = handle.read()
    assert pdf.startswith(b"%PDF-1.4") and pdf.rstrip().endswith(b"%%EOF")
    # Each cross-reference entry points at its object.
    xref_at = int(re.search(rb"startxref\n(\d+)", pdf).group(1))
    entries = re.findall(rb"(\d{10}) 00000 n", pdf[xref_at:])
    for number, offset in enumerate(entries, start=1):
        assert pdf[int(offset) :].startswith(b"%d 0 obj" % number)
    html = client.get(survey.url).content.decode()
    assert "Rapport du sondage (PDF)" in html
    assert client.get(attached.url).status_code == 200


def test_english_library_and_menu(demo, client):
    library = ResourceLibraryPage.objects.get(locale__language_code="fr")
    english = ResourceLibraryPage.objects.get(locale__language_code="en")
    assert english.url == "/en/resources/"
    assert client.get("/en/resources/").status_code == 200
    # English falls back to the French resources.
    assert client.get("/en/resources/", {"format": "json"}).json()["count"] >= 40
    navigation = NavigationSettings.objects.get()
    assert navigation.menu_items.filter(page=library).exists()


def test_demo_twice_gives_the_same_content_and_round_trips(demo):
    before = io.StringIO()
    write_csv(before)
    count = ResourcePage.objects.count()
    revisions = sum(p.revisions.count() for p in ResourcePage.objects.all())
    load_demo(io.StringIO())
    after = io.StringIO()
    write_csv(after)
    assert ResourcePage.objects.count() == count
    assert sum(p.revisions.count() for p in ResourcePage.objects.all()) == revisions
    assert after.getvalue() == before.getvalue()
