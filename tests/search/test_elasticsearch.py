"""Elasticsearch 8: the French analysis chain, the mapping that uses it, and the request bodies
the gate's searches build, checked without a server. The live cases at the end need a cluster:
they are marked `elasticsearch` and deselected by default (README, "Search")."""

import os
import uuid
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation
from elastic_transport import JsonSerializer
from modelsearch.backends import get_search_backend
from modelsearch.index import get_indexed_models
from wagtail.models import Page

from lune_site.settings.environment import search_backends
from search.elasticsearch import FrenchElasticsearchBackend, analysis_settings
from search.gate import autocomplete_pages, search_pages
from search.results import searchable_page_types
from search.views import pages_of_types

ES = "search.elasticsearch"
DECLARED = {"lune_french", "lune_autocomplete", "lune_autocomplete_search"}
BUILT_IN_FILTERS = {"lowercase", "asciifolding"}


@pytest.fixture
def backend():
    """The backend as settings build it (the client connects on the first request only)."""
    backend = get_search_backend(ES, URLS=["http://localhost:9200"], INDEX_PREFIX="lune_")
    assert isinstance(backend, FrenchElasticsearchBackend)
    return backend


def as_json(body):
    """The body as the client sends it (UUIDs, dates...): it must serialize."""
    return JsonSerializer().loads(JsonSerializer().dumps(body))


def walk(properties, prefix=""):
    for name, field in properties.items():
        yield prefix + name, field
        if "properties" in field:
            yield from walk(field["properties"], f"{prefix}{name}.")


# --- Analysis settings and mapping ------------------------------------------------------------


def test_french_analysis_chain(backend):
    analysis = backend.settings["settings"]["analysis"]
    assert analysis["analyzer"]["lune_french"] == {
        "type": "custom",
        "tokenizer": "standard",
        "filter": ["lune_french_elision", "lowercase", "asciifolding", "lune_french_stemmer"],
    }
    elision = analysis["filter"]["lune_french_elision"]
    assert elision["type"] == "elision" and elision["articles_case"] is True
    assert {"l", "d", "qu", "j", "jusqu", "lorsqu"} <= set(elision["articles"])
    assert analysis["filter"]["lune_french_stemmer"] == {
        "type": "stemmer",
        "language": "light_french",
    }
    # Autocomplete folds accents and elides on both sides, without stemming.
    assert analysis["analyzer"]["lune_autocomplete"]["filter"] == [
        "lune_french_elision",
        "lowercase",
        "asciifolding",
        "lune_edge_ngram",
    ]
    assert analysis["analyzer"]["lune_autocomplete_search"]["filter"] == [
        "lune_french_elision",
        "lowercase",
        "asciifolding",
    ]
    # Wagtail's own analyzers stay; no synonyms in the index (they are expanded per query).
    assert {"edgengram_analyzer", "ngram_analyzer"} <= set(analysis["analyzer"])
    assert not any("synonym" in f["type"] for f in analysis["filter"].values())
    for name in DECLARED:
        for token_filter in analysis["analyzer"][name]["filter"]:
            assert token_filter in BUILT_IN_FILTERS or token_filter in analysis["filter"]


def test_index_settings_from_the_settings_still_apply():
    backend = get_search_backend(
        ES, INDEX_SETTINGS={"settings": {"index": {"number_of_shards": 1}}}
    )
    assert backend.settings["settings"]["index"] == {"number_of_shards": 1, "max_ngram_diff": 12}
    assert "lune_french" in backend.settings["settings"]["analysis"]["analyzer"]
    assert analysis_settings() == analysis_settings()  # built fresh, never shared


def test_every_text_field_is_analysed_in_french(backend):
    analyzers = set(backend.settings["settings"]["analysis"]["analyzer"])
    for model in get_indexed_models():
        properties = backend.mapping_class(model).get_mapping()["properties"]
        for name, field in walk(properties):
            if field["type"] != "text":
                continue
            assert field["analyzer"] in analyzers, (model, name)
            if name.endswith("_edgengrams"):  # AutocompleteFields, and the catch-all
                assert field["analyzer"] == "lune_autocomplete"
                assert field["search_analyzer"] == "lune_autocomplete_search"
            else:
                assert field["analyzer"] == "lune_french", (model, name)


def test_resource_mapping_names_the_french_analyzer(backend):
    from resources.models import ResourcePage

    properties = backend.mapping_class(ResourcePage).get_mapping()["properties"]
    assert properties["resources_resourcepage__summary"]["analyzer"] == "lune_french"
    assert properties["resources_resourcepage__tags"]["properties"]["name"]["analyzer"] == (
        "lune_french"
    )
    for catch_all in ("_all_text", "_all_text_boost_2_0", "_all_text_boost_4_0"):
        assert properties[catch_all] == {"type": "text", "analyzer": "lune_french"}
    assert properties["resources_resourcepage__category_id_filter"] == {"type": "long"}
    assert backend.get_index_for_model(ResourcePage).name == "lune_wagtailcore_page"


# --- Query bodies -----------------------------------------------------------------------------


def filters_of(body):
    """Every leaf filter clause of a query body, flattened."""
    found = []

    def collect(clause):
        if isinstance(clause, list):
            for item in clause:
                collect(item)
        elif isinstance(clause, dict):
            if set(clause) & {"term", "terms", "prefix", "range", "match"}:
                found.append(clause)
            for key in ("bool", "must", "must_not", "should", "filter"):
                if key in clause:
                    collect(clause[key])

    collect(body["query"]["bool"]["filter"])
    return found


@pytest.mark.django_db
def test_search_body_with_filters_and_facets(site_tree, backend):
    from resources.models import Category, ResourcePage

    logement = Category.objects.get(slug="logement")
    results = search_pages(
        "logement",
        ResourcePage.objects.filter(women_only=True, category=logement),
        backend=ES,
        synonyms=False,
    )
    body = as_json(results._get_es_body())
    query = body["query"]["bool"]
    assert query["must"] == {
        "multi_match": {
            "query": "logement",
            "fields": ["_all_text", "_all_text_boost_2_0^2.0", "_all_text_boost_4_0^4.0"],
        }
    }
    filters = filters_of(body)
    assert {"match": {"_django_content_type": "resources.ResourcePage"}} in filters
    assert {"term": {"resources_resourcepage__women_only_filter": True}} in filters
    assert {"term": {"resources_resourcepage__category_id_filter": logement.pk}} in filters
    # The gate's conditions are in the body: live, French, outside the closed areas.
    assert {"term": {"live_filter": True}} in filters
    assert {"term": {"locale_id_filter": site_tree.locale_id}} in filters
    closed = [f["prefix"]["path_filter"] for f in filters if "prefix" in f]
    staff = Page.objects.get(url_path__endswith="/equipe/")
    members = Page.objects.get(url_path__endswith="/membres/")
    assert {staff.path, members.path} <= set(closed)
    assert "sort" not in body  # relevance order, Elasticsearch's own

    facet = as_json(results.facet_body("category"))
    assert facet["query"] == body["query"]
    assert facet["aggregations"] == {
        "category": {
            "terms": {
                "field": "resources_resourcepage__category_id_filter",
                "missing": 0,
                "size": 500,
            }
        }
    }
    assert results.facet_body("category_id")["aggregations"]["category_id"]["terms"]["field"] == (
        "resources_resourcepage__category_id_filter"
    )


@pytest.mark.django_db
def test_synonyms_are_expanded_in_the_query_body(site_tree):
    from resources.models import ResourcePage

    body = search_pages("job logement", ResourcePage.objects.all(), backend=ES)._get_es_body()
    per_field = body["query"]["bool"]["must"]["dis_max"]["queries"]
    assert len(per_field) == 3  # _all_text and the two boosted copies
    words = per_field[0]["bool"]["must"]
    assert len(words) == 2  # every word must match...
    job = {next(iter(c["match"]["_all_text"].values())) for c in words[0]["bool"]["should"]}
    assert {"job", "emploi", "travail", "boulot"} <= job  # ...itself or a synonym
    housing = {next(iter(c["match"]["_all_text"].values())) for c in words[1]["bool"]["should"]}
    assert {"logement", "appartement", "loyer", "housing"} <= housing


@pytest.mark.django_db
def test_site_search_body_as_the_view_builds_it(site_tree):
    """The view's search (every searchable type, facet by type) compiles for Elasticsearch."""
    types = searchable_page_types().values()
    results = search_pages("emploi", pages_of_types(types), backend=ES)
    body = as_json(results.facet_body("content_type_id"))
    assert body["aggregations"]["content_type_id"]["terms"]["field"] == "content_type_id_filter"
    filters = filters_of(body)
    type_filter = next(f for f in filters if "content_type_id_filter" in f.get("terms", {}))
    assert len(type_filter["terms"]["content_type_id_filter"]) == len(types)
    assert {"match": {"_django_content_type": "wagtailcore.Page"}} in filters


@pytest.mark.django_db
def test_english_fallback_and_view_restrictions_compile(site_tree, add_page):
    from wagtail.models import Locale, PageViewRestriction

    english = Locale.objects.get(language_code="en")
    shown = add_page("Logement social", "Des logements.")
    shown.copy_for_translation(english, copy_parents=True).save_revision().publish()
    hidden = add_page("Logement secret", "Réservé.")
    PageViewRestriction.objects.create(page=hidden, restriction_type="login")
    with translation.override("en"):
        body = as_json(search_pages("housing", backend=ES)._get_es_body())
    filters = filters_of(body)
    assert {"terms": {"locale_id_filter": [english.pk, site_tree.locale_id]}} in filters
    translated = next(f for f in filters if "translation_key_filter" in f.get("terms", {}))
    assert str(shown.translation_key) in translated["terms"]["translation_key_filter"]
    assert hidden.path in {f["prefix"]["path_filter"] for f in filters if "prefix" in f}


@pytest.mark.django_db
def test_autocomplete_body_uses_title_prefixes(site_tree):
    body = autocomplete_pages("heberg", backend=ES)._get_es_body()
    assert body["query"]["bool"]["must"] == {"match": {"_edgengrams": {"query": "heberg"}}}


# --- search_status ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_search_status_counts_database_index_entries(add_page):
    add_page("Trouver un emploi")
    add_page("Santé sexuelle")
    out = StringIO()
    call_command("search_status", stdout=out)
    text = out.getvalue()
    assert "Moteur « default » : search.backends." in text
    assert "Index wagtailsearch_indexentry" in text
    standard = int(text.split("lune_site.standardpage : ")[1].split()[0])
    assert standard >= 2
    assert "resources.resourcepage : " in text  # an indexed model with no entry shows 0


@pytest.mark.django_db
def test_search_status_refuses_an_unknown_backend():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="inconnu"):
        call_command("search_status", "--backend", "nimporte", stdout=StringIO())


# --- Live cluster (-m elasticsearch) ------------------------------------------------------------


@pytest.fixture
def cluster(settings):
    """Test indexes of their own (`lune_test_<random>_...`) on ELASTICSEARCH_URL's cluster,
    deleted afterwards. Requested before any page is made, so pages index there."""
    url = os.environ.get("ELASTICSEARCH_URL")
    if not url:
        pytest.fail("-m elasticsearch needs ELASTICSEARCH_URL pointing to a cluster")
    prefix = f"lune_test_{uuid.uuid4().hex[:8]}"
    settings.WAGTAILSEARCH_BACKENDS = search_backends(url, index_prefix=prefix)
    backend = get_search_backend()
    assert isinstance(backend, FrenchElasticsearchBackend)
    yield backend
    for name in backend.es.indices.get(index=f"{prefix}_*"):
        backend.es.indices.delete(index=name)


@pytest.fixture
def indexed(cluster, add_page):
    """The site tree and a few pages, indexed (update_index, as a deployment does)."""
    from lune_site.models import ShelterPage

    call_command("update_index", verbosity=0)
    pages = {
        "emploi": add_page("Trouver un emploi", "Curriculum vitae et entrevues."),
        "logement": add_page("L'appartement abordable", "Des logements à loyer modique."),
        "sante": add_page("Santé sexuelle", "Dépistage gratuit."),
        "refuge": add_page("Hébergement d'urgence", model=ShelterPage, intro="Un lit."),
    }
    draft = add_page("Logement brouillon", "Pas encore publié.")
    draft.unpublish()
    cluster.refresh_indexes()
    return pages


def titles(results):
    return {page.title for page in results}


@pytest.mark.elasticsearch
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("logements", "L'appartement abordable"),  # French stemming
        ("appartement", "L'appartement abordable"),  # elision: "L'appartement"
        ("SANTE", "Santé sexuelle"),  # case and accents
        ("depistage", "Santé sexuelle"),
        ("job", "Trouver un emploi"),  # synonyms, on the query side
        ("housing", "L'appartement abordable"),
    ],
)
def test_live_french_search(indexed, query, title):
    assert title in titles(search_pages(query))


@pytest.mark.elasticsearch
@pytest.mark.django_db
def test_live_gate_autocomplete_facets_and_view(indexed, client):
    assert "Logement brouillon" not in titles(search_pages("logement"))
    assert "Hébergement d'urgence" in titles(autocomplete_pages("heberg"))
    assert "Santé sexuelle" in titles(autocomplete_pages("SANT"))
    data = client.get("/recherche/", {"q": "emploi", "format": "json"}).json()
    assert "Trouver un emploi" in {r["title"] for r in data["results"]}
    assert data["count"] == len(data["results"])
    out = StringIO()
    call_command("search_status", stdout=out)
    assert "FrenchElasticsearchBackend" in out.getvalue()
    assert "lune_site.standardpage : " in out.getvalue()
