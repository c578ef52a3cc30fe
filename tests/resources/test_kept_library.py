"""A browse of the library (no words, no "open now") is kept between requests: its counts and
the ids of its pages. Every publication, unpublication and snippet save empties what is kept,
so a visitor never sees a resource that is gone or misses one just published."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from resources.models import Category
from tests.resources.factories import make_resource

pytestmark = pytest.mark.django_db


@pytest.fixture
def kept(fragment_cache_on, library):
    return library


def browse(client, query=""):
    response = client.get(f"/ressources/?format=json{query}")
    assert response.status_code == 200
    return json.loads(response.content)


def titles(answer):
    return [result["title"] for result in answer["results"]]


def test_a_publication_shows_in_the_kept_browse_at_once(kept, client):
    make_resource(kept, "Atelier CV", category="emploi", tags=["gratuit"])
    first = browse(client)
    assert browse(client) == first  # kept: the same answer
    assert titles(first) == ["Atelier CV"]

    make_resource(kept, "Banque alimentaire", category="alimentation", tags=["gratuit"])
    after = browse(client)
    assert after["count"] == 2
    assert titles(after) == ["Atelier CV", "Banque alimentaire"]
    assert after["facets"]["categorie"] == {"emploi": 1, "alimentation": 1}
    assert after["facets"]["etiquette"] == {"gratuit": 2}


def test_an_unpublished_resource_leaves_the_kept_browse_at_once(kept, client):
    gone = make_resource(kept, "Refuge fermé", category="logement", tags=["nuit"])
    make_resource(kept, "Refuge ouvert", category="logement")
    assert browse(client, "&categorie=logement")["count"] == 2

    gone.unpublish()
    answer = browse(client, "&categorie=logement")
    assert titles(answer) == ["Refuge ouvert"]
    assert answer["facets"]["etiquette"] == {}
    assert "Refuge fermé" not in client.get("/ressources/").content.decode()


def test_a_renamed_category_shows_in_the_kept_browse_at_once(kept, client):
    make_resource(kept, "Clinique de rue", category="sante-et-itss")
    assert "Clinique de rue" in client.get("/ressources/").content.decode()
    assert "Clinique de rue" in client.get("/ressources/").content.decode()  # now kept
    category = Category.objects.get(slug="sante-et-itss")
    category.name = "Santé et soins"
    category.save()
    html = client.get("/ressources/").content.decode()
    facets = html[html.index('<section class="facets"') :]
    assert "Santé et soins" in facets[: facets.index("</section>")]


def test_each_filter_and_page_is_kept_apart(kept, client, settings):
    for number in range(25):
        make_resource(
            kept, f"Ressource {number:02d}", category="emploi" if number % 2 else "logement"
        )
    emploi = browse(client, "&categorie=emploi")
    logement = browse(client, "&categorie=logement")
    assert emploi["count"] == 12 and logement["count"] == 13
    assert not set(titles(emploi)) & set(titles(logement))
    first, second = browse(client), browse(client, "&page=2")
    assert len(first["results"]) + len(second["results"]) == 25
    assert not set(titles(first)) & set(titles(second))


def test_a_kept_browse_reads_no_count_and_no_sort(kept, client):
    for number in range(5):
        make_resource(kept, f"Ressource {number}", tags=["gratuit"])
    browse(client)
    with CaptureQueriesContext(connection) as captured:
        browse(client)
    sql = " ".join(query["sql"] for query in captured.captured_queries)
    assert "COUNT(" not in sql
    assert 'ORDER BY "wagtailcore_page"."title"' not in sql


def test_open_now_and_words_are_never_kept(kept, client):
    make_resource(kept, "Halte de nuit", hours=[(day, "00:00", "23:59") for day in range(7)])
    browse(client, "&ouvert=1")
    browse(client, "&q=halte")
    for extra in ("&ouvert=1", "&q=halte"):
        with CaptureQueriesContext(connection) as captured:
            browse(client, extra)
        # Counted afresh: grouped counts, or (words on PostgreSQL) the ranking they come from.
        assert any(
            "COUNT(" in query["sql"] or "ts_rank(" in query["sql"]
            for query in captured.captured_queries
        ), extra


def test_a_word_search_follows_every_change_at_once(kept, client):
    """With words, the gate's resources are kept in each process (the text's matches are
    counted from them): a publication, an unpublication, a new tag and a view restriction
    show in the next search."""
    from wagtail.models import PageViewRestriction

    shelter = make_resource(kept, "Refuge de nuit", category="logement", tags=["nuit"])
    assert browse(client, "&q=refuge")["count"] == 1
    assert browse(client, "&q=refuge") == browse(client, "&q=refuge")

    other = make_resource(kept, "Refuge du quartier", category="logement")
    answer = browse(client, "&q=refuge")
    assert sorted(titles(answer)) == ["Refuge de nuit", "Refuge du quartier"]
    assert answer["facets"]["etiquette"] == {"nuit": 1}

    other.tags.add("famille")
    other.save_revision().publish()
    assert browse(client, "&q=refuge")["facets"]["etiquette"] == {"nuit": 1, "famille": 1}

    shelter.unpublish()
    answer = browse(client, "&q=refuge")
    assert titles(answer) == ["Refuge du quartier"]
    assert answer["count"] == 1
    assert answer["facets"]["etiquette"] == {"famille": 1}

    PageViewRestriction.objects.create(page=other, restriction_type="login")
    answer = browse(client, "&q=refuge")
    assert answer == {**answer, "count": 0, "results": []}
    assert answer["facets"] == {"categorie": {}, "etiquette": {}, "quartier": {}}
