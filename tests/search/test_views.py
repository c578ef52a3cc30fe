"""The site-wide search page and its JSON answer."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search.results import searchable_page_types

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(add_page):
    from lune_site.models import ShelterPage

    add_page("Trouver un emploi", "Curriculum vitae, entrevues et premier emploi.")
    add_page("Santé sexuelle", "Dépistage gratuit et confidentiel.")
    add_page("Droits et recours", "Comment contester une contravention.")
    add_page(
        "Hébergement d'urgence", model=ShelterPage, intro="Un lit pour la nuit, sans emploi requis."
    )


def get_json(client, query):
    response = client.get("/recherche/", {**query, "format": "json"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


def test_results_are_labelled_with_their_type_and_marked(client, pages):
    body = client.get("/recherche/", {"q": "emploi"}).content.decode()
    assert "Trouver un emploi" in body
    assert "<mark>emploi</mark>" in body
    assert "Page standard" in body
    assert "Page de l&#x27;hébergement" in body or "Page de l'hébergement" in body


def test_json_answer(client, pages):
    data = get_json(client, {"q": "emploi"})
    assert data["count"] == len(data["results"])
    assert {"Trouver un emploi", "Hébergement d'urgence"} <= {r["title"] for r in data["results"]}
    result = next(r for r in data["results"] if r["title"] == "Trouver un emploi")
    assert result["url"] == "/trouver-un-emploi/" or result["url"].endswith("/")
    assert result["type"] == "page standard"
    assert "emploi" in result["excerpt"] and "<mark>" not in result["excerpt"]


def test_type_filter_derived_from_models(client, pages):
    types = searchable_page_types()
    assert {"standardpage", "shelterpage", "homepage"} <= set(types)
    assert "staffareapage" not in types and "membersareapage" not in types
    only_shelter = get_json(client, {"q": "emploi", "type": "shelterpage"})
    assert [r["title"] for r in only_shelter["results"]] == ["Hébergement d'urgence"]
    unknown = get_json(client, {"q": "emploi", "type": ["nimporte", "staffareapage"]})
    assert unknown["count"] == get_json(client, {"q": "emploi"})["count"] >= 2


def test_type_links_show_counts(client, pages):
    body = client.get("/recherche/", {"q": "emploi"}).content.decode()
    assert "type=shelterpage" in body and "(1)" in body


def test_pagination_in_the_database(client, add_page):
    def first_and_last_page(total):
        for _number in range(total - len(titles)):
            titles.append(
                add_page(f"Atelier numéro {len(titles)}", "Un atelier quetzal de cuisine.")
            )
        get_json(client, {"q": "quetzal"})  # warm the caches (content types, site roots)
        with CaptureQueriesContext(connection) as captured:
            data = get_json(client, {"q": "quetzal", "page": "2"})
        assert data["count"] == total
        assert len(data["results"]) == min(10, total - 10)
        return len(captured.captured_queries)

    titles = []
    small = first_and_last_page(15)
    large = first_and_last_page(60)
    assert large == small


def test_english_search_falls_back_to_french_pages(client, pages):
    data = json.loads(client.get("/en/recherche/", {"q": "emploi", "format": "json"}).content)
    assert data["count"] >= 2


def test_empty_query_shows_the_form(client, pages):
    response = client.get("/recherche/")
    assert response.status_code == 200
    assert 'name="q"' in response.content.decode()
    assert get_json(client, {})["count"] == 0


BAD_INPUT = [
    "a" * 100_000,
    "emploi\x00",
    "\x00\x00",
    "?!.;,:-()[]{}",
    '"emploi',
    "emploi'",
    "AND OR NOT",
    "emploi AND",
    "NOT",
    "' OR 1=1; DROP TABLE wagtailcore_page; --",
    'emploi" OR "1"="1',
    "\u200femploi\u202e",
    "🙂🔥 emploi 🏠",
    "*",
    "emploi*",
    "-emploi",
    "NEAR(emploi santé)",
    "title:emploi",
    "\\",
    "%_%",
]


@pytest.mark.parametrize("query", BAD_INPUT)
def test_bad_input_is_answered(client, pages, query):
    for extra in ({}, {"format": "json"}, {"page": "abc"}, {"page": "-1"}, {"type": query[:50]}):
        response = client.get("/recherche/", {"q": query, **extra})
        assert response.status_code == 200
    assert client.get("/recherche/suggestions/", {"q": query}).status_code == 200


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.text(max_size=300), page=st.text(max_size=12))
def test_any_text_is_answered(client, pages, query, page):
    response = client.get("/recherche/", {"q": query, "page": page, "format": "json"})
    assert response.status_code == 200
    assert set(json.loads(response.content)) >= {"count", "results"}


def test_did_you_mean_when_nothing_is_found(client, pages):
    body = client.get("/recherche/", {"q": "santee sexuele"}).content.decode()
    assert "Vouliez-vous dire" in body
    assert "q=sant%C3%A9+sexuelle" in body or "q=santé+sexuelle" in body
    assert "Vouliez-vous dire" not in client.get("/recherche/", {"q": "emploi"}).content.decode()


def test_suggestions_on_titles_without_accents(client, pages):
    response = client.get("/recherche/suggestions/", {"q": "heberg"})
    assert response.status_code == 200
    assert [r["title"] for r in json.loads(response.content)["results"]] == [
        "Hébergement d'urgence"
    ]
    assert json.loads(client.get("/recherche/suggestions/", {"q": ""}).content) == {"results": []}


def test_search_box_include_stands_alone():
    """The include the site header can use: its own ids, the visitor's language."""
    from django.template.loader import render_to_string
    from django.utils import translation

    header = render_to_string(
        "search/includes/search_form.html", {"search_box_id": "header-search"}
    )
    assert 'id="header-search-q"' in header and 'for="header-search-q"' in header
    assert 'action="/recherche/"' in header and 'value=""' in header
    with translation.override("en"):
        english = render_to_string("search/includes/search_form.html", {"query": "emploi"})
    assert 'action="/en/recherche/"' in english and 'id="search-q"' in english
    assert 'value="emploi"' in english


def test_every_public_page_has_the_search_box_in_its_header(client, demo):
    """Searching is one tap from anywhere, in the visitor's language, without JavaScript; the
    search page itself keeps only its own box (one search landmark)."""
    from bs4 import BeautifulSoup

    for path, action in (
        ("/", "/recherche/"),
        ("/a-propos/", "/recherche/"),
        ("/en/", "/en/recherche/"),
    ):
        html = BeautifulSoup(client.get(path).content, "html.parser")
        form = html.select_one("header form[role=search]")
        assert form is not None, path
        assert form["action"] == action and form["method"] == "get"
        box = form.select_one("input[name=q]")
        assert html.select_one(f"label[for={box['id']}]").get_text(strip=True)
    response = client.get("/recherche/", {"q": "emploi"})
    html = BeautifulSoup(response.content, "html.parser")
    assert html.select_one("header form[role=search]") is None
    assert len(html.select("form[role=search]")) == 1
