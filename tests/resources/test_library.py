"""The library page: search, disjunctive facets, filters, pagination, JSON, bad input."""

import datetime

import pytest
from django.utils import timezone

from resources.models import ResourcePage
from tests.resources.factories import make_resource

pytestmark = pytest.mark.django_db

# Per library page, whatever the number of resources (the gate, 3 facets, one page of results).
MAX_QUERIES = 45


def get_json(client, **params):
    response = client.get("/ressources/", {"format": "json", **params})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def titles(data):
    return sorted(r["title"] for r in data["results"])


def test_json_answer_has_the_contract_shape(client, resources):
    data = get_json(client)
    assert set(data) == {"count", "results", "facets"}
    assert data["count"] == 3
    job = next(r for r in data["results"] if r["slug"] == resources["job"].slug)
    assert set(job) == {
        "title",
        "url",
        "slug",
        "external_id",
        "category",
        "tags",
        "summary",
        "open_now",
        "phone",
    }
    assert job["title"] == "Carrefour jeunesse-emploi"
    assert job["url"].endswith("/ressources/carrefour-jeunesse-emploi/")
    assert job["category"] == "emploi"
    assert job["tags"] == ["cv", "entrevue"]
    assert job["external_id"] == resources["job"].external_id
    assert job["phone"] == "418 555-0101"
    assert isinstance(job["open_now"], bool)
    assert set(data["facets"]) == {"categorie", "etiquette", "quartier"}


def test_facet_counts_without_selection(client, resources):
    facets = get_json(client)["facets"]
    assert facets["categorie"] == {"emploi": 2, "logement": 1}
    assert facets["etiquette"] == {"cv": 2, "entrevue": 1, "bail": 1, "formation": 1}
    assert facets["quartier"] == {"saint-roch": 1, "limoilou": 2}


def test_a_facet_ignores_its_own_selection_but_not_the_others(client, resources):
    data = get_json(client, categorie="emploi")
    assert titles(data) == ["Atelier de couture payant", "Carrefour jeunesse-emploi"]
    # Categories still count as if none were chosen, so the visitor can widen the choice.
    assert data["facets"]["categorie"] == {"emploi": 2, "logement": 1}
    # Other facets count within the chosen category.
    assert data["facets"]["quartier"] == {"saint-roch": 1, "limoilou": 1}
    assert data["facets"]["etiquette"] == {"cv": 1, "entrevue": 1, "formation": 1}


def test_values_within_a_facet_widen_and_facets_narrow(client, resources):
    data = get_json(client, categorie=["emploi", "logement"])
    assert data["count"] == 3
    data = get_json(client, categorie=["emploi", "logement"], quartier="limoilou")
    assert titles(data) == ["Atelier de couture payant", "Comité logement"]
    assert data["facets"]["categorie"] == {"emploi": 1, "logement": 1}
    assert data["facets"]["quartier"] == {"saint-roch": 1, "limoilou": 2}


def test_tag_facet(client, resources):
    data = get_json(client, etiquette="cv")
    assert titles(data) == ["Carrefour jeunesse-emploi", "Comité logement"]
    assert data["facets"]["etiquette"] == {"cv": 2, "entrevue": 1, "bail": 1, "formation": 1}
    assert data["facets"]["categorie"] == {"emploi": 1, "logement": 1}


def test_text_query_counts_facets_within_matches(client, resources):
    data = get_json(client, q="logement")
    assert titles(data) == ["Comité logement"]
    assert data["facets"]["categorie"] == {"logement": 1}
    assert data["facets"]["etiquette"] == {"bail": 1, "cv": 1}
    data = get_json(client, q="logement", categorie="emploi")
    assert data["count"] == 0
    assert data["facets"]["categorie"] == {"logement": 1, "emploi": 0}


def test_search_is_accent_insensitive(client, resources):
    assert titles(get_json(client, q="comite")) == ["Comité logement"]
    assert titles(get_json(client, q="COMITÉ")) == ["Comité logement"]


def test_free_filter(client, resources):
    data = get_json(client, gratuit="1")
    assert titles(data) == ["Carrefour jeunesse-emploi", "Comité logement"]


def test_open_now_filter_and_badge(client, resources, library):
    make_resource(library, "Jamais ouvert")
    data = get_json(client, ouvert="1")
    now = timezone.localtime()
    expected = 9 <= now.hour < 17
    assert data["count"] == (2 if expected else 0)
    assert all(r["open_now"] for r in data["results"])
    everything = get_json(client)
    flags = {r["title"]: r["open_now"] for r in everything["results"]}
    assert flags["Jamais ouvert"] is False
    assert flags["Carrefour jeunesse-emploi"] is expected


def test_html_lists_results_with_badge_and_phone(client, resources, library):
    make_resource(library, "Toujours ouvert", hours=[(d, "00:00", "23:59") for d in range(7)])
    response = client.get("/ressources/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Carrefour jeunesse-emploi" in html
    assert 'href="tel:4185550101"' in html
    assert "Ouvert maintenant</span>" in html
    assert 'name="q"' in html and 'name="ouvert"' in html
    # Facet links keep the rest of the query string.
    response = client.get("/ressources/", {"q": "emploi", "quartier": "limoilou"})
    html = response.content.decode()
    assert "?q=emploi&amp;categorie=emploi&amp;quartier=limoilou" in html


def test_no_results_is_kind_and_offers_ways_out(client, resources):
    response = client.get("/ressources/", {"q": "introuvable", "categorie": "emploi"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nous n'avons rien trouvé" in html
    assert "Retirer « introuvable »" in html
    # The link that drops the text keeps the category, and vice versa.
    assert 'href="?categorie=emploi"' in html
    assert 'href="?q=introuvable"' in html
    assert 'href="tel:4186410168"' in html


@pytest.mark.parametrize(
    "params",
    [
        {"categorie": "n-existe-pas"},
        {"etiquette": ""},
        {"quartier": ["", "n-existe-pas"]},
        {"q": "x" * 10_000},
        {"q": "\x00 «»'\" AND OR ) ("},
        {"page": "abc"},
        {"page": "-3"},
        {"ouvert": "oui", "gratuit": ""},
        {"categorie": "a" * 5000},
    ],
)
def test_bad_input_answers_200(client, resources, params):
    assert client.get("/ressources/", params).status_code == 200
    assert client.get("/ressources/", {**params, "format": "json"}).status_code == 200


def test_unknown_slug_is_ignored(client, resources):
    assert get_json(client, categorie="n-existe-pas")["count"] == 3


def test_pagination_and_page_past_the_end(client, library):
    for n in range(25):
        make_resource(library, f"Ressource {n:02d}")
    first = client.get("/ressources/")
    assert first.status_code == 200
    assert 'rel="next" href="?page=2"' in first.content.decode()
    second = client.get("/ressources/", {"page": "2"})
    assert "Ressource 24" in second.content.decode()
    assert client.get("/ressources/", {"page": "3"}).status_code == 404
    assert client.get("/ressources/", {"page": "99", "format": "json"}).status_code == 404


def test_draft_and_unpublished_resources_stay_hidden(client, resources):
    resources["flat"].unpublish()
    data = get_json(client)
    assert "Comité logement" not in titles(data)
    assert "logement" not in data["facets"]["categorie"]


@pytest.mark.parametrize("size", [5, 40])
def test_query_count_does_not_grow_with_resources(
    client, library, size, django_assert_max_num_queries
):
    for n in range(size):
        make_resource(
            library,
            f"Ressource {n}",
            category=["emploi", "logement", "sante-et-itss"][n % 3],
            tags=[f"tag{n % 4}", "commun"],
            neighbourhood=["saint-roch", "limoilou"][n % 2],
            hours=[(d, "09:00", "17:00") for d in range(7)],
            closures=[(datetime.date(2026, 12, 25), None, "Noël")],
        )
    for params in (
        {},
        {"q": "ressource", "categorie": "emploi", "etiquette": "commun"},
        {"ouvert": "1", "gratuit": "1", "quartier": "limoilou"},
    ):
        with django_assert_max_num_queries(MAX_QUERIES):
            assert client.get("/ressources/", params).status_code == 200
        with django_assert_max_num_queries(MAX_QUERIES):
            assert client.get("/ressources/", {**params, "format": "json"}).status_code == 200


def test_resource_count_in_json_matches_database(client, resources):
    assert get_json(client)["count"] == ResourcePage.objects.live().count()


@pytest.mark.postgres
def test_french_stemming_on_postgresql(client, resources):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("French stemming needs PostgreSQL's french_unaccent configuration")
    assert titles(get_json(client, q="logements")) == ["Comité logement"]
    assert titles(get_json(client, q="comites")) == ["Comité logement"]


@pytest.mark.parametrize("hide", ["unpublish", "restrict"])
def test_hidden_resources_count_nowhere_in_a_text_search(client, resources, hide):
    """With words, the counts and every facet come from the gate's resources only: an
    unpublished or restricted resource adds no count, no category, no tag."""
    from wagtail.models import PageViewRestriction

    flat = resources["flat"]
    flat.tags.add("secret-de-brouillon")
    flat.save_revision().publish()
    if hide == "unpublish":
        flat.unpublish()
    else:
        PageViewRestriction.objects.create(page=flat, restriction_type="login")
    for q in ("logement", "comite logement", "cv"):
        data = get_json(client, q=q)
        assert "Comité logement" not in titles(data)
        assert data["count"] == len(data["results"])
        assert "logement" not in data["facets"]["categorie"]
        assert "limoilou" not in data["facets"]["quartier"]
        assert "secret-de-brouillon" not in data["facets"]["etiquette"]
        assert "bail" not in data["facets"]["etiquette"]
